import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  deleteHolidayOverride,
  HOLIDAY_OVERRIDE_LIMITS,
  listHolidayOverrides,
  loadWorkingDayCalendar,
  saveHolidayOverride,
  type HolidayOverrideInput,
} from '../../app/models/holidays.server'
import { createTestDatabase, type TestDatabase } from '../support/database'

const who = { actorUserId: null, at: new Date('2026-11-29T03:00:00Z'), ip: '127.0.0.1' }
const later = { ...who, at: new Date('2026-11-30T03:00:00Z') }
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(async () => t?.destroy())

async function auditActions() {
  const rows = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'holidayOverride').orderBy('id').execute()
  return rows.map((r) => ({ action: r.action, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }))
}

describe('the township corrections to the holiday calendar', () => {
  it('start empty, and the calendar is then the official one', async () => {
    expect(await listHolidayOverrides(t.db)).toEqual([])
    const calendar = await loadWorkingDayCalendar(t.db)
    expect(calendar.addWorkingDays('2025-09-26', 5)).toEqual({ day: '2025-10-10', uncoveredYears: [] })
  })

  it('saves a day off and a worked Saturday, lists them by day, and the calendar follows them', async () => {
    expect(await saveHolidayOverride(t.db, { day: '2026-03-14', kind: 'workday', note: '  集中入户调查  ' }, who)).toMatchObject({ ok: true, created: true })
    expect(await saveHolidayOverride(t.db, { day: '2026-03-09', kind: 'holiday', note: '' }, who)).toMatchObject({ ok: true, created: true })
    expect(await listHolidayOverrides(t.db)).toEqual([
      { day: '2026-03-09', kind: 'holiday', note: null, updatedAt: '2026-11-29T03:00:00.000Z' },
      { day: '2026-03-14', kind: 'workday', note: '集中入户调查', updatedAt: '2026-11-29T03:00:00.000Z' },
    ])
    const calendar = await loadWorkingDayCalendar(t.db)
    expect(calendar.addWorkingDays('2026-03-06', 1).day).toBe('2026-03-10')
    expect(calendar.addWorkingDays('2026-03-13', 1).day).toBe('2026-03-14')
  })

  it('replaces the correction for a day already corrected instead of adding a second one', async () => {
    const result = await saveHolidayOverride(t.db, { day: '2026-03-14', kind: 'holiday', note: '改为休息' }, later)
    expect(result).toEqual({ ok: true, created: false, override: { day: '2026-03-14', kind: 'holiday', note: '改为休息', updatedAt: '2026-11-30T03:00:00.000Z' } })
    const rows = (await listHolidayOverrides(t.db)).filter((o) => o.day === '2026-03-14')
    expect(rows).toEqual([{ day: '2026-03-14', kind: 'holiday', note: '改为休息', updatedAt: '2026-11-30T03:00:00.000Z' }])
    expect((await loadWorkingDayCalendar(t.db)).isWorkingDay('2026-03-14')).toBe(false)
  })

  it('keeps reporting a year the official calendar does not cover, even with a correction in it', async () => {
    await saveHolidayOverride(t.db, { day: '2027-01-01', kind: 'holiday', note: '元旦（待国务院通知）' }, who)
    const calendar = await loadWorkingDayCalendar(t.db)
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ day: '2027-01-04', uncoveredYears: [2027] })
  })

  it('changes nothing for a day that does not exist, a year out of range, an unknown kind or a note too long', async () => {
    const before = await listHolidayOverrides(t.db)
    const auditBefore = (await auditActions()).length
    const bad: Array<[HolidayOverrideInput, string]> = [
      [{ day: '2026-02-30', kind: 'holiday' }, 'invalidDay'],
      [{ day: '2026/03/20', kind: 'holiday' }, 'invalidDay'],
      [{ day: '1999-10-01', kind: 'holiday' }, 'yearOutOfRange'],
      [{ day: '2026-03-20', kind: 'weekend' as never }, 'invalidKind'],
      [{ day: '2026-03-20', kind: 'holiday', note: '长'.repeat(HOLIDAY_OVERRIDE_LIMITS.note + 1) }, 'noteTooLong'],
    ]
    for (const [input, problem] of bad) expect(await saveHolidayOverride(t.db, input, who)).toEqual({ ok: false, problem })
    expect(await listHolidayOverrides(t.db)).toEqual(before)
    expect(await auditActions()).toHaveLength(auditBefore)
  })

  it('deletes a correction, and says so only when there was one', async () => {
    expect(await deleteHolidayOverride(t.db, '2026-03-09', who)).toBe(true)
    expect(await deleteHolidayOverride(t.db, '2026-03-09', who)).toBe(false)
    expect(await deleteHolidayOverride(t.db, 'not-a-day', who)).toBe(false)
    expect((await listHolidayOverrides(t.db)).map((o) => o.day)).toEqual(['2026-03-14', '2027-01-01'])
    expect((await loadWorkingDayCalendar(t.db)).isWorkingDay('2026-03-09')).toBe(true)
  })

  it('records every change in the audit log, before and after', async () => {
    expect(await auditActions()).toEqual([
      { action: 'holidayOverride.save', before: null, after: { day: '2026-03-14', kind: 'workday', note: '集中入户调查' } },
      { action: 'holidayOverride.save', before: null, after: { day: '2026-03-09', kind: 'holiday', note: null } },
      { action: 'holidayOverride.save', before: { day: '2026-03-14', kind: 'workday', note: '集中入户调查' }, after: { day: '2026-03-14', kind: 'holiday', note: '改为休息' } },
      { action: 'holidayOverride.save', before: null, after: { day: '2027-01-01', kind: 'holiday', note: '元旦（待国务院通知）' } },
      { action: 'holidayOverride.delete', before: { day: '2026-03-09', kind: 'holiday', note: null }, after: null },
    ])
  })
})

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

// issue 11: corrections belong to a township (or a county); `who` is 清河镇's administrator
let who: { actorUserId: null; townshipId: number; at: Date; ip: string }
let later: typeof who
let qinghe: { townshipId: number }
let other: { townshipId: number }
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
  const [a, b] = await Promise.all([
    t.db.insertInto('townships').values({ name: '清河镇', county_name: '青山县' }).returning('id').executeTakeFirstOrThrow(),
    t.db.insertInto('townships').values({ name: '柳林镇', county_name: '青山县' }).returning('id').executeTakeFirstOrThrow(),
  ])
  qinghe = { townshipId: a.id }
  other = { townshipId: b.id }
  who = { actorUserId: null, townshipId: a.id, at: new Date('2026-11-29T03:00:00Z'), ip: '127.0.0.1' }
  later = { ...who, at: new Date('2026-11-30T03:00:00Z') }
})
afterAll(async () => t?.destroy())

async function auditActions() {
  const rows = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'holidayOverride').orderBy('id').execute()
  return rows.map((r) => ({ action: r.action, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }))
}

describe('the township corrections to the holiday calendar', () => {
  it('start empty, and the calendar is then the official one', async () => {
    expect(await listHolidayOverrides(t.db, qinghe)).toEqual([])
    const calendar = await loadWorkingDayCalendar(t.db, qinghe)
    expect(calendar.addWorkingDays('2025-09-26', 5)).toEqual({ day: '2025-10-10', uncoveredYears: [] })
  })

  it('saves a day off and a worked Saturday, lists them by day, and the calendar follows them', async () => {
    expect(await saveHolidayOverride(t.db, { day: '2026-03-14', kind: 'workday', note: '  集中入户调查  ' }, who)).toMatchObject({ ok: true, created: true })
    expect(await saveHolidayOverride(t.db, { day: '2026-03-09', kind: 'holiday', note: '' }, who)).toMatchObject({ ok: true, created: true })
    expect(await listHolidayOverrides(t.db, qinghe)).toEqual([
      { day: '2026-03-09', kind: 'holiday', note: null, updatedAt: '2026-11-29T03:00:00.000Z' },
      { day: '2026-03-14', kind: 'workday', note: '集中入户调查', updatedAt: '2026-11-29T03:00:00.000Z' },
    ])
    const calendar = await loadWorkingDayCalendar(t.db, qinghe)
    expect(calendar.addWorkingDays('2026-03-06', 1).day).toBe('2026-03-10')
    expect(calendar.addWorkingDays('2026-03-13', 1).day).toBe('2026-03-14')
  })

  it('replaces the correction for a day already corrected instead of adding a second one', async () => {
    const result = await saveHolidayOverride(t.db, { day: '2026-03-14', kind: 'holiday', note: '改为休息' }, later)
    expect(result).toEqual({
      ok: true,
      created: false,
      override: { day: '2026-03-14', kind: 'holiday', note: '改为休息', updatedAt: '2026-11-30T03:00:00.000Z' },
    })
    const rows = (await listHolidayOverrides(t.db, qinghe)).filter((o) => o.day === '2026-03-14')
    expect(rows).toEqual([{ day: '2026-03-14', kind: 'holiday', note: '改为休息', updatedAt: '2026-11-30T03:00:00.000Z' }])
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-14')).toBe(false)
  })

  it('keeps reporting a year the official calendar does not cover, even with a correction in it', async () => {
    await saveHolidayOverride(t.db, { day: '2027-01-01', kind: 'holiday', note: '元旦（待国务院通知）' }, who)
    const calendar = await loadWorkingDayCalendar(t.db, qinghe)
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ day: '2027-01-04', uncoveredYears: [2027] })
  })

  it('changes nothing for a day that does not exist, a year out of range, an unknown kind or a note too long', async () => {
    const before = await listHolidayOverrides(t.db, qinghe)
    const auditBefore = (await auditActions()).length
    const bad: Array<[HolidayOverrideInput, string]> = [
      [{ day: '2026-02-30', kind: 'holiday' }, 'invalidDay'],
      [{ day: '2026/03/20', kind: 'holiday' }, 'invalidDay'],
      [{ day: '1999-10-01', kind: 'holiday' }, 'yearOutOfRange'],
      [{ day: '2026-03-20', kind: 'weekend' as never }, 'invalidKind'],
      [{ day: '2026-03-20', kind: 'holiday', note: '长'.repeat(HOLIDAY_OVERRIDE_LIMITS.note + 1) }, 'noteTooLong'],
      [{ day: '2026-03-20', kind: 'holiday', note: '补班\u0000' }, 'noteControlCharacters'],
    ]
    for (const [input, problem] of bad) expect(await saveHolidayOverride(t.db, input, who)).toEqual({ ok: false, problem })
    expect(await listHolidayOverrides(t.db, qinghe)).toEqual(before)
    expect(await auditActions()).toHaveLength(auditBefore)
  })

  it('deletes a correction, and says so only when there was one', async () => {
    expect(await deleteHolidayOverride(t.db, '2026-03-09', who)).toBe(true)
    expect(await deleteHolidayOverride(t.db, '2026-03-09', who)).toBe(false)
    expect(await deleteHolidayOverride(t.db, 'not-a-day', who)).toBe(false)
    expect((await listHolidayOverrides(t.db, qinghe)).map((o) => o.day)).toEqual(['2026-03-14', '2027-01-01'])
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-09')).toBe(true)
  })

  it('records every change in the audit log, before and after', async () => {
    expect(await auditActions()).toEqual([
      { action: 'holidayOverride.save', before: null, after: { day: '2026-03-14', ...qinghe, kind: 'workday', note: '集中入户调查' } },
      { action: 'holidayOverride.save', before: null, after: { day: '2026-03-09', ...qinghe, kind: 'holiday', note: null } },
      {
        action: 'holidayOverride.save',
        before: { day: '2026-03-14', ...qinghe, kind: 'workday', note: '集中入户调查' },
        after: { day: '2026-03-14', ...qinghe, kind: 'holiday', note: '改为休息' },
      },
      { action: 'holidayOverride.save', before: null, after: { day: '2027-01-01', ...qinghe, kind: 'holiday', note: '元旦（待国务院通知）' } },
      { action: 'holidayOverride.delete', before: { day: '2026-03-09', ...qinghe, kind: 'holiday', note: null }, after: null },
    ])
  })
})

// issue 11, finding 15: corrections were global, and any township's administrator edited everyone's working days
describe('corrections are scoped to a township (or a county)', () => {
  it("one township's admin cannot change another township's working days", async () => {
    // 2026-03-16 is a Monday: 清河镇 declares it a day off
    const mine = { ...who, at: new Date('2026-12-01T03:00:00Z') }
    expect(await saveHolidayOverride(t.db, { day: '2026-03-16', kind: 'holiday', note: '本镇另行安排' }, mine)).toMatchObject({ ok: true })
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-16')).toBe(false)
    // the other township's calendar is untouched, and it does not even see the correction
    expect((await loadWorkingDayCalendar(t.db, other)).isWorkingDay('2026-03-16')).toBe(true)
    expect(await listHolidayOverrides(t.db, other)).toEqual([])
    // the other township's admin deleting "2026-03-16" deletes nothing of 清河镇's
    const theirs = { actorUserId: null, townshipId: other.townshipId, at: new Date('2026-12-01T04:00:00Z'), ip: '127.0.0.2' }
    expect(await deleteHolidayOverride(t.db, '2026-03-16', theirs)).toBe(false)
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-16')).toBe(false)
    // and saving the same day in their own township leaves 清河镇's row as it was
    expect(await saveHolidayOverride(t.db, { day: '2026-03-16', kind: 'workday', note: '柳林镇照常上班' }, theirs)).toMatchObject({ ok: true, created: true })
    expect((await listHolidayOverrides(t.db, qinghe)).find((o) => o.day === '2026-03-16')).toMatchObject({ kind: 'holiday', note: '本镇另行安排' })
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'township_id', 'after'])
      .where('entity_type', '=', 'holidayOverride')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'holidayOverride.save', township_id: other.townshipId })
    expect(JSON.parse(audit.after!)).toMatchObject({ day: '2026-03-16', townshipId: other.townshipId })
  })

  it("a county's correction applies to each of its townships, and a township's own correction wins", async () => {
    const county = { actorUserId: null, countyName: '青山县', at: new Date('2026-12-02T03:00:00Z'), ip: '127.0.0.3' }
    // 2026-03-18 is a Wednesday
    expect(await saveHolidayOverride(t.db, { day: '2026-03-18', kind: 'holiday', note: '全县统一安排' }, county)).toMatchObject({ ok: true, created: true })
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-18')).toBe(false)
    expect((await loadWorkingDayCalendar(t.db, other)).isWorkingDay('2026-03-18')).toBe(false)
    await saveHolidayOverride(t.db, { day: '2026-03-18', kind: 'workday', note: '本镇照常' }, { ...who, at: new Date('2026-12-02T04:00:00Z') })
    expect((await loadWorkingDayCalendar(t.db, qinghe)).isWorkingDay('2026-03-18')).toBe(true)
    expect((await loadWorkingDayCalendar(t.db, other)).isWorkingDay('2026-03-18')).toBe(false)
    // a township admin's list holds the township's own corrections only; the county's list its own
    expect((await listHolidayOverrides(t.db, { countyName: '青山县' })).map((o) => o.day)).toEqual(['2026-03-18'])
  })
})

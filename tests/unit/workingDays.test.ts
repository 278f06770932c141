import { afterEach, describe, expect, it, vi } from 'vitest'
import officialJson from 'chinese-days/dist/chinese-days.json'
import { addDays } from '../../workflows/rules/dates'
import { createWorkingDayCalendar, OFFICIAL_CALENDAR, weekday, yearRanges, type ChineseDaysData } from '../../workflows/rules/workingDays'

const official = officialJson as ChineseDaysData
const calendar = createWorkingDayCalendar()
const originalTz = process.env.TZ

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

function everyDay(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d)
  return days
}

describe('the official calendar from chinese-days', () => {
  it('says 2025-10-01 to 2025-10-08 are days off (National Day, with Mid-autumn on 10-06) and Sunday 2025-09-28 and Saturday 2025-10-11 are make-up working days', () => {
    for (const day of everyDay('2025-10-01', '2025-10-08')) {
      const name = day === '2025-10-06' ? '中秋' : '国庆节'
      expect(official.holidays[day], day).toContain(name)
      expect(calendar.describeDay(day)).toEqual({ day, working: false, reason: 'officialHoliday', name, covered: true })
    }
    expect([weekday('2025-09-28'), weekday('2025-10-11')]).toEqual([0, 6])
    expect(official.workdays['2025-09-28']).toContain('国庆节')
    expect(official.workdays['2025-10-11']).toContain('国庆节')
    expect(calendar.describeDay('2025-09-28')).toMatchObject({ working: true, reason: 'officialWorkday', name: '国庆节' })
    expect(calendar.describeDay('2025-10-11')).toMatchObject({ working: true, reason: 'officialWorkday', name: '国庆节' })
  })

  it('says Spring Festival 2026 runs from 2026-02-15 to 2026-02-23 with Saturdays 2026-02-14 and 2026-02-28 worked', () => {
    for (const day of everyDay('2026-02-15', '2026-02-23')) expect(calendar.describeDay(day)).toMatchObject({ working: false, name: '春节' })
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true)
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true)
  })

  it("agrees with the package's own isWorkday on every day from 2004 to 2026 when the server runs in Asia/Shanghai", async () => {
    process.env.TZ = 'Asia/Shanghai'
    vi.resetModules()
    const chineseDays = (await import('chinese-days')).default
    const disagreements = everyDay('2004-01-01', '2026-12-31').filter((day) => chineseDays.isWorkday(day) !== calendar.isWorkingDay(day))
    expect(disagreements).toEqual([])
  })

  it('covers the announced years 2004 to 2026 and not 2027', () => {
    expect(yearRanges(OFFICIAL_CALENDAR.years)).toEqual([[2004, 2026]])
    expect(calendar.coverage('2026-12-31')).toEqual({ year: 2026, covered: true })
    expect(calendar.coverage('2027-01-01')).toEqual({ year: 2027, covered: false })
    expect(calendar.coverage('2003-06-01')).toEqual({ year: 2003, covered: false })
    expect(calendar.yearsNotCovered('2025-06-01', '2028-02-01')).toEqual([2027, 2028])
  })

  it('gives the same answers when the server runs west of UTC, where the package itself is a day off', async () => {
    process.env.TZ = 'America/New_York'
    vi.resetModules()
    const fresh = await import('../../workflows/rules/workingDays')
    const west = fresh.createWorkingDayCalendar()
    expect(west.isWorkingDay('2025-09-28')).toBe(true)
    expect(west.isWorkingDay('2025-09-27')).toBe(false)
    expect(west.isWorkingDay('2025-10-01')).toBe(false)
    expect(west.addWorkingDays('2025-09-26', 5)).toEqual({ day: '2025-10-10', uncoveredYears: [] })
  })
})

describe('a deadline in working days', () => {
  it('counts across the 2025 National Day week: five working days from Friday 2025-09-26 end on Friday 2025-10-10', () => {
    // Sun 09-28 (make-up), Mon 09-29, Tue 09-30, then 10-01..10-08 off, Thu 10-09, Fri 10-10
    expect(calendar.addWorkingDays('2025-09-26', 5)).toEqual({ day: '2025-10-10', uncoveredYears: [] })
    expect(calendar.addWorkingDays('2025-09-30', 1)).toEqual({ day: '2025-10-09', uncoveredYears: [] })
  })

  it('lands on a make-up working weekend: one working day from Friday 2025-10-10 is Saturday 2025-10-11', () => {
    expect(calendar.addWorkingDays('2025-10-10', 1).day).toBe('2025-10-11')
    // Sunday 2025-09-28 is worked, Saturday 2025-09-27 is not
    expect(calendar.addWorkingDays('2025-09-26', 1).day).toBe('2025-09-28')
  })

  it('steps over Spring Festival 2026: from Friday 2026-02-13, one working day is Saturday 02-14 and two are Tuesday 02-24', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1).day).toBe('2026-02-14')
    expect(calendar.addWorkingDays('2026-02-13', 2).day).toBe('2026-02-24')
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-28')).toEqual({ days: 6, uncoveredYears: [] })
  })

  it('does not count the start day, even when it is a working day', () => {
    expect(calendar.addWorkingDays('2026-03-09', 1).day).toBe('2026-03-10')
  })

  it('reports 2027 as not covered when the deadline falls in it, and counts 2027 as plain Monday to Friday', () => {
    // Fri 2026-12-25: 12-28..12-31 are four, then Fri 2027-01-01 (no announced holiday yet) and 01-04..01-08
    const deadline = calendar.addWorkingDays('2026-12-25', 10)
    expect(deadline).toEqual({ day: '2027-01-08', uncoveredYears: [2027] })
    expect(calendar.describeDay('2027-01-01')).toMatchObject({ working: true, reason: 'weekday', covered: false })
  })

  it('reports nothing uncovered for a deadline that stays inside covered years', () => {
    expect(calendar.addWorkingDays('2026-12-21', 4)).toEqual({ day: '2026-12-25', uncoveredYears: [] })
  })

  it('refuses a count below one, a fraction and a day that does not exist', () => {
    expect(() => calendar.addWorkingDays('2026-03-09', 0)).toThrow(RangeError)
    expect(() => calendar.addWorkingDays('2026-03-09', 1.5)).toThrow(RangeError)
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(RangeError)
    expect(() => calendar.isWorkingDay('2026/03/09')).toThrow(RangeError)
  })
})

describe('the township corrections (overrides)', () => {
  it('turns a working day into a holiday', () => {
    const withDayOff = createWorkingDayCalendar([{ day: '2026-03-09', kind: 'holiday' }])
    expect(calendar.addWorkingDays('2026-03-06', 1).day).toBe('2026-03-09')
    expect(withDayOff.addWorkingDays('2026-03-06', 1)).toEqual({ day: '2026-03-10', uncoveredYears: [] })
    expect(withDayOff.describeDay('2026-03-09')).toMatchObject({ working: false, reason: 'override' })
  })

  it('turns a Saturday into a working day', () => {
    const withSaturday = createWorkingDayCalendar([{ day: '2026-03-14', kind: 'workday' }])
    expect(calendar.addWorkingDays('2026-03-13', 1).day).toBe('2026-03-16')
    expect(withSaturday.addWorkingDays('2026-03-13', 1).day).toBe('2026-03-14')
  })

  it('win over the official calendar both ways', () => {
    const corrected = createWorkingDayCalendar([
      { day: '2025-09-28', kind: 'holiday' },
      { day: '2025-10-08', kind: 'workday' },
    ])
    expect(corrected.describeDay('2025-09-28')).toMatchObject({ working: false, reason: 'override', name: '国庆节' })
    expect(corrected.isWorkingDay('2025-10-08')).toBe(true)
    // Mon 09-29, Tue 09-30, Wed 10-08 (worked by override)
    expect(corrected.addWorkingDays('2025-09-26', 3).day).toBe('2025-10-08')
  })

  it('apply in a year the official calendar does not cover, which is still reported', () => {
    const with2027NewYear = createWorkingDayCalendar([{ day: '2027-01-01', kind: 'holiday' }])
    expect(with2027NewYear.addWorkingDays('2026-12-31', 1)).toEqual({ day: '2027-01-04', uncoveredYears: [2027] })
  })

  it('refuse a correction whose day does not exist', () => {
    expect(() => createWorkingDayCalendar([{ day: '2026-02-29', kind: 'holiday' }])).toThrow(RangeError)
  })
})

describe('counting working days between two days', () => {
  it('counts the days after the first up to and including the second, negative when reversed', () => {
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-10')).toEqual({ days: 5, uncoveredYears: [] })
    expect(calendar.workingDaysBetween('2025-10-10', '2025-09-26')).toEqual({ days: -5, uncoveredYears: [] })
    expect(calendar.workingDaysBetween('2025-10-10', '2025-10-10')).toEqual({ days: 0, uncoveredYears: [] })
  })

  it('is the inverse of adding working days, across both holiday weeks and into 2027', () => {
    for (const start of ['2025-09-20', '2025-09-27', '2025-10-04', '2026-02-10', '2026-02-22', '2026-12-20']) {
      for (const n of [1, 2, 3, 5, 8, 13, 21]) {
        const { day, uncoveredYears } = calendar.addWorkingDays(start, n)
        expect(calendar.workingDaysBetween(start, day), `${start} + ${n}`).toEqual({ days: n, uncoveredYears })
      }
    }
  })

  it('reports the uncovered years it crossed', () => {
    expect(calendar.workingDaysBetween('2026-12-25', '2027-01-08')).toEqual({ days: 10, uncoveredYears: [2027] })
  })
})

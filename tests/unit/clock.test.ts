// "Today" is the calendar day in Asia/Shanghai (issue 11, finding 16), checked at 00:30 and 23:30 Shanghai time,
// the two hours where the UTC date and the Shanghai date part.
import { afterEach, describe, expect, it } from 'vitest'
import { today } from '../../app/utils/clock.server'
import { shanghaiDay } from '../../workflows/rules/dates'

const pinned = process.env.APP_NOW
afterEach(() => {
  if (pinned === undefined) delete process.env.APP_NOW
  else process.env.APP_NOW = pinned
})

describe("today's date", () => {
  it('is already 1 December at 00:30 in Shanghai, while it is still 30 November in UTC', () => {
    process.env.APP_NOW = '2026-11-30T16:30:00Z'
    expect(today()).toBe('2026-12-01')
    expect(shanghaiDay(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12-01')
  })

  it('is still 30 November at 23:30 in Shanghai', () => {
    process.env.APP_NOW = '2026-11-30T15:30:00Z'
    expect(today()).toBe('2026-11-30')
  })

  it('turns at midnight in Shanghai, not at midnight UTC', () => {
    expect(shanghaiDay(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30')
    expect(shanghaiDay(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01')
    expect(shanghaiDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })
})

// Property-based tests (fast-check): whatever a person types or a file holds, the parsers and validators never
// throw, and every rejection comes with a Chinese reason.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { zhCN } from '../../app/i18n/zh-CN'
import { fenToYuanInput, MAX_YUAN_FEN, parseYuan } from '../../app/models/households.server'
import { parseVillageAction } from '../../app/forms/villageActions.server'
import { addDays, daysBetween, isDay } from '../../workflows/rules/dates'
import { checkDigit, isKnownRegion, makeIdNumber, parseIdNumber } from '../../workflows/rules/idNumber'
import { hasControlCharacters } from '../../workflows/rules/text'
import { validateWindows } from '../../workflows/rules/windows'
import { createWorkingDayCalendar } from '../../workflows/rules/workingDays'

const day = fc
  .date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const birth = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''))
// issue 11: a valid number has a known region (isKnownRegion): a real province, a prefecture other than 00
// the province codes written out here, independently of the rule under test
const PROVINCES = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' ')
const region = fc
  .tuple(fc.constantFrom(...PROVINCES), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([p, pref, county]) => `${p}${String(pref).padStart(2, '0')}${String(county).padStart(2, '0')}`)
const validId = fc.tuple(region, birth, fc.integer({ min: 0, max: 999 })).map(([r, b, s]) => makeIdNumber(r, b, s))
const toFullWidth = (s: string) => s.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('identity-card numbers, whatever is typed', () => {
  it('never throws, and every rejection has a Chinese reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const result = parseIdNumber(input)
        if (result.ok) {
          expect(result.value).toMatch(/^\d{17}[\dX]$/)
          expect(checkDigit(result.value.slice(0, 17))).toBe(result.value[17])
        } else {
          expect(zhCN.households.errors.idNumber[result.problem]).toMatch(/身份证号/)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts every valid number however it is written: full-width digits, spaces, a lower-case x', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 1, max: 17 }), (id, cut) => {
        const written = `${toFullWidth(id.slice(0, cut))} ${id.slice(cut)}`.toLowerCase()
        expect(parseIdNumber(written)).toEqual({ ok: true, value: id, convertedFrom15: false })
      }),
    )
  })

  it('rejects any single changed digit of a valid number', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, at, delta) => {
        const changed = id.slice(0, at) + String((Number(id[at]) + delta) % 10) + id.slice(at + 1)
        // MOD 11-2 catches every single-digit error (and a changed birth date may not exist at all)
        expect(parseIdNumber(changed).ok).toBe(false)
      }),
    )
  })
})

// issue 11, finding 14
describe('ID numbers: region and birth date', () => {
  const anyRegion = fc.integer({ min: 0, max: 999999 }).map((n) => String(n).padStart(6, '0'))
  it('an ID number born in 2099 or with region 000000 is refused', () => {
    expect(parseIdNumber(makeIdNumber('000000', '19800101', 1))).toEqual({ ok: false, problem: 'region' })
    expect(parseIdNumber(makeIdNumber('110105', '20990101', 1))).toEqual({ ok: false, problem: 'birthFuture' })
    fc.assert(
      fc.property(anyRegion, birth, fc.integer({ min: 0, max: 999 }), (r, b, s) => {
        const result = parseIdNumber(makeIdNumber(r, b, s), { today: '2026-11-29' })
        // accepted exactly when the region is known (the birth dates here are all in the past)
        expect(result.ok).toBe(isKnownRegion(r))
        if (!result.ok) expect(result.problem).toBe('region')
        // an unknown province or a 00 prefecture is never known (outside 71/81/82/83, which may be whole-region codes)
        if (!PROVINCES.includes(r.slice(0, 2)) && !['71', '81', '82', '83'].includes(r.slice(0, 2))) expect(isKnownRegion(r)).toBe(false)
        if (PROVINCES.includes(r.slice(0, 2)) && r.slice(2, 4) === '00') expect(isKnownRegion(r)).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses every birth date after today, and accepts every one up to it', () => {
    const anyDay = fc
      .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(anyDay, day, (b, today) => {
        const result = parseIdNumber(makeIdNumber('110105', b.replaceAll('-', ''), 1), { today })
        expect(result.ok).toBe(b <= today)
        if (!result.ok) expect(result.problem).toBe('birthFuture')
      }),
    )
  })
})

describe('text fields', () => {
  it('flag every string with a NUL or another control character; long text keeps newline, carriage return and tab', () => {
    const control = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\u2028', '\u202e', '\u2066')
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), control, fc.string({ maxLength: 20 }), (a, c, b) => {
        expect(hasControlCharacters(a + c + b)).toBe(true)
        expect(hasControlCharacters(a + c + b, { multiline: true })).toBe(true)
      }),
    )
    fc.assert(
      fc.property(fc.array(fc.constantFrom('低', '保', 'a', '1', ' ', '\n', '\t', '\r', '，', 'X'), { maxLength: 40 }), (chars) => {
        const text = chars.join('')
        expect(hasControlCharacters(text, { multiline: true })).toBe(false)
        expect(hasControlCharacters(text)).toBe(/[\n\t\r]/.test(text))
      }),
    )
  })
})

describe('amounts in yuan', () => {
  it('never throws, and every rejection has a reason', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const result = parseYuan(input)
        if (result.ok) expect(Number.isInteger(result.fen) && result.fen >= 0 && result.fen <= MAX_YUAN_FEN).toBe(true)
        else expect(['format', 'negative', 'decimals', 'tooLarge']).toContain(result.problem)
      }),
      { numRuns: 2000 },
    )
  })

  it('turns every amount in fen into yuan and back exactly, without floating-point loss', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_YUAN_FEN }), (fen) => {
        expect(parseYuan(fenToYuanInput(fen))).toEqual({ ok: true, fen })
      }),
    )
  })
})

describe('calendar days and working days', () => {
  it('adds and counts days consistently, and never mistakes garbage for a day', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3000, max: 3000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n)
      }),
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        expect(typeof isDay(s)).toBe('boolean')
      }),
    )
  })

  it('puts a deadline of N working days on a working day, exactly N working days later', () => {
    const calendar = createWorkingDayCalendar()
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const { day: deadline } = calendar.addWorkingDays(start, n)
        expect(deadline > start).toBe(true)
        expect(calendar.isWorkingDay(deadline)).toBe(true)
        expect(calendar.workingDaysBetween(start, deadline).days).toBe(n)
      }),
      { numRuns: 300 },
    )
  })
})

describe('forms, whatever is posted', () => {
  it('never throws on phase windows, and words every problem in Chinese', () => {
    const phase = fc.constantFrom('mobilisation' as const, 'fullInspection' as const, 'supervision' as const, 'summary' as const)
    const dateLike = fc.oneof(day, fc.string({ maxLength: 12 }))
    fc.assert(
      fc.property(fc.array(fc.record({ phase, starts_on: dateLike, ends_on: dateLike }), { maxLength: 6 }), (windows) => {
        for (const p of validateWindows(windows)) expect(zhCN.campaignWindows[p.code]).toBeTruthy()
      }),
      { numRuns: 1000 },
    )
  })

  it('answers a malformed village-page post with nothing rather than an exception', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('intent', 'version', 'reason', 'itemId', 'doneOn', 'note', 'x'), fc.string({ maxLength: 30 })), (fields) => {
        const form = new FormData()
        for (const [k, v] of Object.entries(fields)) form.append(k, v)
        const parsed = parseVillageAction(form)
        if (parsed) expect(['workflow', 'checklist']).toContain(parsed.kind)
      }),
      { numRuns: 1000 },
    )
  })
})

// Issue 12: one format module (app/utils/format.ts). Six money formatters and several percentage and date helpers
// used to live in pages, charts, exports, the CSV and messages; they are one module now. These tests check that every
// form of an amount says the same amount, that each form writes exactly what its old formatter wrote (behaviour does
// not change), and that no file under app/ formats money, percentages or Beijing times on its own again.
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fenToYuanInput, MAX_YUAN_FEN, parseYuan } from '../../app/models/households.server'
import { beijingTime as i18nBeijingTime, yuan as i18nYuan } from '../../app/i18n'
import {
  beijingTime,
  chineseDate,
  countText,
  percentFloor,
  percentFloorText,
  yuan,
  yuanBrief,
  yuanCell,
  yuanCsv,
  yuanDigits,
  yuanInput,
} from '../../app/utils/format'

const fen = fc.integer({ min: 0, max: MAX_YUAN_FEN })
const anyFen = fc.integer({ min: -MAX_YUAN_FEN, max: MAX_YUAN_FEN })

/** What each formatter wrote before issue 12, copied from the tree at f962cd1, as the reference. */
const before = {
  /** app/i18n/index.ts yuan, and app/components/ChartPanels.tsx money */
  page: (f: number) => `¥${(f / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
  /** app/models/exports.server.ts yuanText (the summary report) */
  text: (f: number) => {
    const sign = f < 0 ? '-' : ''
    const abs = Math.abs(Math.round(f))
    return `${sign}${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`
  },
  /** app/models/exports.server.ts yuanNumber (spreadsheet cells) */
  cell: (f: number) => Math.round(f) / 100,
  /** app/models/county.server.ts yuanNumber (dashboard.csv) */
  csv: (f: number) => (f / 100).toFixed(2),
  /** app/models/amountLimits.server.ts yuanText (limits quoted in messages) */
  brief: (f: number) => {
    const whole = Math.floor(f / 100).toLocaleString('en-US')
    const rest = f % 100
    return `¥${whole}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`
  },
  /** app/models/households.server.ts fenToYuanInput (a form's yuan field) */
  input: (f: number) => {
    const whole = Math.floor(f / 100)
    const rest = f % 100
    return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`
  },
  /** app/i18n/index.ts beijingTime */
  time: (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
}

describe('money', () => {
  it('reads the same amount on the page, in a document, in the CSV and in a spreadsheet cell, for any amount', () => {
    fc.assert(
      fc.property(anyFen, (f) => {
        const page = yuan(f)
        const text = yuanDigits(f)
        const csv = yuanCsv(f)
        expect(page).toBe(`¥${text}`)
        expect(text.replace(/,/g, '')).toBe(csv)
        expect(Number(csv)).toBe(yuanCell(f))
        expect(Math.round(Number(csv) * 100)).toBe(f)
        expect(yuanBrief(f).replace(/,/g, '')).toBe(`¥${yuanInput(f)}`)
        expect(Number(yuanInput(f))).toBe(yuanCell(f))
      }),
      { numRuns: 2000 },
    )
  })

  it('writes exactly what each of the six old formatters wrote', () => {
    fc.assert(
      fc.property(fen, (f) => {
        expect(yuan(f)).toBe(before.page(f))
        expect(yuanDigits(f)).toBe(before.text(f))
        expect(yuanCell(f)).toBe(before.cell(f))
        expect(yuanCsv(f)).toBe(before.csv(f))
        expect(yuanBrief(f)).toBe(before.brief(f))
        expect(yuanInput(f)).toBe(before.input(f))
        expect(fenToYuanInput(f)).toBe(before.input(f))
      }),
      { numRuns: 2000 },
    )
    for (const f of [0, 1, 9, 10, 99, 100, 101, 100_000, 123_450, 99_999_999, MAX_YUAN_FEN, -1, -123_450]) {
      expect(yuan(f), String(f)).toBe(before.page(f))
      expect(yuanDigits(f), String(f)).toBe(before.text(f))
      expect(yuanCsv(f), String(f)).toBe(before.csv(f))
      expect(yuanCell(f), String(f)).toBe(before.cell(f))
    }
    expect([yuan(123_450), yuanDigits(123_450), yuanCsv(123_450), yuanCell(123_450), yuanBrief(1_000_000), yuanInput(38_050)]).toEqual([
      '¥1,234.50',
      '1,234.50',
      '1234.50',
      1234.5,
      '¥10,000',
      '380.50',
    ])
  })

  it('round-trips through the form: what a yuan field shows is read back as the same fen', () => {
    fc.assert(
      fc.property(fen, (f) => {
        expect(parseYuan(yuanInput(f))).toEqual({ ok: true, fen: f })
      }),
    )
  })

  it('is the same function the pages read from ~/i18n', () => {
    expect(i18nYuan).toBe(yuan)
    expect(i18nBeijingTime).toBe(beijingTime)
  })
})

describe('counts', () => {
  it('write what toLocaleString wrote in the summary report: 4,320', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (n) => {
        expect(countText(n)).toBe(n.toLocaleString('zh-CN'))
      }),
    )
    expect(countText(4320)).toBe('4,320')
  })
})

describe('percentages and dates', () => {
  it('round percentages down, as text with one decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (total, n) => {
        const done = Math.min(n, total)
        expect(percentFloor(done, total)).toBeLessThanOrEqual((done / total) * 100)
        expect(Number(percentFloorText(done, total))).toBe(percentFloor(done, total))
        if (done < total) expect(percentFloor(done, total)).toBeLessThan(100)
      }),
    )
  })

  it('write a Shanghai day in Chinese and an instant in Beijing time', () => {
    expect(chineseDate('2026-11-29')).toBe('2026年11月29日')
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日')
    expect(beijingTime('2026-11-29T16:30:00.000Z')).toBe('2026-11-30 00:30')
    // SQLite's CURRENT_TIMESTAMP: UTC without a zone, read as UTC whatever the machine's time zone
    expect(beijingTime('2026-11-29 16:30:00')).toBe('2026-11-30 00:30')
    expect(beijingTime('2026-11-29T16:30:00+08:00')).toBe('2026-11-29 16:30')
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        expect(beijingTime(d.toISOString())).toBe(before.time(d.toISOString()))
        const day = beijingTime(d.toISOString()).slice(0, 10)
        const [y, m, dd] = day.split('-').map(Number)
        expect(chineseDate(day)).toBe(`${y}年${m}月${dd}日`)
      }),
    )
  })
})

describe('the one format module', () => {
  it('is the only file under app/ that turns money, percentages or instants into text', () => {
    const root = path.resolve(__dirname, '../../app')
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (/\.tsx?$/.test(entry.name)) files.push(full)
      }
    }
    walk(root)
    // the marks of a formatter written by hand: Intl number formats, fixed decimals, a stripped ¥, a +8 h shift
    const marks = /Intl\.NumberFormat|minimumFractionDigits|toFixed\(2\)|replace\('¥'|\* 1000\) \/|8 \* 3600_?000/
    const offenders = files
      .filter((f) => path.relative(root, f) !== path.join('utils', 'format.ts'))
      .filter((f) => marks.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f))
    expect(offenders).toEqual([])
  })
})

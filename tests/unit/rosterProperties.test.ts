// Property-based tests (fast-check) of the importer's row rules: whatever a spreadsheet cell holds — text,
// numbers, blanks, junk — judging a row never throws, and every rejection carries a Chinese reason.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { zhCN } from '../../app/i18n/zh-CN'
import { detectHeader } from '../../app/models/rosterImport/header.server'
import { parseAmountCell, parseCountCell, parseIdCell, villageMatcher, type Cell } from '../../app/models/rosterImport/rules.server'
import { normaliseRow } from '../../app/models/rosterImport/verdicts.server'
import { ROSTER_HEADERS } from '../support/rosterHeaders'

const HEADERS = ROSTER_HEADERS
const mapping = detectHeader([HEADERS])!.mapping
const ctx = {
  mapping,
  findVillage: villageMatcher([
    { id: 1, name: '东风村' },
    { id: 2, name: '河东村' },
  ]),
  defaultVillage: null,
  onlyVillageId: null,
}
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.constant(null),
  fc.constantFrom('东风村', '河东村村委会', '3人', '¥380', '1,200.00', '11010519491231002x', '合计'),
)

describe('import rows, whatever the cells hold', () => {
  it('never throws, and words every rejection in Chinese', () => {
    const messages = zhCN.rosterImport.problems as Record<string, string>
    fc.assert(
      fc.property(fc.array(cell, { minLength: 0, maxLength: 14 }), fc.integer({ min: 2, max: 100_000 }), (cells, sheetRow) => {
        const row = normaliseRow({ sheetRow, cells }, ctx)
        for (const p of row.problems) expect(messages[p.code], p.code).toMatch(/\S/)
        if (row.problems.length === 0) expect(row.values).toBeTruthy()
      }),
      { numRuns: 2000 },
    )
  })

  it('reads single cells without throwing: ID numbers, amounts and counts', () => {
    fc.assert(
      fc.property(cell, (c) => {
        expect(typeof parseIdCell(c).ok).toBe('boolean')
        const amount = parseAmountCell(c)
        if (amount.ok) expect(Number.isInteger(amount.fen) && amount.fen > 0).toBe(true)
        const count = parseCountCell(c)
        expect(count === null || count === 'invalid' || Number.isInteger(count)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})

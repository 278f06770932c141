// What the import preview says about the file beyond its rows: its format, every sheet with its rows and state (and
// a link to import another roster sheet instead), the hidden rows left out or included (包括隐藏行), and the columns
// no field takes, whose text goes to the household's notes. Built from the analysis; used by ../rosterImport.server.ts.
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import type { RosterAnalysis } from './preview.server'
import { choiceParams } from './upload.server'

const s = t.rosterImport.sheets
/** hidden rows named by number in the preview; the count is always complete */
const HIDDEN_ROWS_SHOWN = 50

export interface SheetsView {
  kind: string
  sheets: Array<{ key: string; text: string; chosen: boolean; chooseHref: string | null; chooseText: string | null }>
  hiddenChosen: string | null
  hiddenRows: { text: string; included: boolean; params: Array<[string, string]> } | null
  extraColumns: string | null
}

export function sheetsView(analysis: Extract<RosterAnalysis, { ok: true }>, token: string): SheetsView {
  const { sheet } = analysis
  const rosterNames = new Set([sheet.sheetName, ...sheet.otherRosterSheets])
  // another roster sheet: the preview again with that sheet, the mapping detected afresh (its columns differ)
  const chooseHref = (name: string) => {
    const params = new URLSearchParams([
      ['upload', token],
      ['sheet', name],
    ])
    if (analysis.hiddenRowsIncluded) params.set('hidden', '1')
    return `/import?${params}`
  }
  const sheets = analysis.sheets.map((summary, index) => {
    const chosen = summary.name === sheet.sheetName
    const roster = summary.roster && rosterNames.has(summary.name)
    const text =
      format(s.item, { name: summary.name ?? '', state: summary.hidden ? s.hidden : s.visible, rows: summary.rows }) +
      (chosen ? s.chosen : roster ? '' : s.notRoster)
    return {
      key: `${index}:${summary.name ?? ''}`,
      text,
      chosen,
      chooseHref: !chosen && roster && summary.name !== null ? chooseHref(summary.name) : null,
      chooseText: !chosen && roster && summary.name !== null ? format(s.choose, { name: summary.name }) : null,
    }
  })
  const hidden = analysis.hiddenRows
  const listed = hidden.slice(0, HIDDEN_ROWS_SHOWN).join('、') + (hidden.length > HIDDEN_ROWS_SHOWN ? s.more : '')
  const withoutHidden = choiceParams(analysis).filter(([name]) => name !== 'hidden')
  return {
    kind: s.kinds[sheet.kind],
    // a CSV has one sheet without a name: nothing to list
    sheets: sheet.kind === 'csv' ? [] : sheets,
    // read because no visible sheet is a roster (one the user chose is not warned about)
    hiddenChosen:
      sheet.hidden && sheet.sheetName !== null && !analysis.sheets.some((x) => x.roster && !x.hidden)
        ? format(s.hiddenChosen, { name: sheet.sheetName })
        : null,
    hiddenRows: hidden.length
      ? {
          text: format(analysis.hiddenRowsIncluded ? s.hiddenRowsIncluded : s.hiddenRowsExcluded, { count: hidden.length, rows: listed }),
          included: analysis.hiddenRowsIncluded,
          params: withoutHidden,
        }
      : null,
    extraColumns: analysis.extraColumns.length
      ? format(s.extraColumns, {
          columns: analysis.extraColumns
            .map((c) => format(t.rosterImport.mapping.column, { n: c.index + 1, header: c.header }))
            .join(t.rosterImport.mapping.listSeparator),
        })
      : null,
  }
}

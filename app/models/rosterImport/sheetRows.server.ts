// What a roster sheet holds besides the mapped columns: rows hidden in the spreadsheet (left out of the import unless
// the user includes them: 包括隐藏行) and columns that map to no field (a second 备注, 开户银行…), whose text is kept
// in the household's notes as "列名：值" rather than dropped. Used by ./preview.server.ts prepare().
import { cellText, TEXT_LIMITS, type ColumnMapping, type RosterField } from './rules.server'
import type { NormalisedRow, SourceRow } from './verdicts.server'

export interface ExtraColumn {
  index: number
  /** the header as written, without white space */
  header: string
}

/** The rows to import: without the hidden ones unless the user includes them. */
export function visibleRows(rows: SourceRow[], hiddenRows: readonly number[], includeHidden: boolean): SourceRow[] {
  if (includeHidden || hiddenRows.length === 0) return rows
  const hidden = new Set(hiddenRows)
  return rows.filter((row) => !hidden.has(row.sheetRow))
}

/** Columns with a header that no field takes. */
export function extraColumnsOf(headers: readonly string[], columnFields: ReadonlyArray<RosterField | null>): ExtraColumn[] {
  return headers.flatMap((header, index) => {
    const bare = header.replace(/\s+/g, '')
    return columnFields[index] === null && bare !== '' ? [{ index, header: bare }] : []
  })
}

const SEPARATOR = '；'

/**
 * The mapping to normalise rows with, and each row with its extra columns' text added to its notes ("备注2：…"): in
 * the notes column, or in a column past the sheet's own when the file has none. The added text is cut to fit the
 * notes' limit (the row's own notes over the limit are still refused as too long).
 */
export function notesWithExtraColumns(
  mapping: ColumnMapping,
  headers: readonly string[],
  extra: readonly ExtraColumn[],
): { mapping: ColumnMapping; withNotes: (row: SourceRow) => SourceRow } {
  if (extra.length === 0) return { mapping, withNotes: (row) => row }
  const notesColumn = mapping.notes ?? headers.length
  return {
    mapping: { ...mapping, notes: notesColumn },
    withNotes: (row) => {
      const added = extra.flatMap((c) => {
        const value = cellText(row.cells[c.index] ?? null).trim()
        return value ? [`${c.header}：${value}`] : []
      })
      if (added.length === 0) return row
      const own = cellText(row.cells[notesColumn] ?? null).trim()
      let text = [own, ...added].filter(Boolean).join(SEPARATOR)
      if (own.length <= TEXT_LIMITS.notes && text.length > TEXT_LIMITS.notes) text = `${text.slice(0, TEXT_LIMITS.notes - 1)}…`
      const cells = row.cells.slice()
      while (cells.length <= notesColumn) cells.push(null)
      cells[notesColumn] = text
      return { ...row, cells }
    },
  }
}

/** The rows as the file has them again (the rejected rows' file is the user's own, not the merged notes). */
export function withOwnCells(rows: NormalisedRow[], source: readonly SourceRow[]): NormalisedRow[] {
  const own = new Map(source.map((row) => [row.sheetRow, row.cells]))
  return rows.map((row) => {
    const cells = own.get(row.sheetRow)
    return cells && cells !== row.cells ? { ...row, cells } : row
  })
}

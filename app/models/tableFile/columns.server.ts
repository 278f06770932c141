// Finding a header row and its columns by their text, for any office file read by ./read.server.ts (the payment
// ledger, other departments' lists). Pure. The roster has its own, richer rules (../rosterImport/header.server.ts).
import { normaliseHeader } from '../rosterImport/header.server'
import { cellText, type Cell } from '../rosterImport/rules.server'

export interface ColumnSpec<K extends string> {
  key: K
  /** header texts that name this column, compared without spaces, line breaks or what is in brackets */
  names: readonly string[]
  /** a looser test on the bare text, tried only when no column has one of `names` */
  loose?: (bare: string) => boolean
  required?: boolean
}

export interface LocatedColumns<K extends string> {
  /** index of the header row in the rows given */
  headerIndex: number
  headers: string[]
  columns: Partial<Record<K, number>>
}

/** The header is looked for in a sheet's first rows. */
export const HEADER_SCAN_ROWS = 30

/**
 * The first row, among the first HEADER_SCAN_ROWS, where every required column is found. Each column is taken once:
 * an exact name wins over a loose match, and among equals the leftmost.
 */
export function locateColumns<K extends string>(rows: readonly (readonly Cell[])[], spec: readonly ColumnSpec<K>[]): LocatedColumns<K> | null {
  for (let index = 0; index < Math.min(rows.length, HEADER_SCAN_ROWS); index++) {
    const headers = rows[index].map((cell) => cellText(cell))
    const columns = matchColumns(headers, spec)
    if (spec.every((s) => !s.required || columns[s.key] !== undefined)) return { headerIndex: index, headers, columns }
  }
  return null
}

export function matchColumns<K extends string>(headers: readonly string[], spec: readonly ColumnSpec<K>[]): Partial<Record<K, number>> {
  const forms = headers.map((h) => normaliseHeader(h))
  const taken = new Set<number>()
  const columns: Partial<Record<K, number>> = {}
  for (const s of spec) {
    const names = new Set(s.names.map((n) => normaliseHeader(n).bare))
    const at = forms.findIndex((f, i) => !taken.has(i) && f.bare !== '' && (names.has(f.bare) || names.has(f.flat)))
    if (at >= 0) {
      columns[s.key] = at
      taken.add(at)
    }
  }
  for (const s of spec) {
    const loose = s.loose
    if (columns[s.key] !== undefined || !loose) continue
    const at = forms.findIndex((f, i) => !taken.has(i) && f.bare !== '' && loose(f.bare))
    if (at >= 0) {
      columns[s.key] = at
      taken.add(at)
    }
  }
  return columns
}

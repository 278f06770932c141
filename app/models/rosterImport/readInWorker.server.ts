// An uploaded roster is read in a worker thread, never on the request thread: however hostile the file, the server
// keeps answering, and a read that takes longer than the limit is stopped and refused ('timeout'). The reader's own
// limits (XLSX_LIMITS: inflated bytes, rows, cells) stop most hostile files long before the time limit.
// docs/decisions/007-untrusted-files-and-workers.md.
import { runInWorker } from '../../utils/workers.server'
import type { ReadResult } from './read.server'
import type { SourceRow } from './verdicts.server'
import { workerReadProblem } from '../tableFile/readTypes.server'

/** ROSTER_PARSE_TIME_LIMIT_MS, default 20 s for the web; the command line sets 5 minutes (seed/import-roster.ts). */
export function rosterParseTimeLimitMs(): number {
  const limit = Number(process.env.ROSTER_PARSE_TIME_LIMIT_MS)
  return Number.isFinite(limit) && limit > 0 ? limit : 20_000
}

export async function readRosterFileInWorker(content: Uint8Array, options: { sheetName?: string | null; fileName?: string | null } = {}): Promise<ReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  // the rows arrive in batches as the worker reads them, by sheet, then the answer with whatever rows are left
  const parts = new Map<number, SourceRow[]>()
  const outcome = await runInWorker<ReadResult>({
    entry: 'app/workers/readRoster.worker.ts',
    input: { content, sheetName: options.sheetName ?? null, fileName: options.fileName ?? null },
    timeLimitMs: rosterParseTimeLimitMs(),
    memoryMb: 1024,
    onPart: (part) => {
      const { sheetIndex, rows } = part as { sheetIndex: number; rows: SourceRow[] }
      const list = parts.get(sheetIndex) ?? []
      for (const row of rows) list.push(row)
      parts.set(sheetIndex, list)
    },
  })
  if (outcome.ok) {
    const read = outcome.value
    if (!read.ok) return read
    const rosterSheets = read.rosterSheets.map((sheet) => {
      const rows = parts.get(sheet.sheetIndex) ?? []
      for (const row of sheet.rows) rows.push(row)
      return { ...sheet, rows }
    })
    const sheet = rosterSheets.find((s) => s.sheetIndex === read.sheet.sheetIndex) ?? rosterSheets[0]
    return { ok: true, sheet, rosterSheets }
  }
  return { ok: false, problem: workerReadProblem(outcome.reason) }
}

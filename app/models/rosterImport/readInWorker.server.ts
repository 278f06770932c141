// An uploaded roster is read in a worker thread, never on the request thread: however hostile the file, the server
// keeps answering, and a read that takes longer than the limit is stopped and refused ('timeout'). The reader's own
// limits (XLSX_LIMITS: inflated bytes, rows, cells) stop most hostile files long before the time limit.
// docs/decisions/007-untrusted-files-and-workers.md.
import { runInWorker } from '../../utils/workers.server'
import type { ReadResult } from './read.server'
import type { SourceRow } from './verdicts.server'

/** ROSTER_PARSE_TIME_LIMIT_MS, default 20 s for the web; the command line sets 5 minutes (seed/import-roster.ts). */
export function rosterParseTimeLimitMs(): number {
  const limit = Number(process.env.ROSTER_PARSE_TIME_LIMIT_MS)
  return Number.isFinite(limit) && limit > 0 ? limit : 20_000
}

export async function readRosterFileInWorker(content: Uint8Array): Promise<ReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  // the rows arrive in batches as the worker reads them, then the answer with whatever rows are left
  const rows: SourceRow[] = []
  const outcome = await runInWorker<ReadResult>({
    entry: 'app/workers/readRoster.worker.ts',
    input: { content },
    timeLimitMs: rosterParseTimeLimitMs(),
    memoryMb: 1024,
    onPart: (part) => {
      for (const row of part as SourceRow[]) rows.push(row)
    },
  })
  if (outcome.ok) {
    if (!outcome.value.ok) return outcome.value
    for (const row of outcome.value.sheet.rows) rows.push(row)
    return { ok: true, sheet: { ...outcome.value.sheet, rows } }
  }
  switch (outcome.reason) {
    case 'timeout':
      return { ok: false, problem: 'timeout' }
    case 'busy':
      return { ok: false, problem: 'busy' }
    case 'outOfMemory':
      return { ok: false, problem: 'tooBig' }
    default:
      return { ok: false, problem: 'unreadable' }
  }
}

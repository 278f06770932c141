// An uploaded office file is read in a worker thread, never on the request thread (docs/decisions/007-untrusted-files-
// and-workers.md, 012-office-file-formats.md): however hostile the file, the server keeps answering; a read past the
// time limit is stopped ('timeout'), one past the worker's memory is refused as too big.
import { runInWorker } from '../../utils/workers.server'
import type { TableReadResult } from './read.server'
import { workerReadProblem } from './readTypes.server'

/** TABLE_PARSE_TIME_LIMIT_MS, default 20 s (the web); a command line may pass its own. */
export function tableParseTimeLimitMs(): number {
  const limit = Number(process.env.TABLE_PARSE_TIME_LIMIT_MS)
  return Number.isFinite(limit) && limit > 0 ? limit : 20_000
}

export async function readTableFileInWorker(content: Uint8Array, options: { timeLimitMs?: number; fileName?: string | null } = {}): Promise<TableReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  const outcome = await runInWorker<TableReadResult>({
    entry: 'app/workers/readTable.worker.ts',
    input: { content, fileName: options.fileName ?? null },
    timeLimitMs: options.timeLimitMs ?? tableParseTimeLimitMs(),
    memoryMb: 1536,
  })
  if (outcome.ok) return outcome.value
  return { ok: false, problem: workerReadProblem(outcome.reason) }
}

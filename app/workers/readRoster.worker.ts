// Worker thread: reads one uploaded roster file at a time (app/models/rosterImport/readInWorker.server.ts sends it,
// with a time limit; app/utils/workers.server.ts runs the thread).
import { readRosterFile, type ReadResult } from '../models/rosterImport/read.server'
import type { SourceRow } from '../models/rosterImport/verdicts.server'

/** The rows go to the request thread in batches as they are read, so this thread never holds them all. */
export function handle(
  input: { content: Uint8Array; sheetName?: string | null; fileName?: string | null },
  send: (part: { sheetIndex: number; rows: SourceRow[] }) => void,
): Promise<ReadResult> {
  return readRosterFile(input.content, {
    sheetName: input.sheetName ?? null,
    fileName: input.fileName ?? null,
    onRows: (sheetIndex, rows) => send({ sheetIndex, rows }),
  })
}

// Worker thread: reads one uploaded office file (a ledger, a department's list, a roster in a legacy format) at a time;
// app/models/tableFile/readInWorker.server.ts sends it with a time limit, app/utils/workers.server.ts runs the thread.
import { readTableFile, type TableReadResult } from '../models/tableFile/read.server'

export function handle(input: { content: Uint8Array; fileName?: string | null }): Promise<TableReadResult> {
  return readTableFile(input.content, { fileName: input.fileName ?? null })
}

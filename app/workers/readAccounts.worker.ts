// Worker thread: reads one uploaded account list at a time (app/models/accountImport.server.ts sends it, with a time
// limit; app/utils/workers.server.ts runs the thread). A list is at most a few thousand rows: one answer, no parts.
import { readAccountFile, type AccountReadResult } from '../models/accountImport/read.server'

export function handle(input: { content: Uint8Array }): Promise<AccountReadResult> {
  return readAccountFile(input.content)
}

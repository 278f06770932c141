// A payment ledger file from the web page or the command line: read in a worker thread with the office-file reader
// (../tableFile/readInWorker.server.ts, docs/decisions/012-office-file-formats.md), then imported and compared
// (./import.server.ts). Who may import: a township's leaders, administrators and 镇民政所 accounts, for their own township.
import type { DB } from '../../../db/connection.server'
import type { CurrentUser } from '../../utils/auth.server'
import { tableReadProblemText } from '../tableFile/read.server'
import { readTableFileInWorker } from '../tableFile/readInWorker.server'
import type { TableReadProblem } from '../tableFile/readTypes.server'
import { importLedger, ledgerImportProblemText, type LedgerActor, type LedgerImportProblem, type LedgerImportResult } from './import.server'

export type LedgerFileResult = Extract<LedgerImportResult, { ok: true }> | { ok: false; text: string; problem: LedgerImportProblem | TableReadProblem }

/** Read the file (in a worker) and import it; a refusal comes with its Chinese text. */
export async function importLedgerFile(
  db: DB,
  req: { townshipId: number; month: string | null; file: { name: string; content: Uint8Array }; today: string; actor: LedgerActor; timeLimitMs?: number },
): Promise<LedgerFileResult> {
  const read = await readTableFileInWorker(req.file.content, { fileName: req.file.name, timeLimitMs: req.timeLimitMs })
  if (!read.ok) return { ok: false, problem: read.problem, text: tableReadProblemText(read.problem) }
  const result = await importLedger(db, {
    townshipId: req.townshipId,
    month: req.month,
    fileName: req.file.name,
    content: req.file.content,
    sheets: read.sheets,
    today: req.today,
    actor: req.actor,
  })
  if (!result.ok)
    return { ok: false, problem: result.problem, text: ledgerImportProblemText(result.problem, { month: req.month, fileMonth: result.fileMonth }) }
  return result
}

/** The township a user imports ledgers for: a leader's, an administrator's or the 镇民政所's own; anyone else none. */
export function ledgerImportTownship(user: CurrentUser): number | null {
  const may = user.role === 'leader' || user.role === 'admin' || (user.role === 'inspector' && user.civilAffairs)
  return may && user.townshipId ? user.townshipId : null
}

/** The web upload: the user's own township; month null: the file's own. */
export async function uploadLedger(
  db: DB,
  req: { user: CurrentUser; month: string | null; file: { name: string; content: Uint8Array }; today: string; at: Date; ip: string | null },
): Promise<LedgerFileResult | { ok: false; problem: 'forbidden' }> {
  const townshipId = ledgerImportTownship(req.user)
  if (townshipId === null) return { ok: false, problem: 'forbidden' }
  return importLedgerFile(db, {
    townshipId,
    month: req.month,
    file: req.file,
    today: req.today,
    actor: { userId: req.user.id, name: req.user.displayName, ip: req.ip, at: req.at },
  })
}

// 信息核对, a list arriving as a file (the web upload and the CLI): read in a worker thread with the office-file
// reader's size and time limits (docs/decisions/007, 012), then imported. A refusal is a Chinese sentence that
// repeats nothing of the file.
import type { DB } from '../../../db/connection.server'
import type { DepartmentSource } from '../../../workflows/rules/vocabulary'
import { t } from '../../i18n/dictionary'
import type { CurrentUser } from '../../utils/auth.server'
import { tableReadProblemText, type TableReadProblem } from '../tableFile/read.server'
import { readTableFileInWorker } from '../tableFile/readInWorker.server'
import { importDepartmentList, type ImportedList, type ImportProblem } from './import.server'
import { canImportLists } from './scope.server'

export type UploadProblem = ImportProblem | TableReadProblem | 'forbidden'

export type UploadResult = ImportedList | { ok: false; problem: UploadProblem }

export interface ListFile {
  name: string
  content: Uint8Array
}

/** Reads the file in a worker and imports it; `countyName` is the importer's county (the user's own, or the CLI's). */
export async function importListFile(
  db: DB,
  req: {
    countyName: string
    source: DepartmentSource
    dataDate: string
    file: ListFile
    actor: { userId: number | null; name: string; ip?: string | null }
    at: Date
    timeLimitMs?: number
  },
): Promise<UploadResult> {
  const read = await readTableFileInWorker(req.file.content, { fileName: req.file.name, timeLimitMs: req.timeLimitMs })
  if (!read.ok) return read
  return importDepartmentList(db, {
    countyName: req.countyName,
    source: req.source,
    dataDate: req.dataDate,
    fileName: req.file.name,
    content: req.file.content,
    sheets: read.sheets,
    actor: req.actor,
    at: req.at,
  })
}

/** The web upload: only the county bureau, for its own county. */
export async function uploadDepartmentList(
  db: DB,
  req: { user: CurrentUser; source: DepartmentSource; dataDate: string; file: ListFile; at: Date; ip: string | null },
): Promise<UploadResult> {
  if (!canImportLists(req.user) || !req.user.countyName) return { ok: false, problem: 'forbidden' }
  return importListFile(db, {
    countyName: req.user.countyName,
    source: req.source,
    dataDate: req.dataDate,
    file: req.file,
    actor: { userId: req.user.id, name: req.user.displayName, ip: req.ip },
    at: req.at,
  })
}

const IMPORT_PROBLEMS = new Set<string>(['noCounty', 'noIdColumn', 'noRows'])

/** What a refusal says, in Chinese. */
export function uploadProblemText(problem: Exclude<UploadProblem, 'forbidden'>): string {
  const p = t.departmentLists.problems
  if (IMPORT_PROBLEMS.has(problem)) return p[problem as ImportProblem]
  return tableReadProblemText(problem as TableReadProblem)
}

// 导入低保花名册, the upload: the file waits in roster_import_uploads, tied to the user who uploaded it, until confirmed
// or expired; and the page's parameters (the mapping the user chose, the confirm form).
import type { DB } from '../../../db/connection.server'
import type { CurrentUser } from '../../utils/auth.server'
import { type ReadProblem } from './read.server'
// the file is read in a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md)
import { readRosterFileInWorker as readRosterFile } from './readInWorker.server'
import { isRosterField, type RosterField } from './rules.server'
import { type RosterFile, importScopeFor, type ImportScope, type MappingChoice, type RosterAnalysis } from './preview.server'
import { findPendingUpload, storePendingUpload } from '../pendingUploads.server'

// ————————————————————————————————————————— uploads —————————————————————————————————————————

export type SaveUploadResult = { ok: true; token: string } | { ok: false; problem: ReadProblem | 'forbidden' }

/** Keeps an uploaded roster for its preview and confirm; a file that cannot be read as a roster is refused at once. */
export async function saveRosterUpload(db: DB, req: { user: CurrentUser; file: RosterFile; at: Date }): Promise<SaveUploadResult> {
  const scope = importScopeFor(req.user)
  if (!scope) return { ok: false, problem: 'forbidden' }
  const read = await readRosterFile(req.file.content, { fileName: req.file.name })
  if (!read.ok) return { ok: false, problem: read.problem }
  const token = await storePendingUpload(db, 'roster_import_uploads', { userId: req.user.id, townshipId: scope.townshipId, file: req.file, at: req.at })
  return { ok: true, token }
}

/** The user's own upload, if it is still there. Someone else's token finds nothing. */
export async function findUpload(db: DB, token: string, user: CurrentUser, scope: ImportScope, at: Date): Promise<{ token: string; file: RosterFile } | null> {
  return findPendingUpload(db, 'roster_import_uploads', { token, userId: user.id, townshipId: scope.townshipId, at })
}

// ————————————————————————————————————————— the page's parameters —————————————————————————————————————————

/** `mapped=1&c0=seq&c1=village…&village=ID`: the mapping the user chose (absent: as detected). */
export function parseMappingChoice(params: URLSearchParams | FormData): MappingChoice {
  const get = (key: string) => {
    const value = params.get(key)
    return typeof value === 'string' ? value : null
  }
  const village = Number(get('village'))
  const defaultVillageId = Number.isInteger(village) && village > 0 ? village : null
  // 包括隐藏行, and the roster sheet chosen among several
  const includeHiddenRows = get('hidden') === '1'
  const sheetName = get('sheet')?.slice(0, 200) || null
  if (get('mapped') !== '1') return { columns: null, defaultVillageId, includeHiddenRows, sheetName }
  const columns: Array<RosterField | null> = []
  for (let i = 0; i < 200; i++) {
    const value = get(`c${i}`)
    if (value === null) break
    columns.push(isRosterField(value) ? value : null)
  }
  return { columns, defaultVillageId, includeHiddenRows, sheetName }
}

export function choiceParams(analysis: Extract<RosterAnalysis, { ok: true }>): Array<[string, string]> {
  const params: Array<[string, string]> = [['mapped', '1']]
  analysis.columnFields.forEach((field, i) => params.push([`c${i}`, field ?? '']))
  if (analysis.mapping.village === undefined && analysis.defaultVillage) params.push(['village', String(analysis.defaultVillage.id)])
  return [...params, ...sheetParams(analysis)]
}

/** The sheet chosen (when the file has several roster sheets) and 包括隐藏行: carried by every form of the preview. */
export function sheetParams(analysis: Extract<RosterAnalysis, { ok: true }>, options: { includeHiddenRows?: boolean } = {}): Array<[string, string]> {
  const params: Array<[string, string]> = []
  if (analysis.sheet.otherRosterSheets.length && analysis.sheet.sheetName !== null) params.push(['sheet', analysis.sheet.sheetName])
  if (options.includeHiddenRows ?? analysis.hiddenRowsIncluded) params.push(['hidden', '1'])
  return params
}

export function parseConfirmForm(form: FormData): { token: string; choice: MappingChoice; digest: string | null } | null {
  const token = form.get('upload')
  const digest = form.get('digest')
  if (typeof token !== 'string' || !token) return null
  return { token, choice: parseMappingChoice(form), digest: typeof digest === 'string' && /^[0-9a-f]{32}$/.test(digest) ? digest : null }
}

// 批量导入账号 (issue 14): a township administrator uploads an .xlsx list (姓名, 角色, 所属村, 手机号, optional 用户名),
// sees every row judged (nothing written), then confirms: the accounts of the valid rows are created in one
// transaction, each with a random initial password that is shown once on the answer page and stored only as a bcrypt
// hash (cost 10, as every password; hashed in worker threads) — never in a table, a log or an audit row. The same
// flow as the roster (rosterImport.server.ts):
// - the file is read in a worker thread with a time limit and the reader's limits (./accountImport/read.server.ts,
//   docs/decisions/007-untrusted-files-and-workers.md); the upload form is bounded by readRosterUpload;
// - the upload waits in account_import_uploads, tied to the administrator who uploaded it, until confirmed or expired
//   (as roster uploads: 12 hours, five a user); confirming deletes it, so a second confirm finds nothing;
// - confirm judges every row again inside its transaction and compares with the preview the user saw; when that
//   differs (someone took a username meanwhile) nothing is written and the new preview is shown;
// - one audit row per account (`user.import`), in the same transaction.
import type { DB } from '../../db/connection.server'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { BCRYPT_COST, type CurrentUser } from '../utils/auth.server'
import { MAX_UPLOAD_BYTES } from '../utils/requestLimits'
import { runInWorker } from '../utils/workers.server'
import { recordAudit } from './audit.server'
import { ACCOUNT_HEADER_SCAN_ROWS, MAX_ACCOUNT_ROWS, type AccountReadProblem, type AccountReadResult, type AccountSheet } from './accountImport/read.server'
import { candidateKeys, initialPassword, judgeAccountRows, verdictDigest, type AccountProblem, type AccountRow } from './accountImport/rules.server'
import { rosterParseTimeLimitMs } from './rosterImport/readInWorker.server'
import { findPendingUpload, storePendingUpload } from './pendingUploads.server'
import type { DbOrTx } from './versioned.server'

const a = t.accountImport

/** A file as the upload form gave it. */
export interface AccountFile {
  name: string
  content: Uint8Array
}

/** Only a township's administrator imports its accounts; the township comes from the user, never from the form. */
function townshipOf(user: CurrentUser): number | null {
  return user.role === 'admin' && user.townshipId !== null ? user.townshipId : null
}

// ————————————————————————————————————————— messages —————————————————————————————————————————

export function accountReadProblemText(problem: AccountReadProblem | 'tooLarge' | 'noFile' | 'expired'): string {
  return format(a.readProblems[problem], {
    rows: ACCOUNT_HEADER_SCAN_ROWS,
    max: MAX_ACCOUNT_ROWS.toLocaleString('zh-CN'),
    size: MAX_UPLOAD_BYTES / 1024 / 1024,
    seconds: Math.max(1, Math.round(rosterParseTimeLimitMs() / 1000)),
  })
}

export function accountProblemText(problem: AccountProblem): string {
  return format(a.problems[problem.code], 'params' in problem ? problem.params : {})
}

// ————————————————————————————————————————— reading and judging —————————————————————————————————————————

/** The list read in a worker thread, with the roster's time limit (ROSTER_PARSE_TIME_LIMIT_MS). */
async function readAccountFileInWorker(content: Uint8Array): Promise<AccountReadResult> {
  if (content.byteLength === 0) return { ok: false, problem: 'empty' }
  const outcome = await runInWorker<AccountReadResult>({
    entry: 'app/workers/readAccounts.worker.ts',
    input: { content },
    timeLimitMs: rosterParseTimeLimitMs(),
    memoryMb: 256,
  })
  if (outcome.ok) return outcome.value
  if (outcome.reason === 'timeout' || outcome.reason === 'busy') return { ok: false, problem: outcome.reason }
  return { ok: false, problem: outcome.reason === 'outOfMemory' ? 'tooBig' : 'unreadable' }
}

/** Every row judged against the township's villages and the accounts already there (on `db`: a transaction's view). */
async function judge(db: DbOrTx, townshipId: number, sheet: AccountSheet): Promise<AccountRow[]> {
  const villages = await db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', townshipId).orderBy('sort_order').orderBy('id').execute()
  const keys = candidateKeys(sheet)
  const usernames = keys.usernames.length ? await db.selectFrom('users').select('username').where('username', 'in', keys.usernames).execute() : []
  const phones = keys.phones.length ? await db.selectFrom('users').select('phone').where('phone', 'in', keys.phones).execute() : []
  return judgeAccountRows(sheet, villages, {
    usernames: new Set(usernames.map((u) => u.username)),
    phones: new Set(phones.flatMap((p) => (p.phone ? [p.phone] : []))),
  })
}

// ————————————————————————————————————————— uploads —————————————————————————————————————————

export type SaveAccountUploadResult = { ok: true; token: string } | { ok: false; problem: AccountReadProblem | 'forbidden' }

/** Keeps an uploaded list for its preview and confirm; a file that cannot be read as a list is refused at once. */
export async function saveAccountUpload(db: DB, req: { user: CurrentUser; file: AccountFile; at: Date }): Promise<SaveAccountUploadResult> {
  const townshipId = townshipOf(req.user)
  if (townshipId === null) return { ok: false, problem: 'forbidden' }
  const read = await readAccountFileInWorker(req.file.content)
  if (!read.ok) return { ok: false, problem: read.problem }
  const token = await storePendingUpload(db, 'account_import_uploads', { userId: req.user.id, townshipId, file: req.file, at: req.at })
  return { ok: true, token }
}

/** The user's own upload, if it is still there. Someone else's token finds nothing. */
function findAccountUpload(db: DB, token: string, userId: number, townshipId: number, at: Date): Promise<{ token: string; file: AccountFile } | null> {
  return findPendingUpload(db, 'account_import_uploads', { token, userId, townshipId, at })
}

// ————————————————————————————————————————— the page —————————————————————————————————————————

export interface AccountRowView {
  sheetRow: number
  name: string
  role: string
  villages: string
  phone: string
  username: string
  ok: boolean
  reasons: string[]
}

/** The role as the preview and the result list say it, with 镇民政所 when ticked: 督查人员（镇民政所） */
function roleText(account: NonNullable<AccountRow['account']>): string {
  return account.civilAffairs ? format(t.accountImport.roleCivilAffairs, { role: t.roles[account.role] }) : t.roles[account.role]
}

function rowView(row: AccountRow): AccountRowView {
  const account = row.account
  return {
    sheetRow: row.sheetRow,
    name: row.name,
    role: account ? roleText(account) : row.roleText,
    villages: account ? account.villages.map((v) => v.name).join('、') : row.villagesText,
    phone: account ? account.phone : row.phoneText,
    username: account ? account.username : row.usernameText,
    ok: account !== null,
    reasons: row.problems.map(accountProblemText),
  }
}

export type AccountImportPage =
  | { kind: 'forbidden' }
  | { kind: 'upload'; notice: string | null; maxMegabytes: number; maxRows: string }
  | {
      kind: 'preview'
      token: string
      notice: 'stale' | 'nothingToImport' | null
      file: string
      noVillageColumn: boolean
      counts: { total: number; ok: number; rejected: number }
      digest: string
      rows: AccountRowView[]
    }

/** What the import page shows, for the signed-in administrator, from the page's URL (?upload=TOKEN). */
export async function loadAccountImportPage(db: DB, req: { user: CurrentUser; searchParams: URLSearchParams; at: Date }): Promise<AccountImportPage> {
  const townshipId = townshipOf(req.user)
  if (townshipId === null) return { kind: 'forbidden' }
  const uploadPage = (notice: string | null): AccountImportPage => ({
    kind: 'upload',
    notice,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    maxRows: MAX_ACCOUNT_ROWS.toLocaleString('zh-CN'),
  })
  const token = req.searchParams.get('upload')
  const upload = token ? await findAccountUpload(db, token, req.user.id, townshipId, req.at) : null
  if (!upload) return uploadPage(token ? accountReadProblemText('expired') : null)
  const read = await readAccountFileInWorker(upload.file.content)
  if (!read.ok) return uploadPage(accountReadProblemText(read.problem))
  const rows = await judge(db, townshipId, read.sheet)
  const ok = rows.filter((r) => r.account).length
  const notice = req.searchParams.get('notice')
  return {
    kind: 'preview',
    token: upload.token,
    notice: notice === 'stale' || notice === 'nothingToImport' ? notice : null,
    file: format(a.preview.file, { name: upload.file.name, sheet: read.sheet.sheetName, row: read.sheet.headerRow }),
    noVillageColumn: read.sheet.columns.villages === undefined,
    counts: { total: rows.length, ok, rejected: rows.length - ok },
    digest: verdictDigest(rows),
    rows: rows.map(rowView),
  }
}

// ————————————————————————————————————————— confirm —————————————————————————————————————————

export interface CreatedAccount {
  sheetRow: number
  name: string
  role: string
  villages: string
  username: string
  /** the initial password in clear: for the answer page only, once */
  password: string
}

export type AccountConfirmOutcome =
  | { kind: 'forbidden' }
  | { kind: 'expired' }
  /** no worker was free to hash the passwords: nothing written, the user confirms again */
  | { kind: 'busy' }
  | { kind: 'unreadable'; message: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'imported'; created: CreatedAccount[]; skipped: Array<{ sheetRow: number; name: string; reasons: string[] }> }

/** The hashes of `passwords`, in order, from up to two worker threads; null when no worker answered in time. */
async function hashInWorkers(passwords: string[]): Promise<string[] | null> {
  const half = Math.ceil(passwords.length / 2)
  const parts = [passwords.slice(0, half), passwords.slice(half)].filter((part) => part.length > 0)
  const outcomes = await Promise.all(
    parts.map((part) =>
      runInWorker<string[]>({
        entry: 'app/workers/hashPasswords.worker.ts',
        input: { passwords: part, cost: BCRYPT_COST },
        // about 0.3 s a hash on a slow two-core server; generous, since a refusal here costs the user a retry
        timeLimitMs: 30_000 + part.length * 1_000,
        memoryMb: 128,
      }),
    ),
  )
  const hashes: string[] = []
  for (const outcome of outcomes) {
    if (!outcome.ok || outcome.value.length === 0) return null
    hashes.push(...outcome.value)
  }
  return hashes.length === passwords.length ? hashes : null
}

class PreviewChanged extends Error {}
class AlreadyConfirmed extends Error {}

/** The confirm button: creates the accounts of the valid rows, as the preview showed them, in one transaction. */
export async function confirmAccountImport(
  db: DB,
  req: { user: CurrentUser; token: string; digest: string | null; at: Date; ip?: string | null },
): Promise<AccountConfirmOutcome> {
  const townshipId = townshipOf(req.user)
  if (townshipId === null) return { kind: 'forbidden' }
  const upload = await findAccountUpload(db, req.token, req.user.id, townshipId, req.at)
  if (!upload) return { kind: 'expired' }
  const read = await readAccountFileInWorker(upload.file.content)
  if (!read.ok) return { kind: 'unreadable', message: accountReadProblemText(read.problem) }
  const back = (notice: string) => ({ kind: 'redirect', to: `/admin/users/import?upload=${upload.token}&notice=${notice}` }) as const
  const seen = await judge(db, townshipId, read.sheet)
  if (verdictDigest(seen) !== req.digest) return back('stale')
  if (!seen.some((r) => r.account)) return back('nothingToImport')
  // hashed before the transaction, in worker threads (bcrypt is slow on purpose): the transaction holds the writer
  // only for the inserts, and the request thread keeps answering meanwhile
  const valid = seen.filter((r) => r.account)
  const clear = valid.map(() => initialPassword())
  const hashes = await hashInWorkers(clear)
  if (!hashes) return { kind: 'busy' }
  const passwords = new Map(valid.map((row, i) => [row.sheetRow, { password: clear[i], hash: hashes[i] }]))
  try {
    return await db.transaction().execute(async (tx) => {
      // the upload is claimed first: of two confirms of one upload, only one finds it
      const claimed = await tx.deleteFrom('account_import_uploads').where('token', '=', upload.token).where('user_id', '=', req.user.id).executeTakeFirst()
      if (Number(claimed.numDeletedRows) !== 1) throw new AlreadyConfirmed()
      const rows = await judge(tx, townshipId, read.sheet)
      if (verdictDigest(rows) !== req.digest) throw new PreviewChanged()
      const created: CreatedAccount[] = []
      for (const row of rows) {
        const account = row.account
        const secret = passwords.get(row.sheetRow)
        if (!account || !secret) continue
        const values = {
          username: account.username,
          display_name: account.name,
          role: account.role,
          township_id: townshipId,
          village_id: account.role === 'cadre' ? account.villages[0].id : null,
          county_name: null,
          phone: account.phone,
          civil_affairs: account.civilAffairs ? 1 : 0,
          updated_at: req.at.toISOString(),
        }
        const { id } = await tx
          .insertInto('users')
          .values({ ...values, password_hash: secret.hash })
          .returning('id')
          .executeTakeFirstOrThrow()
        if (account.role === 'liaison') {
          await tx
            .insertInto('village_liaisons')
            .values(account.villages.map((v) => ({ village_id: v.id, user_id: id })))
            .execute()
        }
        await recordAudit(tx, {
          actorUserId: req.user.id,
          action: 'user.import',
          entityType: 'user',
          entityId: id,
          villageId: values.village_id,
          townshipId,
          // what the account is, never its password or hash
          after: {
            ...values,
            ...(account.role === 'liaison' ? { liaison_villages: account.villages.map((v) => v.name) } : {}),
            fileName: upload.file.name,
            sheetRow: row.sheetRow,
          },
          ip: req.ip,
          at: req.at,
        })
        created.push({
          sheetRow: row.sheetRow,
          name: account.name,
          role: roleText(account),
          villages: account.villages.map((v) => v.name).join('、'),
          username: account.username,
          password: secret.password,
        })
      }
      const skipped = rows.filter((r) => !r.account).map((r) => ({ sheetRow: r.sheetRow, name: r.name, reasons: r.problems.map(accountProblemText) }))
      return { kind: 'imported', created, skipped } as const
    })
  } catch (error) {
    if (error instanceof AlreadyConfirmed) return { kind: 'expired' }
    if (error instanceof PreviewChanged) return back('stale')
    throw error
  }
}

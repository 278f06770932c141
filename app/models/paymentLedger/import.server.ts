// Importing a township's payment ledger of a month and comparing it (公示 vs 发放): one transaction writes the ledger,
// its payments and its discrepancies, marks the month's earlier ledger replaced, and files each discrepancy with a
// household as a problem in that village's register (source 发放比对; 公示不实 or 发放不一致). A re-import of the
// month files nothing twice: a household's discrepancy of a kind already filed for the month keeps its problem.
// Township-level items (no household matches) are kept on the ledger only. One audit row for the import, one per
// problem registered.
import crypto from 'node:crypto'
import { sql } from 'kysely'
import { isMonth } from '../../../workflows/rules/allowanceMonth'
import { idMatchKey, maskIdNumber } from '../../../workflows/rules/idNumber'
import { compareLedger, LEDGER_PROBLEM_CATEGORY, type LedgerDiscrepancyFinding } from '../../../workflows/rules/ledgerCompare'
import { LEDGER_DISCREPANCY_KINDS, type LedgerDiscrepancyKind } from '../../../workflows/rules/vocabulary'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { yuan } from '../../utils/format'
import { recordAudit } from '../audit.server'
import { chineseMonth } from '../noticeExport.server'
import { PROBLEM_LIMITS } from '../problemRules'
import { inTransaction, type DbOrTx, type Tx } from '../versioned.server'
import { loadLedgerRoster } from './roster.server'
import { commonMonth, readLedgerRows, type LedgerRow, type LedgerRowProblem, type LedgerSheetInput } from './rows.server'

const p = t.paymentLedger

export interface LedgerActor {
  /** null: the command line */
  userId: number | null
  /** who imported it, as the ledger's list shows it */
  name: string
  ip?: string | null
  at: Date
}

export interface LedgerImportRequest {
  townshipId: number
  /** 'YYYY-MM', or null: the month most of the file's rows name */
  month: string | null
  fileName: string
  content: Uint8Array
  sheets: readonly LedgerSheetInput[]
  /** the day problems are found on (Asia/Shanghai) */
  today: string
  actor: LedgerActor
}

export type LedgerImportProblem = 'noHeader' | 'noRows' | 'noMonth' | 'month' | 'monthDiffers'

export type KindCounts = Record<LedgerDiscrepancyKind, number>

export type LedgerImportResult =
  | {
      ok: true
      ledgerId: number
      month: string
      replacedLedgerId: number | null
      sheets: string[]
      rows: number
      totalFen: number
      refused: Array<{ sheet: string | null; sheetRow: number; problem: LedgerRowProblem }>
      otherMonthRows: number
      counts: KindCounts
      problemsCreated: number
      problemsKept: number
      campaignId: number | null
      totals: { noticeHouseholds: number; noticeFen: number; paidRows: number; paidFen: number; paidHouseholds: number }
    }
  | { ok: false; problem: LedgerImportProblem; fileMonth?: string }

export function emptyKindCounts(): KindCounts {
  return Object.fromEntries(LEDGER_DISCREPANCY_KINDS.map((k) => [k, 0])) as KindCounts
}

/** The import's problems in Chinese (no echo of the file). */
export function ledgerImportProblemText(problem: LedgerImportProblem, q: { month?: string | null; fileMonth?: string } = {}): string {
  if (problem === 'monthDiffers') return format(p.errors.monthDiffers, { fileMonth: q.fileMonth ?? '', month: q.month ?? '' })
  return p.errors[problem]
}

/** rows per insert: 11 values each stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters */
const CHUNK = 1000

/** Read rows, compare, write — everything or nothing. */
export async function importLedger(db: DbOrTx, req: LedgerImportRequest): Promise<LedgerImportResult> {
  if (req.month !== null && !isMonth(req.month)) return { ok: false, problem: 'month' }
  const read = readLedgerRows(req.sheets)
  if (!read.ok) return { ok: false, problem: read.problem }
  const fileMonth = commonMonth(read.rows)
  const month = req.month ?? fileMonth
  if (!month) return { ok: false, problem: 'noMonth' }
  if (req.month && fileMonth && fileMonth !== req.month) return { ok: false, problem: 'monthDiffers', fileMonth }

  return inTransaction(db, async (tx) => {
    const at = req.actor.at.toISOString()
    const campaign = await tx
      .selectFrom('campaigns')
      .select('id')
      .where('township_id', '=', req.townshipId)
      .orderBy(sql`case when status = 'open' then 0 else 1 end`)
      .orderBy('id', 'desc')
      .executeTakeFirst()
    const earlier = await tx
      .selectFrom('payment_ledgers')
      .select('id')
      .where('township_id', '=', req.townshipId)
      .where('month', '=', month)
      .where('replaced_at', 'is', null)
      .execute()
    if (earlier.length)
      await tx
        .updateTable('payment_ledgers')
        .set({ replaced_at: at })
        .where(
          'id',
          'in',
          earlier.map((e) => e.id),
        )
        .execute()

    const inMonth = (r: LedgerRow) => r.paidMonth === null || r.paidMonth === month
    const compared = read.rows.map((r, index) => ({ r, index })).filter(({ r }) => inMonth(r))
    const roster = await loadLedgerRoster(tx, { townshipId: req.townshipId, month })
    const result = compareLedger({
      month,
      payments: compared.map(({ r, index }) => ({ index, sheetRow: r.sheetRow, name: r.name, idNumber: r.idNumber, amountFen: r.amountFen })),
      ...roster,
    })

    const totalFen = read.rows.reduce((sum, r) => sum + r.amountFen, 0)
    const ledger = await tx
      .insertInto('payment_ledgers')
      .values({
        township_id: req.townshipId,
        campaign_id: campaign?.id ?? null,
        month,
        file_name: req.fileName.slice(0, 200),
        file_sha256: crypto.createHash('sha256').update(req.content).digest('hex'),
        sheet_name: read.sheetNames.join('、').slice(0, 200) || null,
        row_count: read.rows.length,
        total_fen: totalFen,
        notice_households: result.totals.noticeHouseholds,
        notice_fen: result.totals.noticeFen,
        imported_by_user_id: req.actor.userId,
        imported_by: req.actor.name.slice(0, 100),
        imported_at: at,
        replaced_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    // the payments, and whom each reached
    const reached = new Map(result.matches.map((m) => [m.paymentIndex, m]))
    for (let start = 0; start < read.rows.length; start += CHUNK) {
      await tx
        .insertInto('payment_ledger_entries')
        .values(
          read.rows.slice(start, start + CHUNK).map((r, i) => {
            const match = reached.get(start + i)
            return {
              ledger_id: ledger.id,
              sheet_row: r.sheetRow,
              name: r.name,
              id_number: r.idNumber,
              id_key: r.idNumber ? idMatchKey(r.idNumber) : null,
              amount_fen: r.amountFen,
              paid_month: r.paidMonth,
              account_tail: r.accountTail,
              village_id: match?.villageId ?? null,
              household_id: match?.householdId ?? null,
            }
          }),
        )
        .execute()
    }
    const entryIds = (await tx.selectFrom('payment_ledger_entries').select('id').where('ledger_id', '=', ledger.id).orderBy('id').execute()).map((e) => e.id)

    const filed = await fileProblems(tx, {
      townshipId: req.townshipId,
      month,
      campaignId: campaign?.id ?? null,
      findings: result.findings,
      rows: read.rows,
      today: req.today,
      actor: req.actor,
    })
    const counts = emptyKindCounts()
    const discrepancies = result.findings.map((f, i) => {
      counts[f.kind]++
      return {
        ledger_id: ledger.id,
        kind: f.kind,
        village_id: f.villageId,
        household_id: f.householdId,
        entry_id: f.paymentIndex === null ? null : (entryIds[f.paymentIndex] ?? null),
        name: f.name,
        id_number: f.idNumber,
        expected_fen: f.expectedFen,
        paid_fen: f.paidFen,
        detail: f.detail,
        problem_id: filed.problemOf[i],
      }
    })
    for (let start = 0; start < discrepancies.length; start += CHUNK)
      await tx
        .insertInto('ledger_discrepancies')
        .values(discrepancies.slice(start, start + CHUNK))
        .execute()

    const replacedLedgerId = earlier.at(-1)?.id ?? null
    await recordAudit(tx, {
      actorUserId: req.actor.userId,
      action: 'paymentLedger.import',
      entityType: 'paymentLedger',
      entityId: ledger.id,
      townshipId: req.townshipId,
      after: {
        month,
        fileName: req.fileName.slice(0, 200),
        rows: read.rows.length,
        totalFen,
        replacedLedgerId,
        discrepancies: result.findings.length,
        problemsCreated: filed.created,
      },
      ip: req.actor.ip ?? null,
      at: req.actor.at,
    })
    return {
      ok: true as const,
      ledgerId: ledger.id,
      month,
      replacedLedgerId,
      sheets: read.sheetNames,
      rows: read.rows.length,
      totalFen,
      refused: read.refused,
      otherMonthRows: read.rows.length - compared.length,
      counts,
      problemsCreated: filed.created,
      problemsKept: filed.kept,
      campaignId: campaign?.id ?? null,
      totals: result.totals,
    }
  })
}

/**
 * Each finding with a household gets a problem: the one a discrepancy of the same household and kind already has in
 * this township's ledgers of the month, else one registered now (one per household and kind, however many rows).
 */
async function fileProblems(
  tx: Tx,
  q: {
    townshipId: number
    month: string
    campaignId: number | null
    findings: readonly LedgerDiscrepancyFinding[]
    rows: readonly LedgerRow[]
    today: string
    actor: LedgerActor
  },
): Promise<{ problemOf: Array<number | null>; created: number; kept: number }> {
  const problemOf: Array<number | null> = q.findings.map(() => null)
  if (q.campaignId === null) return { problemOf, created: 0, kept: 0 }
  const previous = await tx
    .selectFrom('ledger_discrepancies as d')
    .innerJoin('payment_ledgers as l', 'l.id', 'd.ledger_id')
    .innerJoin('problems', 'problems.id', 'd.problem_id')
    .select(['d.household_id', 'd.kind', 'd.problem_id'])
    .where('l.township_id', '=', q.townshipId)
    .where('l.month', '=', q.month)
    .where('problems.campaign_id', '=', q.campaignId)
    .execute()
  const known = new Map<string, number>()
  for (const d of previous) if (d.household_id !== null && d.problem_id !== null) known.set(`${d.household_id}:${d.kind}`, d.problem_id)
  const previousKeys = new Set(known.keys())
  const keptKeys = new Set<string>()
  let created = 0
  for (const [i, f] of q.findings.entries()) {
    if (f.householdId === null || f.villageId === null) continue
    const key = `${f.householdId}:${f.kind}`
    const existing = known.get(key)
    if (existing !== undefined) {
      problemOf[i] = existing
      if (previousKeys.has(key)) keptKeys.add(key)
      continue
    }
    const values = {
      campaign_id: q.campaignId,
      village_id: f.villageId,
      household_id: f.householdId,
      category: LEDGER_PROBLEM_CATEGORY[f.kind],
      source: 'paymentCheck' as const,
      description: describeFinding(f, q.month, q.rows).slice(0, PROBLEM_LIMITS.description),
      measure: null,
      responsible_person: null,
      deadline_on: null,
      status: 'open' as const,
      found_on: q.today,
      created_by_user_id: q.actor.userId,
    }
    const row = await tx
      .insertInto('problems')
      .values({ ...values, version: 0, updated_at: q.actor.at.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(tx, {
      actorUserId: q.actor.userId,
      action: 'problem.create',
      entityType: 'problem',
      entityId: row.id,
      villageId: f.villageId,
      after: values,
      ip: q.actor.ip ?? null,
      at: q.actor.at,
    })
    known.set(key, row.id)
    problemOf[i] = row.id
    created++
  }
  return { problemOf, created, kept: keptKeys.size }
}

/** A finding in the register's words: the month, the ledger's row, who, what was paid against what was publicised. */
export function describeFinding(f: LedgerDiscrepancyFinding, month: string, rows: readonly LedgerRow[]): string {
  const row = f.paymentIndex === null ? null : rows[f.paymentIndex]
  return format(p.problems[f.kind], {
    month: chineseMonth(month),
    row: row ? format(p.list.row, { row: row.sheetRow }) : '',
    name: f.name,
    id: f.idNumber ? maskIdNumber(f.idNumber) : p.list.noIdNumber,
    paid: f.paidFen === null ? '' : yuan(f.paidFen),
    expected: f.expectedFen === null ? '' : yuan(f.expectedFen),
    exit: f.kind === 'paidAfterExit' && f.detail ? format(p.problems.exitOn, { month: chineseMonth(f.detail) }) : '',
    first: f.detail && f.kind === 'paidTwice' ? format(p.list.firstRow, { row: f.detail }) : '',
    fact: f.kind === 'paidDeceased' ? (f.detail ?? '') : '',
  })
}

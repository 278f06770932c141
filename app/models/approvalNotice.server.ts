// 审核结果公示 (the first notice, ADR 010): a village's proposals (拟) the township has accepted and that are in their
// notice period now, one sheet per period (自 notice_from 至 notice_to), as a print page and as .xlsx. Both read
// getApprovalNotice, so they cannot disagree. 篇一: 公示内容不宜超出保障对象、保障资金两项内容 — a line carries the
// head's name, 保障人数, the matter in the plan's words and the proposed monthly amount; never an ID number, the
// grounds, the family's situation or who reported it. The township's 举报电话 and where to object close each sheet.
import type { DB } from '../../db/connection.server'
import { daysBetween } from '../../workflows/rules/dates'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { chineseDate, yuanCell } from '../utils/format'
import type { DbOrTx } from './versioned.server'
import {
  addDataRow,
  addTableSheet,
  addNoticeFooter,
  addTextRow,
  newWorkbook,
  recordExport,
  workbookFile,
  type ExportContext,
  type ExportFile,
  type SheetColumn,
} from './exports.server'

const a = t.approvalNotice

/** One line of the notice, nothing more on purpose. */
export interface ApprovalNoticeRow {
  proposalId: number
  name: string
  /** 保障人数 */
  coveredCount: number
  /** 拟调整保障金额（增发）, 拟停止保障, 拟纳入低保 … */
  matter: string
  /** the proposed monthly amount (fen); null for a stop */
  amountFen: number | null
}

/** One printed notice: the proposals of one period, every sentence already written. */
export interface ApprovalNoticeSheet {
  noticeFrom: string
  noticeTo: string
  heading: string
  place: string
  intro: string
  period: string
  objection: string
  /** 举报电话：…; null while the township has none (then it cannot be published) */
  phoneLine: string | null
  issuer: string
  issuedOn: string
  rows: ApprovalNoticeRow[]
}

export interface ApprovalNotice {
  village: { id: number; name: string; code: string; township: string }
  reportPhone: string | null
  sheets: ApprovalNoticeSheet[]
}

type ProposalForNotice = { kind: string; current_amount_fen: number; proposed_amount_fen: number | null }

/** A proposal as a notice or an objection record names it: who, what is proposed, for which period (proposals ⋈ households). */
export const NOTICE_PROPOSAL_COLUMNS = [
  'proposals.id',
  'proposals.kind',
  'proposals.current_amount_fen',
  'proposals.proposed_amount_fen',
  'proposals.notice_from',
  'proposals.notice_to',
  'households.head_name',
] as const

/** The matter in the plan's words: an adjustment says whether it raises (增发) or lowers (减发) the amount. */
export function noticeMatter(p: ProposalForNotice): { matter: string; amountFen: number | null } {
  switch (p.kind) {
    case 'adjust': {
      const to = p.proposed_amount_fen
      const matter = to === null || to === p.current_amount_fen ? a.matters.adjust : to > p.current_amount_fen ? a.matters.raise : a.matters.lower
      return { matter, amountFen: to }
    }
    case 'enrol':
      return { matter: a.matters.enrol, amountFen: p.proposed_amount_fen }
    default:
      // 停止保障 and 停止保障并追回 read alike on the board: recovery is the household's matter, not the public's
      return { matter: a.matters.stop, amountFen: null }
  }
}

/** The village's proposals in notice now, grouped by their notice period (earliest first). */
export async function getApprovalNotice(db: DbOrTx, villageId: number): Promise<ApprovalNotice> {
  const [place, proposals] = await Promise.all([
    db
      .selectFrom('villages')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select(['villages.id', 'villages.name', 'villages.code', 'townships.name as township', 'townships.report_phone'])
      .where('villages.id', '=', villageId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('proposals')
      .innerJoin('households', 'households.id', 'proposals.household_id')
      .select([...NOTICE_PROPOSAL_COLUMNS, 'households.covered_count'])
      .where('proposals.village_id', '=', villageId)
      .where('proposals.state', '=', 'inNotice')
      .orderBy('proposals.notice_from')
      .orderBy('proposals.notice_to')
      .orderBy('households.enrolment', 'desc')
      .orderBy('households.id')
      .execute(),
  ])
  const groups = new Map<string, { from: string; to: string; list: typeof proposals }>()
  for (const p of proposals) {
    // in notice means a period was opened (the machine sets both on acceptance)
    if (!p.notice_from || !p.notice_to) continue
    const key = `${p.notice_from}/${p.notice_to}`
    const group = groups.get(key) ?? { from: p.notice_from, to: p.notice_to, list: [] }
    group.list.push(p)
    groups.set(key, group)
  }
  const phoneLine = place.report_phone ? format(t.reportPhone.line, { phone: place.report_phone }) : null
  const sheets = [...groups.values()].map(({ from, to, list }): ApprovalNoticeSheet => {
    return {
      noticeFrom: from,
      noticeTo: to,
      heading: format(a.heading, { village: place.name }),
      place: format(a.place, { township: place.township, village: place.name }),
      intro: a.intro,
      period: format(a.period, { start: chineseDate(from), end: chineseDate(to), days: daysBetween(from, to) + 1 }),
      objection: format(a.objection, { village: place.name, township: place.township }),
      phoneLine,
      issuer: format(a.issuer, { township: place.township }),
      issuedOn: chineseDate(from),
      rows: list.map((p) => ({ proposalId: p.id, name: p.head_name, coveredCount: p.covered_count, ...noticeMatter(p) })),
    }
  })
  return { village: { id: place.id, name: place.name, code: place.code, township: place.township }, reportPhone: place.report_phone, sheets }
}

function auditDetails(notice: ApprovalNotice, file?: string) {
  const [first, last] = [notice.sheets.at(0), notice.sheets.at(-1)]
  return {
    households: notice.sheets.reduce((n, s) => n + s.rows.length, 0),
    ...(first && last ? { startOn: first.noticeFrom, endOn: last.noticeTo } : {}),
    ...(file ? { file } : {}),
  }
}

type Village = { id: number; townshipId: number }

/** The notice for the print page; recorded (who printed which village's notice). */
export async function printApprovalNotice(db: DB, ctx: ExportContext, village: Village): Promise<ApprovalNotice> {
  const notice = await getApprovalNotice(db, village.id)
  await recordExport(db, ctx, {
    kind: 'approvalNotice',
    format: 'print',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: auditDetails(notice),
  })
  return notice
}

const COLUMNS: SheetColumn[] = [
  { header: a.number, width: 7, kind: 'number' },
  { header: a.name, width: 14 },
  { header: a.covered, width: 10, kind: 'number' },
  { header: a.matter, width: 30 },
  { header: a.amount, width: 18, kind: 'yuan' },
]

/** One worksheet per notice period, laid out as the print page. */
export function approvalNoticeWorkbook(notice: ApprovalNotice) {
  const wb = newWorkbook(format(a.heading, { village: notice.village.name }))
  if (notice.sheets.length === 0) {
    const { ws } = addTableSheet(wb, {
      name: a.sheetName,
      title: format(a.heading, { village: notice.village.name }),
      columns: COLUMNS,
      orientation: 'portrait',
    })
    addTextRow(ws, COLUMNS, a.empty)
    return wb
  }
  notice.sheets.forEach((sheet, i) => {
    const { ws } = addTableSheet(wb, {
      // a sheet name is unique and at most 31 characters
      name: notice.sheets.length === 1 ? a.sheetName : `${a.sheetName}${i + 1}`,
      title: sheet.heading,
      lines: [sheet.place, sheet.intro, sheet.period],
      columns: COLUMNS,
      orientation: 'portrait',
    })
    sheet.rows.forEach((row, n) =>
      addDataRow(ws, COLUMNS, [n + 1, row.name, row.coveredCount, row.matter, row.amountFen === null ? a.stopAmount : yuanCell(row.amountFen)]),
    )
    addNoticeFooter(ws, COLUMNS, sheet)
  })
  return wb
}

/** The notice as .xlsx; recorded like the print. */
export async function downloadApprovalNotice(db: DB, ctx: ExportContext, village: Village): Promise<ExportFile> {
  const notice = await getApprovalNotice(db, village.id)
  const only = notice.sheets.length === 1 ? notice.sheets[0] : null
  const name = only
    ? format(a.file, { village: notice.village.name, start: only.noticeFrom, end: only.noticeTo })
    : format(a.fileAll, { village: notice.village.name, date: ctx.today })
  const file = await workbookFile(approvalNoticeWorkbook(notice), name, `approval-notice-${notice.village.code}-${ctx.today}`)
  await recordExport(db, ctx, {
    kind: 'approvalNotice',
    format: 'xlsx',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: auditDetails(notice, file.filename),
  })
  return file
}

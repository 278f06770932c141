// 公示名单: the village's public notice of its allowance households — 两榜公示 while reviews are under way, then the
// standing notice (长期公示) — as a print page and as .xlsx.
//
// 篇一 三(一)3: "公示内容不宜超出保障对象、保障资金两项内容". So the notice carries, per household, the recipient's
// name (户主) and the monthly amount, and nothing else: no ID number, no phone, no category, no members, no reasons.
// Besides the list only the title, the place, the period, two fixed sentences and the issuing body with its date.
// The list is of a month (?month=YYYY-MM, default the current Shanghai month): the households paid in that month and
// the amount paid, from the roster and the approved allowance history (household_allowance_changes, ADR 010) by
// workflows/rules/allowanceMonth.ts. A proposal (拟) changes nothing here until the county approves it; an applicant
// family (纳入申请 in the chain) is never listed. The township's 举报电话 is printed under the list.
import type { DB } from '../../db/connection.server'
import { amountPaidInMonth, isMonth, monthOf, type AllowanceChange } from '../../workflows/rules/allowanceMonth'
import { daysBetween, isDay } from '../../workflows/rules/dates'
import type { VillageKind } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { chineseDate, yuanCell } from '../utils/format'
import {
  addDataRow,
  addTableSheet,
  addNoticeFooter,
  addTextRow,
  defaultNoticePeriod,
  newWorkbook,
  recordExport,
  workbookFile,
  type ExportContext,
  type ExportFile,
  type SheetColumn,
} from './exports.server'

const n = t.exports.notice

export const NOTICE_KINDS = ['twoLists', 'standing'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
/** the longest notice period the form accepts */
export const NOTICE_MAX_DAYS = 90

export interface NoticeQuery {
  kind: NoticeKind
  startOn: string
  /** the last day of a 两榜公示; a standing notice has none */
  endOn: string | null
  /** 'YYYY-MM': whose allowance of which month is listed */
  month: string
}

export type NoticeField = 'kind' | 'startOn' | 'endOn' | 'month'
export type NoticeQueryResult =
  | { ok: true; query: NoticeQuery; values: Record<NoticeField, string> }
  | { ok: false; errors: Partial<Record<NoticeField, string>>; values: Record<NoticeField, string> }

/** The notice form (GET: ?kind=&start=&end=&month=), defaulting to a 7-day 两榜公示 from today of this month. Bad input: zh-CN messages. */
export function parseNoticeQuery(search: URLSearchParams, today: string): NoticeQueryResult {
  const defaults = defaultNoticePeriod(today)
  const read = (name: string, fallback: string) => {
    const v = search.get(name)
    return v === null
      ? fallback
      : v
          .trim()
          .slice(0, 20)
          .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  }
  const values: Record<NoticeField, string> = {
    kind: read('kind', 'twoLists'),
    startOn: read('start', defaults.startOn),
    endOn: read('end', defaults.endOn),
    month: read('month', monthOf(today)) || monthOf(today),
  }
  const errors: Partial<Record<NoticeField, string>> = {}
  const kind = (NOTICE_KINDS as readonly string[]).includes(values.kind) ? (values.kind as NoticeKind) : null
  if (!kind) errors.kind = n.errors.kind
  if (!isDay(values.startOn)) errors.startOn = n.errors.invalidDate
  if (!isMonth(values.month)) errors.month = t.standingNotice.invalidMonth
  if (kind !== 'standing') {
    if (!isDay(values.endOn)) errors.endOn = n.errors.invalidDate
    else if (isDay(values.startOn)) {
      if (values.endOn < values.startOn) errors.endOn = n.errors.endBeforeStart
      else if (daysBetween(values.startOn, values.endOn) + 1 > NOTICE_MAX_DAYS) errors.endOn = format(n.errors.tooLong, { max: NOTICE_MAX_DAYS })
    }
  }
  if (Object.keys(errors).length || !kind) return { ok: false, errors, values }
  return { ok: true, query: { kind, startOn: values.startOn, endOn: kind === 'standing' ? null : values.endOn, month: values.month }, values }
}

/** One line of the notice: who receives the allowance, and how much a month. Nothing else, on purpose. */
export interface NoticeRow {
  name: string
  amountFen: number
}

/** The notice as it is printed and exported: every sentence already written, so both say the same. */
export interface PublicNotice {
  kind: NoticeKind
  startOn: string
  endOn: string | null
  month: string
  heading: string
  place: string
  intro: string
  period: string
  /** 以下为2026年11月享受最低生活保障的对象… */
  monthLine: string
  objection: string
  /** 举报电话：… ; null while the township has none (the page says where to set it) */
  phoneLine: string | null
  issuer: string
  issuedOn: string
  rows: NoticeRow[]
}

interface NoticePlace {
  village: string
  villageCode: string
  villageKind: VillageKind
  township: string
}

async function noticePlace(db: DB, villageId: number): Promise<NoticePlace & { reportPhone: string | null }> {
  const row = await db
    .selectFrom('villages')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select(['villages.name as village', 'villages.code', 'villages.kind', 'townships.name as township', 'townships.report_phone'])
    .where('villages.id', '=', villageId)
    .executeTakeFirstOrThrow()
  return { village: row.village, villageCode: row.code, villageKind: row.kind, township: row.township, reportPhone: row.report_phone }
}

/** A household paid in a month: who, and how much (the notice shows the name and the amount only). */
export interface PaidHousehold {
  householdId: number
  name: string
  amountFen: number
}

/**
 * The village's households paid in `month` ('YYYY-MM'), in roster order (the original roster, then the newly
 * enrolled), with the amount paid: the roster and the approved allowance history, never a proposal.
 */
export async function listPaidInMonth(db: DB, q: { villageId: number; month: string }): Promise<PaidHousehold[]> {
  const [households, changes] = await Promise.all([
    db
      .selectFrom('households')
      .select(['id', 'head_name', 'monthly_amount_fen', 'status'])
      .where('village_id', '=', q.villageId)
      .where('status', 'in', ['active', 'exited'])
      .orderBy('enrolment', 'desc')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('household_allowance_changes as c')
      .innerJoin('households', 'households.id', 'c.household_id')
      .select(['c.id', 'c.household_id', 'c.kind', 'c.from_month', 'c.previous_amount_fen', 'c.amount_fen'])
      .where('households.village_id', '=', q.villageId)
      .execute(),
  ])
  const history = new Map<number, AllowanceChange[]>()
  for (const c of changes) {
    const list = history.get(c.household_id) ?? []
    list.push({ kind: c.kind, fromMonth: c.from_month, previousAmountFen: c.previous_amount_fen, amountFen: c.amount_fen, order: c.id })
    history.set(c.household_id, list)
  }
  return households.flatMap((h) => {
    const amountFen = amountPaidInMonth({ status: h.status, monthlyAmountFen: h.monthly_amount_fen }, history.get(h.id) ?? [], q.month)
    return amountFen === null ? [] : [{ householdId: h.id, name: h.head_name, amountFen }]
  })
}

/** The notice's lines of a month: the name and the amount, nothing else. */
export async function listNoticeRows(db: DB, q: { villageId: number; month: string }): Promise<NoticeRow[]> {
  return (await listPaidInMonth(db, q)).map((r) => ({ name: r.name, amountFen: r.amountFen }))
}

/** '2026-11' → '2026年11月' */
export function chineseMonth(month: string): string {
  return format(t.standingNotice.monthTitle, { year: month.slice(0, 4), month: Number(month.slice(5, 7)) })
}

export async function getPublicNotice(
  db: DB,
  q: { villageId: number; townshipId: number },
  query: NoticeQuery,
): Promise<{ notice: PublicNotice; place: NoticePlace }> {
  const [place, rows] = await Promise.all([noticePlace(db, q.villageId), listNoticeRows(db, { villageId: q.villageId, month: query.month })])
  const standing = query.kind === 'standing'
  const notice: PublicNotice = {
    kind: query.kind,
    startOn: query.startOn,
    endOn: query.endOn,
    month: query.month,
    heading: format(standing ? n.headingStanding : n.headingTwoLists, { village: place.village }),
    place: format(n.place, { township: place.township, village: place.village }),
    intro: n.intro,
    // a standing notice has no end day; a two-list notice always has one (parseNoticeQuery)
    period:
      standing || query.endOn === null
        ? format(n.periodStanding, { start: chineseDate(query.startOn) })
        : format(n.period, { start: chineseDate(query.startOn), end: chineseDate(query.endOn), days: daysBetween(query.startOn, query.endOn) + 1 }),
    monthLine: format(t.standingNotice.monthLine, { month: chineseMonth(query.month) }),
    objection: n.objection,
    phoneLine: place.reportPhone ? format(t.reportPhone.line, { phone: place.reportPhone }) : null,
    issuer: format(place.villageKind === 'community' ? n.issuerCommunity : n.issuerVillage, { village: place.village }),
    issuedOn: chineseDate(query.startOn),
    rows,
  }
  return { notice, place }
}

function auditDetails(notice: PublicNotice, file?: string) {
  return {
    noticeKind: notice.kind,
    startOn: notice.startOn,
    endOn: notice.endOn,
    month: notice.month,
    households: notice.rows.length,
    ...(file ? { file } : {}),
  }
}

export type NoticePrintResult =
  | { ok: true; notice: PublicNotice; values: Record<NoticeField, string> }
  | { ok: false; errors: Partial<Record<NoticeField, string>>; values: Record<NoticeField, string> }

/** The notice for the print page; a valid request is recorded (who printed which village's notice for which period). */
export async function printPublicNotice(
  db: DB,
  ctx: ExportContext,
  village: { id: number; townshipId: number },
  search: URLSearchParams,
): Promise<NoticePrintResult> {
  const parsed = parseNoticeQuery(search, ctx.today)
  if (!parsed.ok) return parsed
  const { notice } = await getPublicNotice(db, { villageId: village.id, townshipId: village.townshipId }, parsed.query)
  await recordExport(db, ctx, {
    kind: 'publicNotice',
    format: 'print',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: auditDetails(notice),
  })
  return { ok: true, notice, values: parsed.values }
}

const COLUMNS: SheetColumn[] = [
  { header: n.number, width: 8, kind: 'number' },
  { header: n.name, width: 24 },
  { header: n.amount, width: 22, kind: 'yuan' },
]

export function publicNoticeWorkbook(notice: PublicNotice) {
  const wb = newWorkbook(notice.heading)
  const { ws } = addTableSheet(wb, {
    name: n.sheetName,
    title: notice.heading,
    lines: [notice.place, notice.intro, notice.period, notice.monthLine],
    columns: COLUMNS,
    orientation: 'portrait',
  })
  notice.rows.forEach((row, i) => addDataRow(ws, COLUMNS, [i + 1, row.name, yuanCell(row.amountFen)]))
  if (notice.rows.length === 0) addTextRow(ws, COLUMNS, n.empty)
  addNoticeFooter(ws, COLUMNS, notice)
  return wb
}

export type NoticeDownloadResult = { ok: true; file: ExportFile } | { ok: false; errors: Partial<Record<NoticeField, string>> }

/** The notice as .xlsx, recorded like the print. */
export async function downloadPublicNotice(
  db: DB,
  ctx: ExportContext,
  village: { id: number; townshipId: number },
  search: URLSearchParams,
): Promise<NoticeDownloadResult> {
  const parsed = parseNoticeQuery(search, ctx.today)
  if (!parsed.ok) return { ok: false, errors: parsed.errors }
  const { notice, place } = await getPublicNotice(db, { villageId: village.id, townshipId: village.townshipId }, parsed.query)
  const name =
    notice.kind === 'standing' || notice.endOn === null
      ? format(t.exports.files.noticeStanding, { village: place.village, month: notice.month, start: notice.startOn })
      : format(t.exports.files.notice, { village: place.village, start: notice.startOn, end: notice.endOn })
  const file = await workbookFile(publicNoticeWorkbook(notice), name, `notice-${place.villageCode}-${notice.startOn}`)
  await recordExport(db, ctx, {
    kind: 'publicNotice',
    format: 'xlsx',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: auditDetails(notice, file.filename),
  })
  return { ok: true, file }
}

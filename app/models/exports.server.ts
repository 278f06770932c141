// 打印与导出: what every export shares, and the two "打印与导出" pages.
// - the file's HTTP answer: the right MIME type, a UTF-8 filename (RFC 5987 filename*) with an ASCII stand-in,
//   and no caching anywhere (the files hold allowance households' personal data);
// - the audit row every export writes (who, when, what: the kind, the format, the file, how many rows);
// - the look of the .xlsx files (Chinese fonts, a title row, a frozen header, A4 print set-up) so they open the
//   same in Excel and WPS;
// - which townships and villages the signed-in user may export, for the pages that list the files.
// The files themselves are built in noticeExport / reviewFormExport / registerExport / summaryReportExport
// (figures) with summaryReportDocument (its layout).
import ExcelJS from 'exceljs'
import type { DB } from '../../db/connection.server'
import type { Role } from '../../db/schema'
import { addDays } from '../../workflows/rules/dates'
import { percentFloorText } from '../utils/format'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import type { CurrentUser } from '../utils/auth.server'
import { clientAddress } from '../utils/auth.server'
import { now, today } from '../utils/clock.server'
import { recordAudit } from './audit.server'
import { getCurrentCampaign, getCurrentCampaigns } from './campaign.server'
import { countHouseholds, emptyHouseholdCounts, type HouseholdCounts } from './householdCounts.server'

const x = t.exports

// ————————————————————————————————————————— the HTTP answer —————————————————————————————————————————

export const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const
export type FileFormat = keyof typeof MIME

export interface ExportFile {
  body: Uint8Array
  format: FileFormat
  /** what the user sees, in Chinese, with the extension */
  filename: string
  /** plain ASCII for clients that do not read filename* (with the extension) */
  fallback: string
}

/** Characters a file name may not carry on Windows, macOS or Linux. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim()
}

/**
 * `attachment; filename="ascii.xlsx"; filename*=UTF-8''%E4%B8%9C…` (RFC 6266 with RFC 5987). encodeURIComponent leaves
 * ' ( ) * unencoded, which RFC 5987's attr-char does not allow: they are encoded too.
 */
export function contentDisposition(filename: string, fallback: string): string {
  const ascii = fallback.replace(/[^\x20-\x7e]|["\\%;]/g, '_')
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

export function fileResponse(file: ExportFile): Response {
  return new Response(file.body as unknown as BodyInit, {
    status: 200,
    headers: {
      'Content-Type': MIME[file.format],
      'Content-Disposition': contentDisposition(file.filename, file.fallback),
      'Content-Length': String(file.body.byteLength),
      // personal data: no browser, proxy or CDN keeps a copy
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
    },
  })
}

// ————————————————————————————————————————— who, when, what —————————————————————————————————————————

/** Who asks, when, from where: what the audit row and the file's dates need. */
export interface ExportContext {
  actor: CurrentUser
  at: Date
  today: string
  ip: string | null
}

export function exportContext(request: Request, actor: CurrentUser): ExportContext {
  return { actor, at: now(), today: today(), ip: clientAddress(request) }
}

// on one line: tests/unit/audit-labels.test.ts reads the kinds from it
export type ExportKind =
  | 'reviewForm'
  | 'reviewForms'
  | 'publicNotice'
  | 'approvalNotice'
  | 'problemRegister'
  | 'rectificationList'
  | 'summaryReport'
  | 'ledgerComparison'
  | 'followUpList'
  | 'selfInspectionReport'

/** One audit row per export: action `export.<kind>`, the village or township it covers, and what went out. */
export async function recordExport(
  db: DB,
  ctx: ExportContext,
  e: {
    kind: ExportKind
    format: FileFormat | 'print'
    townshipId: number
    villageId?: number | null
    entity: { type: 'village' | 'township' | 'household'; id: number }
    details: Record<string, unknown>
  },
): Promise<void> {
  await recordAudit(db, {
    actorUserId: ctx.actor.id,
    action: `export.${e.kind}`,
    entityType: e.entity.type,
    entityId: e.entity.id,
    villageId: e.villageId ?? null,
    townshipId: e.townshipId,
    after: { format: e.format, ...e.details },
    ip: ctx.ip,
    at: ctx.at,
  })
}

// ————————————————————————————————————————— small formats —————————————————————————————————————————
// Money and dates: app/utils/format.ts (yuanCell, yuanDigits, chineseDate), shared with the pages and the CSV.

/** 44 of 45 → '97.7%': rounded down, so nothing shows 100% before it is. */
export function percentText(done: number, total: number): string {
  if (total <= 0) return x.none
  return format(x.percent, { value: percentFloorText(done, total) })
}

// ————————————————————————————————————————— the look of the .xlsx files —————————————————————————————————————————

/** Fonts every Chinese Windows, WPS and macOS Office knows. */
export const XLSX_FONT = '宋体'
export const XLSX_TITLE_FONT = '黑体'
const THIN = { style: 'thin' as const, color: { argb: 'FF333333' } }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }

export interface SheetColumn {
  header: string
  /** width in characters (a Chinese character is about two) */
  width: number
  kind?: 'text' | 'number' | 'yuan' | 'date'
}

export function newWorkbook(title: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = t.app.name
  wb.title = title
  wb.created = new Date()
  return wb
}

/**
 * A sheet with a merged title row, optional lines under it, then the header row (frozen, repeated on every printed
 * page, with a filter), set up for A4. Returns the sheet and the header row's number.
 */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  q: { name: string; title: string; lines?: string[]; columns: SheetColumn[]; orientation: 'portrait' | 'landscape'; filter?: boolean },
): { ws: ExcelJS.Worksheet; headerRow: number } {
  const ws = wb.addWorksheet(q.name.slice(0, 31), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: q.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  })
  ws.columns = q.columns.map((c) => ({ width: c.width }))
  const last = q.columns.length
  const title = ws.addRow([q.title])
  ws.mergeCells(title.number, 1, title.number, last)
  title.height = 30
  title.getCell(1).font = { name: XLSX_TITLE_FONT, size: 16, bold: true }
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }
  for (const line of q.lines ?? []) {
    const row = ws.addRow([line])
    ws.mergeCells(row.number, 1, row.number, last)
    row.getCell(1).font = { name: XLSX_FONT, size: 11 }
    row.getCell(1).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true }
    fitHeight(row, line, q.columns)
  }
  const header = ws.addRow(q.columns.map((c) => c.header))
  header.height = 32
  header.eachCell((cell) => {
    cell.font = { name: XLSX_FONT, size: 11, bold: true }
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    cell.border = BORDER
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  })
  ws.views = [{ state: 'frozen', ySplit: header.number }]
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`
  if (q.filter) ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: last } }
  return { ws, headerRow: header.number }
}

/** A data row: bordered, wrapped, Chinese font; yuan cells as numbers with two decimals. */
export function addDataRow(ws: ExcelJS.Worksheet, columns: SheetColumn[], values: Array<string | number | null>): ExcelJS.Row {
  const row = ws.addRow(values.map((v) => (v === null ? '' : v)))
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1)
    cell.font = { name: XLSX_FONT, size: 11 }
    cell.border = BORDER
    cell.alignment = {
      vertical: 'middle',
      wrapText: true,
      horizontal: c.kind === 'number' || c.kind === 'yuan' ? 'right' : c.kind === 'date' ? 'center' : 'left',
    }
    if (c.kind === 'yuan' && typeof values[i] === 'number') cell.numFmt = '#,##0.00'
  })
  return row
}

/** A line of text across the table (a note, a signature), merged over every column. */
export function addTextRow(ws: ExcelJS.Worksheet, columns: SheetColumn[], text: string, align: 'left' | 'right' = 'left'): ExcelJS.Row {
  const row = ws.addRow([text])
  ws.mergeCells(row.number, 1, row.number, columns.length)
  row.getCell(1).font = { name: XLSX_FONT, size: 11 }
  row.getCell(1).alignment = { horizontal: align, vertical: 'middle', wrapText: true }
  fitHeight(row, text, columns)
  return row
}

/** The foot of a printed notice (公示): where to object, the 举报电话, who issues it and when. */
export function addNoticeFooter(
  ws: ExcelJS.Worksheet,
  columns: SheetColumn[],
  notice: { objection: string; phoneLine: string | null; issuer: string; issuedOn: string },
): void {
  ws.addRow([])
  addTextRow(ws, columns, notice.objection)
  if (notice.phoneLine) addTextRow(ws, columns, notice.phoneLine)
  ws.addRow([])
  addTextRow(ws, columns, notice.issuer, 'right')
  addTextRow(ws, columns, notice.issuedOn, 'right')
}

/** Excel does not grow a merged cell to fit its text: give the row the lines it needs (a Chinese character ≈ 2 widths). */
function fitHeight(row: ExcelJS.Row, text: string, columns: SheetColumn[]) {
  const width = columns.reduce((n, c) => n + c.width, 0)
  const needed = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)
  const lines = Math.max(1, Math.ceil(needed / Math.max(1, width - 2)))
  row.height = 8 + lines * 15
}

export async function workbookFile(wb: ExcelJS.Workbook, filename: string, fallback: string): Promise<ExportFile> {
  const buffer = await wb.xlsx.writeBuffer()
  return { body: new Uint8Array(buffer as ArrayBuffer), format: 'xlsx', filename: `${safeFileName(filename)}.xlsx`, fallback: `${fallback}.xlsx` }
}

// ————————————————————————————————————————— the pages that list the exports —————————————————————————————————————————

export interface ExportVillage {
  id: number
  name: string
  /** households on the public notice: in the allowance now */
  activeHouseholds: number
}

export interface ExportTownship {
  id: number
  name: string
  hasCampaign: boolean
  villages: ExportVillage[]
}

/** Who may export the summary report (总结报告): the township's leaders and admins, the county over its townships. */
export const SUMMARY_ROLES = ['leader', 'admin', 'county'] as const satisfies readonly Role[]

export interface ExportsPage {
  townships: ExportTownship[]
  /** the summary report (总结报告): leaders, admins, the county */
  canSummary: boolean
}

/** The townships (and their villages) the user may export: their own township, or every township of their county. */
export async function getExportsPage(db: DB, user: CurrentUser): Promise<ExportsPage> {
  const townships =
    user.role === 'county'
      ? user.countyName
        ? await db.selectFrom('townships').select(['id', 'name']).where('county_name', '=', user.countyName).orderBy('id').execute()
        : []
      : user.townshipId
        ? await db.selectFrom('townships').select(['id', 'name']).where('id', '=', user.townshipId).execute()
        : []
  const ids = townships.map((tw) => tw.id)
  const [villages, counts, campaigns] = ids.length
    ? await Promise.all([
        db.selectFrom('villages').select(['id', 'name', 'township_id']).where('township_id', 'in', ids).orderBy('township_id').orderBy('sort_order').execute(),
        // 在保户: the dashboard's count of the same name (householdCounts.server.ts)
        countHouseholds(db, { townshipIds: ids }),
        getCurrentCampaigns(db, ids),
      ])
    : [[], new Map<number, HouseholdCounts>(), new Map()]
  const active = new Map([...counts].map(([id, c]) => [id, c.active]))
  const result = townships.map((tw): ExportTownship => ({
    id: tw.id,
    name: tw.name,
    hasCampaign: campaigns.has(tw.id),
    villages: villages.filter((v) => v.township_id === tw.id).map((v) => ({ id: v.id, name: v.name, activeHouseholds: active.get(v.id) ?? 0 })),
  }))
  return { townships: result, canSummary: (SUMMARY_ROLES as readonly Role[]).includes(user.role) }
}

export interface VillageExportsPage {
  village: { id: number; name: string; township: string }
  hasCampaign: boolean
  households: number
  activeHouseholds: number
  problems: number
  orders: number
  /** the notice form's defaults: 7 days from today */
  noticeDefaults: { kind: 'twoLists'; startOn: string; endOn: string; month: string }
  /** 审核结果公示: the village's proposals in notice now */
  inNotice: number
}

/** The public notice's default period: 7 days, today included (2026-11-29 → 2026-12-05). */
export const NOTICE_DEFAULT_DAYS = 7

export function defaultNoticePeriod(day: string): { startOn: string; endOn: string } {
  return { startOn: day, endOn: addDays(day, NOTICE_DEFAULT_DAYS - 1) }
}

export async function getVillageExportsPage(db: DB, village: { id: number; townshipId: number }, day: string): Promise<VillageExportsPage> {
  const [place, campaign, households, inNotice] = await Promise.all([
    db
      .selectFrom('villages')
      .innerJoin('townships', 'townships.id', 'villages.township_id')
      .select(['villages.id', 'villages.name', 'townships.name as township'])
      .where('villages.id', '=', village.id)
      .executeTakeFirstOrThrow(),
    getCurrentCampaign(db, village.townshipId),
    countHouseholds(db, { townshipIds: [village.townshipId], onlyVillageId: village.id }).then((m) => m.get(village.id) ?? emptyHouseholdCounts()),
    db
      .selectFrom('proposals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_id', '=', village.id)
      .where('state', '=', 'inNotice')
      .executeTakeFirst(),
  ])
  const [problems, orders] = campaign
    ? await Promise.all([
        db
          .selectFrom('problems')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('campaign_id', '=', campaign.id)
          .where('village_id', '=', village.id)
          .executeTakeFirst(),
        db
          .selectFrom('rectification_orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('campaign_id', '=', campaign.id)
          .where('village_id', '=', village.id)
          .executeTakeFirst(),
      ])
    : [undefined, undefined]
  return {
    village: { id: place.id, name: place.name, township: place.township },
    hasCampaign: campaign !== null,
    households: households.forms,
    activeHouseholds: households.active,
    problems: Number(problems?.n ?? 0),
    orders: Number(orders?.n ?? 0),
    noticeDefaults: { kind: 'twoLists', ...defaultNoticePeriod(day), month: day.slice(0, 7) },
    inNotice: Number(inNotice?.n ?? 0),
  }
}

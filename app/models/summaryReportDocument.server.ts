// 总结报告, the document: the layout of the summary report (.docx) drawn from the figures counted in
// summaryReportExport.server.ts — a Chinese government document's fonts, headings, tables and page numbers. Pure: no
// database, so it runs in the worker thread (app/workers/summaryDocx.worker.ts) that builds the file.
import {
  AlignmentType,
  BorderStyle,
  type Document,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx'
import type { PhaseId } from '../../db/schema'
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { percentText } from './exports.server'
import type { StatusCounts, SummaryReportData, SummaryVillage } from './summaryReportExport.server'
import { font, officialDocument, PT } from './officialDocument.server'
import { chineseDate, countText, yuanDigits } from '../utils/format'

/** 审批进度's rows in the figures table, in the dashboard's order */
const APPROVAL_DOCX_ROWS = ['proposed', 'inNotice', 'objections', 'countyApproved', 'returned', 'overdue'] as const

const s = t.exports.summary

// fonts and sizes of the house style (officialDocument.server.ts)
const TABLE = font('宋体')
const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

function body(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)], indent: { firstLine: 640 } })
}

function heading1(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] })
}

function heading2(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] })
}

function cell(text: string, q: { header?: boolean; align?: 'left' | 'center' | 'right'; width?: number } = {}): TableCell {
  const alignment = q.align === 'right' ? AlignmentType.RIGHT : q.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    ...(q.width ? { width: { size: q.width, type: WidthType.PERCENTAGE } } : {}),
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER },
    children: [
      new Paragraph({
        alignment,
        spacing: { line: 280, before: 0, after: 0 },
        children: [new TextRun({ text, font: TABLE, size: PT(10.5), bold: q.header === true })],
      }),
    ],
  })
}

/** A full-width table; the header row repeats on every page. `align` per column: text left, numbers right. */
function table(headers: string[], rows: string[][], q: { widths?: number[]; align?: Array<'left' | 'center' | 'right'> } = {}): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.AUTOFIT,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, { header: true, width: q.widths?.[i] })) }),
      ...rows.map(
        (r) => new TableRow({ cantSplit: true, children: r.map((text, i) => cell(text, { align: q.align?.[i] ?? 'center', width: q.widths?.[i] })) }),
      ),
    ],
  })
}

const num = countText
const money = (fen: number) => `${yuanDigits(fen)}元`

function statusWords(counts: StatusCounts) {
  return { verified: counts.verified, rectified: counts.rectified, rectifying: counts.rectifying, open: counts.open }
}

/** The village's sentence: its figures, its problems by category, its outcomes. */
function villageParagraphs(v: SummaryVillage): Paragraph[] {
  const p = v.progress
  const categories = PROBLEM_CATEGORIES.filter((c) => p.problemsByCategory[c] > 0).map((c) =>
    format(s.categoryItem, { category: t.problemCategories[c], count: p.problemsByCategory[c] }),
  )
  const text = format(s.villageText, {
    households: num(p.households),
    reviewed: num(p.reviewed),
    coverage: percentText(p.reviewed, p.households),
    visited: num(p.homeVisited),
    visitRate: percentText(p.homeVisited, p.households),
    problems:
      p.problems > 0
        ? format(s.villageProblems, { count: num(p.problems), list: categories.join(s.listSeparator), verified: num(v.byStatus.verified) })
        : s.villageNoProblems,
    exits: num(p.exits),
    newEnrolments: num(p.newEnrolments),
    fraudCases: num(p.fraudCases),
    recovered: money(p.fraudRecoveredFen),
  })
  const out = [body(text)]
  if (p.zeroReport) out.push(body(format(s.villageZeroReport, { count: p.keyInspections })))
  if (v.unfinished > 0) out.push(body(format(s.villageOpen, { count: v.unfinished })))
  return out
}

export function summaryReportDocument(d: SummaryReportData): Document {
  const title = format(s.docTitle, { township: d.township.name })
  const totals = d.totals
  const first = d.campaign.windows[0]
  const last = d.campaign.windows.at(-1)
  const children: Array<Paragraph | Table> = []

  children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }))
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: format(s.draftNote, { date: chineseDate(d.today) }), size: PT(12), font: font('楷体') })],
    }),
  )

  // 一、工作开展情况
  children.push(heading1(s.sections.overview))
  if (first && last)
    children.push(body(format(s.overviewText, { township: d.township.name, start: chineseDate(first.starts_on), end: chineseDate(last.ends_on) })))
  const inPhase = (phase: PhaseId | 'closed') => d.villages.filter((v) => v.progress.phase === phase).length
  const phaseRows = d.campaign.windows.map((w) => [
    t.phases[w.phase],
    format(s.window, { start: chineseDate(w.starts_on), end: chineseDate(w.ends_on) }),
    num(inPhase(w.phase)),
  ])
  if (inPhase('closed') > 0) phaseRows.push([t.phases.closed, '', num(inPhase('closed'))])
  children.push(
    table([s.phaseColumns.phase, s.phaseColumns.window, s.phaseColumns.villagesNow], phaseRows, { widths: [25, 50, 25], align: ['center', 'center', 'right'] }),
  )

  // 二、全镇总体情况
  children.push(heading1(s.sections.totals))
  children.push(
    body(
      format(s.totalsText, {
        households: num(totals.households),
        reviewed: num(totals.reviewed),
        coverage: percentText(totals.reviewed, totals.households),
        visited: num(totals.homeVisited),
        visitRate: percentText(totals.homeVisited, totals.households),
        problems: num(totals.problems),
        ...Object.fromEntries(Object.entries(statusWords(d.byStatus)).map(([k, n]) => [k, num(n)])),
        exits: num(totals.exits),
        newEnrolments: num(totals.newEnrolments),
        fraudCases: num(totals.fraudCases),
        recovered: money(totals.fraudRecoveredFen),
        fine: money(totals.fraudFineFen),
      }),
    ),
  )
  const zero = d.villages.filter((v) => v.progress.zeroReport)
  children.push(
    body(
      zero.length
        ? format(s.zeroReports, {
            count: zero.length,
            villages: zero.map((v) => v.progress.name).join(s.listSeparator),
            inspected: zero.filter((v) => v.progress.keyInspections > 0).length,
          })
        : s.noZeroReports,
    ),
  )
  const f = s.figures
  children.push(
    table(
      [s.figureColumns.item, s.figureColumns.value],
      [
        [f.households, num(totals.households)],
        [f.reviewed, num(totals.reviewed)],
        [f.coverage, percentText(totals.reviewed, totals.households)],
        [f.visited, num(totals.homeVisited)],
        [f.visitRate, percentText(totals.homeVisited, totals.households)],
        [f.problems, num(totals.problems)],
        [f.verified, num(d.byStatus.verified)],
        [f.unresolved, num(totals.unresolvedProblems)],
        [f.exits, num(totals.exits)],
        [f.newEnrolments, num(totals.newEnrolments)],
        [f.fraudCases, num(totals.fraudCases)],
        [f.fraudRecovered, yuanDigits(totals.fraudRecoveredFen)],
        [f.fraudFine, yuanDigits(totals.fraudFineFen)],
        // 审批进度 and 专人督办: the dashboard's figures (approvalBuckets.ts)
        ...APPROVAL_DOCX_ROWS.map((k): [string, string] => [t.approvalProgress.docx[k], num(totals.approvals[k])]),
        [t.approvalProgress.docx.seriousSupervised, num(totals.seriousSupervised)],
      ],
      { widths: [60, 40], align: ['left', 'right'] },
    ),
  )

  // 三、发现问题分类及处理情况
  children.push(heading1(s.sections.categories))
  children.push(body(s.categoriesText))
  const cc = s.categoryColumns
  const categoryRow = (label: string, counts: StatusCounts) => [
    label,
    num(PROBLEM_STATUSES.reduce((n, st) => n + counts[st], 0)),
    num(counts.open),
    num(counts.rectifying),
    num(counts.rectified),
    num(counts.verified),
  ]
  children.push(
    table(
      [cc.category, cc.found, cc.open, cc.rectifying, cc.rectified, cc.verified],
      [...PROBLEM_CATEGORIES.map((c) => categoryRow(t.problemCategories[c], d.categories[c])), categoryRow(s.categoriesTotal, d.byStatus)],
      { widths: [24, 14, 14, 14, 20, 14], align: ['center', 'right', 'right', 'right', 'right', 'right'] },
    ),
  )

  // 四、各村(居)情况
  children.push(heading1(s.sections.villages))
  const vc = s.villageColumns
  children.push(
    table(
      [vc.village, vc.households, vc.reviewed, vc.coverage, vc.visitRate, vc.problems, vc.unresolved, vc.exits, vc.newEnrolments, vc.fraudRecovered],
      d.villages.map(({ progress: p }) => [
        p.name,
        num(p.households),
        num(p.reviewed),
        percentText(p.reviewed, p.households),
        percentText(p.homeVisited, p.households),
        num(p.problems),
        num(p.unresolvedProblems),
        num(p.exits),
        num(p.newEnrolments),
        yuanDigits(p.fraudRecoveredFen),
      ]),
      { widths: [12, 8, 8, 10, 10, 9, 10, 7, 8, 18], align: ['center', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] },
    ),
  )
  d.villages.forEach((v, i) => {
    children.push(heading2(format(s.villageHeading, { index: chineseNumber(i + 1), village: v.progress.name })))
    children.push(...villageParagraphs(v))
  })

  // 五、检查督导情况
  children.push(heading1(s.sections.supervision))
  children.push(
    body(
      format(s.supervisionText, {
        visits: num(d.supervision.visits),
        keyInspections: num(d.supervision.keyInspections),
        superficial: num(d.supervision.superficial),
        orders: num(d.supervision.orders),
        accepted: num(d.supervision.accepted),
      }),
    ),
  )

  // 六、整改措施（限时整改）
  children.push(heading1(s.sections.measures))
  if (d.measures.length === 0) children.push(body(s.measuresNone))
  else {
    children.push(body(format(s.measuresText, { count: d.measures.length })))
    const mc = s.measureColumns
    children.push(
      table(
        [mc.village, mc.kind, mc.issue, mc.measure, mc.responsible, mc.deadline, mc.status],
        d.measures.map((m) => [
          m.village,
          t.exports.rectification.kinds[m.kind],
          m.issue,
          m.measure ?? s.notSet,
          m.responsible ?? s.notSet,
          m.deadlineOn ?? s.notSet,
          m.status,
        ]),
        { widths: [10, 9, 27, 24, 11, 10, 9], align: ['center', 'center', 'left', 'left', 'center', 'center', 'center'] },
      ),
    )
  }

  // 七、下一步工作
  children.push(heading1(s.sections.next))
  children.push(body(s.nextPlaceholder))
  children.push(new Paragraph({ text: '' }))
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(format(s.signature, { township: d.township.name }))] }))
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(s.signatureDate)] }))

  return officialDocument({ creator: t.app.name, title, description: format(s.draftNote, { date: chineseDate(d.today) }) }, children)
}

/** 1 → 一, 12 → 十二 (headings （一）…（十二）; a township has well under a hundred villages, beyond that digits). */
export function chineseNumber(n: number): string {
  const digits = '〇一二三四五六七八九'
  if (n < 10) return digits[n]
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`
  return String(n)
}

// 复核认定情况登记表 for the paper file (一户一档): one household or a whole village, as a print page (one A4 page a
// household) and as .xlsx (one row a household). The values come from getHouseholdReview, the same function the
// on-screen form uses, so paper and screen cannot disagree. ID numbers are masked here as everywhere (the
// threat model: printouts lie on desks); no role gets the full number on paper. The members, the economic check, the
// conclusion in the plan's words and the signature lines come from reviewPaper.server.ts (for print and .xlsx alike).
import type { DB } from '../../db/connection.server'
import { present } from '../../workflows/present'
import { KEY_CHECK_SITUATIONS, RISK_SIGNALS } from '../../workflows/rules/vocabulary'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { beijingTime, yuanCell } from '../utils/format'
import { getCurrentCampaign } from './campaign.server'
import { addDataRow, addTableSheet, newWorkbook, recordExport, workbookFile, type ExportContext, type ExportFile, type SheetColumn } from './exports.server'
import { getHouseholdReview, type HouseholdView } from './householdReview.server'
import { listRoster } from './householdRoster.server'
import type { ReviewValues } from './householdReviewForm.server'
import { getReviewPapers, type ReviewPaper } from './reviewPaper.server'

const x = t.exports
const h = t.households
const c = x.reviewForms.columns
const pc = t.paper.columns

export interface ReviewFormPlace {
  county: string
  township: string
  village: string
  villageCode: string
}

export interface ReviewForm {
  household: HouseholdView
  values: ReviewValues
  reviewedBy: string | null
  reviewedAt: string | null
  /** 家庭成员, 家庭经济状况核查, the conclusion and the signature lines */
  paper: ReviewPaper
}

export interface ReviewForms {
  place: ReviewFormPlace
  forms: ReviewForm[]
}

async function placeOf(db: DB, villageId: number): Promise<ReviewFormPlace> {
  const row = await db
    .selectFrom('villages')
    .innerJoin('townships', 'townships.id', 'villages.township_id')
    .select(['villages.name as village', 'villages.code', 'townships.name as township', 'townships.county_name as county'])
    .where('villages.id', '=', villageId)
    .executeTakeFirstOrThrow()
  return { county: row.county, township: row.township, village: row.village, villageCode: row.code }
}

/**
 * The review forms of a village in roster order (the original roster, then the newly enrolled), or of one household.
 * Null when that household is not this village's.
 */
export async function getReviewForms(db: DB, q: { campaignId: number; villageId: number; householdId?: number }): Promise<ReviewForms | null> {
  const ids = q.householdId !== undefined ? [q.householdId] : (await listRoster(db, { campaignId: q.campaignId, villageId: q.villageId })).rows.map((r) => r.id)
  const pages: Array<Omit<ReviewForm, 'paper'>> = []
  for (const householdId of ids) {
    const page = await getHouseholdReview(db, { campaignId: q.campaignId, villageId: q.villageId, householdId })
    if (!page) return null
    pages.push({ household: page.household, values: page.values, reviewedBy: page.reviewedBy, reviewedAt: page.reviewedAt })
  }
  const papers = await getReviewPapers(db, {
    campaignId: q.campaignId,
    households: pages.map((f) => ({
      householdId: f.household.id,
      memberCount: f.household.memberCount,
      outcome: f.values.outcome,
      reviewedBy: f.reviewedBy,
      reviewedAt: f.reviewedAt,
    })),
  })
  const forms = pages.map((f) => ({ ...f, paper: present(papers.get(f.household.id), 'the paper of every household asked for') }))
  return { place: await placeOf(db, q.villageId), forms }
}

/** The form's title as the county prints it: 某某县城乡低保对象复核认定情况登记表. */
export function reviewFormTitle(place: { county: string }): string {
  return place.county ? format(h.print.title, { county: place.county }) : h.print.titleNoCounty
}

type Village = { id: number; townshipId: number }
export type ReviewFormsResult<T> = ({ ok: true } & T) | { ok: false; reason: 'noCampaign' | 'notInVillage' }

/** The print page of one household's form (一户一档); recorded. */
export async function printReviewForm(
  db: DB,
  ctx: ExportContext,
  village: Village,
  householdId: number,
): Promise<ReviewFormsResult<ReviewForms & { printedOn: string }>> {
  return printForms(db, ctx, village, householdId)
}

/** The print page of every household's form in the village, one A4 page each; recorded. */
export async function printVillageReviewForms(db: DB, ctx: ExportContext, village: Village): Promise<ReviewFormsResult<ReviewForms & { printedOn: string }>> {
  return printForms(db, ctx, village)
}

async function printForms(db: DB, ctx: ExportContext, village: Village, householdId?: number): Promise<ReviewFormsResult<ReviewForms & { printedOn: string }>> {
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) return { ok: false, reason: 'noCampaign' }
  const forms = await getReviewForms(db, { campaignId: campaign.id, villageId: village.id, householdId })
  if (!forms) return { ok: false, reason: 'notInVillage' }
  await recordExport(db, ctx, {
    kind: householdId !== undefined ? 'reviewForm' : 'reviewForms',
    format: 'print',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: householdId !== undefined ? { type: 'household', id: householdId } : { type: 'village', id: village.id },
    details: { households: forms.forms.length },
  })
  return { ok: true, ...forms, printedOn: ctx.today }
}

const COLUMNS: SheetColumn[] = [
  { header: c.number, width: 6, kind: 'number' },
  { header: c.headName, width: 10 },
  { header: c.idNumber, width: 21 },
  { header: c.members, width: 6, kind: 'number' },
  { header: c.covered, width: 6, kind: 'number' },
  { header: c.category, width: 12 },
  { header: c.monthly, width: 11, kind: 'yuan' },
  { header: c.responsibleCadre, width: 9 },
  { header: c.enrolment, width: 10 },
  { header: c.status, width: 8 },
  { header: c.incomeChecked, width: 8 },
  { header: c.propertyChecked, width: 8 },
  { header: c.homeVisitOn, width: 12, kind: 'date' },
  { header: c.homeVisitBy, width: 14 },
  { header: c.keyCheck, width: 18 },
  { header: c.risk, width: 20 },
  { header: c.nearRelative, width: 14 },
  { header: c.outcome, width: 10 },
  { header: c.adjustedAmount, width: 11, kind: 'yuan' },
  { header: c.exitOn, width: 12, kind: 'date' },
  { header: c.exitReason, width: 20 },
  { header: c.fraudRecovered, width: 11, kind: 'yuan' },
  { header: c.fraudFine, width: 11, kind: 'yuan' },
  { header: c.notes, width: 24 },
  { header: c.reviewedBy, width: 9 },
  { header: c.reviewedAt, width: 17, kind: 'date' },
  { header: pc.members, width: 28 },
  { header: pc.totalIncome, width: 12, kind: 'yuan' },
  { header: pc.perCapita, width: 12, kind: 'yuan' },
  { header: pc.conclusion, width: 24 },
  { header: pc.township, width: 20 },
  { header: pc.county, width: 20 },
]

/** A signature line as one cell: opinion, name, day. */
function signatureCell(s: ReviewPaper['signatures'][number]): string | null {
  const parts = [s.opinion, s.name, s.day].filter(Boolean)
  return parts.length ? parts.join(' ') : null
}

const yesNo = (on: boolean) => (on ? x.yes : x.no)
const money = (fen: number | null) => (fen === null ? null : yuanCell(fen))

/** One row a household, the form's fields in the form's order. */
export function reviewFormsWorkbook(forms: ReviewForms, today: string) {
  const title = reviewFormTitle(forms.place)
  const wb = newWorkbook(title)
  const { ws } = addTableSheet(wb, {
    name: x.reviewForms.sheetName,
    title,
    lines: [format(x.reviewForms.subtitle, { township: forms.place.township, village: forms.place.village, date: today })],
    columns: COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  forms.forms.forEach(({ household: hh, values: v, reviewedBy, reviewedAt, paper }, i) => {
    const reviewed = reviewedAt !== null
    addDataRow(ws, COLUMNS, [
      i + 1,
      hh.headName,
      hh.maskedIdNumber,
      hh.memberCount,
      hh.coveredCount,
      hh.category,
      yuanCell(hh.monthlyAmountFen),
      hh.responsibleCadre,
      hh.enrolment === 'roster' ? h.form.enrolmentRoster : h.form.enrolmentNew,
      hh.status === 'active' ? h.form.statusActive : h.form.statusExited,
      reviewed ? yesNo(v.incomeChecked) : null,
      reviewed ? yesNo(v.propertyChecked) : null,
      v.homeVisitOn,
      v.homeVisitBy,
      KEY_CHECK_SITUATIONS.filter((k) => v.keyCheckSituations.includes(k))
        .map((k) => h.keyCheckSituations[k])
        .join('、'),
      RISK_SIGNALS.filter((k) => v.riskSignals.includes(k))
        .map((k) => h.riskSignals[k])
        .join('、'),
      v.nearRelativeFiling ? (v.nearRelativeNote ? `${x.yes}（${v.nearRelativeNote}）` : x.yes) : x.no,
      v.outcome ? h.outcomes[v.outcome] : h.reviewStatus.unreviewed,
      money(v.adjustedAmountFen),
      v.exitOn,
      v.exitReason,
      money(v.fraudRecoveredFen),
      money(v.fraudFineFen),
      v.notes,
      reviewedBy,
      reviewedAt ? beijingTime(reviewedAt) : null,
      paper.members.map((m) => `${m.name}（${t.members.relations[m.relation]}）`).join('、') || null,
      paper.economic ? yuanCell(paper.economic.totalFen) : null,
      paper.economic ? yuanCell(paper.economic.perCapitaFen) : null,
      [paper.conclusion.text, paper.conclusion.detail].filter(Boolean).join('，') || null,
      signatureCell(paper.signatures[2]),
      signatureCell(paper.signatures[3]),
    ])
  })
  return wb
}

/** The village's forms (or one household's) as .xlsx; recorded. */
export async function downloadReviewForms(
  db: DB,
  ctx: ExportContext,
  village: Village,
  householdId?: number,
): Promise<ReviewFormsResult<{ file: ExportFile }>> {
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) return { ok: false, reason: 'noCampaign' }
  const forms = await getReviewForms(db, { campaignId: campaign.id, villageId: village.id, householdId })
  if (!forms) return { ok: false, reason: 'notInVillage' }
  const one = householdId !== undefined ? forms.forms[0] : null
  const name = one
    ? format(x.files.reviewForm, { village: forms.place.village, name: one.household.headName, date: ctx.today })
    : format(x.files.reviewForms, { village: forms.place.village, date: ctx.today })
  const fallback = one ? `review-form-${forms.place.villageCode}-${one.household.id}-${ctx.today}` : `review-forms-${forms.place.villageCode}-${ctx.today}`
  const file = await workbookFile(reviewFormsWorkbook(forms, ctx.today), name, fallback)
  await recordExport(db, ctx, {
    kind: one ? 'reviewForm' : 'reviewForms',
    format: 'xlsx',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: one ? { type: 'household', id: one.household.id } : { type: 'village', id: village.id },
    details: { households: forms.forms.length, file: file.filename },
  })
  return { ok: true, file }
}

// A township starts a campaign (专项整治) from a template, and closes it when its work is done. The plan a form shows
// (name, the four windows from a start day with their working days, the checklist per phase, the villages) comes
// from planCampaign; createCampaign writes the campaign, its windows, its own checklist wording, the township's
// duties and every participating village's workflow (mobilisation) and checklist in one transaction. One open
// campaign per township (a unique partial index backs the check); a closed one stays readable, and households belong
// to villages, so the roster carries forward into the next campaign by itself.
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { enrolVillages } from './campaignEnrolment.server'
import { loadWorkingDayCalendar } from './holidays.server'
import { isUniqueViolation } from './householdReview.server'
import { townshipTaskDueDays, windowsFromStart } from '../../workflows/rules/campaignPlan'
import { addDays, isDay, shanghaiDay } from '../../workflows/rules/dates'
import { PHASES, type PhaseId } from '../../workflows/phases'
import type { PhaseWindow } from '../../workflows/rules/schedule'
import { validateWindows, type WindowInput, type WindowProblem } from '../../workflows/rules/windows'
import type { WorkingDayCalendar } from '../../workflows/rules/workingDays'
import { findTemplate, TEMPLATE_LIST, type CampaignTemplate } from '../../workflows/template'
import { addTownshipTasks } from './townshipTasks.server'
import { casUpdate, VersionConflict, type DbOrTx } from './versioned.server'

export const CAMPAIGN_LIMITS = { nameMax: 60, labelMax: 60, itemsPerPhase: 15 } as const

/** Who creates or closes: a signed-in user, or a command line (userId null, `operator` says who ran it). */
export interface CampaignActor {
  userId: number | null
  at: Date
  ip?: string | null
  /** recorded in the audit row when there is no user (命令行（用户名）) */
  operator?: string
}

export interface PlannedWindow extends PhaseWindow {
  label: string
  /** working days in the window, both ends included, by the township's calendar */
  workingDays: number
}

export interface TemplateChoice {
  key: string
  name: string
  source: string
}

export interface CampaignPlan {
  township: { id: number; name: string }
  template: TemplateChoice
  templates: TemplateChoice[]
  name: string
  startOn: string
  windows: PlannedWindow[]
  checklist: Array<{ phase: PhaseId; key: string; label: string }>
  villages: Array<{ id: number; name: string }>
  townshipTasks: Array<{ label: string; dueOn: string | null }>
  /** the township's open campaign, when it has one (then no new one can be created) */
  openCampaign: { id: number; name: string } | null
}

export type PlanResult = { ok: true; plan: CampaignPlan } | { ok: false; kind: 'unknownTownship' | 'unknownTemplate' | 'invalidStart' }

const choice = (t: CampaignTemplate): TemplateChoice => ({ key: t.key, name: t.name, source: t.source })

/** Every template a township may choose from. */
export function templateChoices(): TemplateChoice[] {
  return TEMPLATE_LIST.map(choice)
}

/** Working days of a window, both ends included. */
export function windowWorkingDays(calendar: WorkingDayCalendar, w: PhaseWindow): number {
  if (!isDay(w.starts_on) || !isDay(w.ends_on) || w.ends_on < w.starts_on) return 0
  return calendar.workingDaysBetween(addDays(w.starts_on, -1), w.ends_on).days
}

/** The windows with their phase labels and working days (for a form's defaults and the command's output). */
export function describeWindows(template: CampaignTemplate, calendar: WorkingDayCalendar, windows: readonly PhaseWindow[]): PlannedWindow[] {
  return windows.map((w) => ({ ...w, label: template.phases.find((p) => p.id === w.phase)?.label ?? w.phase, workingDays: windowWorkingDays(calendar, w) }))
}

async function openCampaignOf(db: DB, townshipId: number) {
  return (await db.selectFrom('campaigns').select(['id', 'name']).where('township_id', '=', townshipId).where('status', '=', 'open').executeTakeFirst()) ?? null
}

/** What the create form shows by default: the template's plan for this township starting on `startOn`. */
export async function planCampaign(db: DB, townshipId: number, templateKey: string, startOn: string): Promise<PlanResult> {
  const township = await db.selectFrom('townships').select(['id', 'name']).where('id', '=', townshipId).executeTakeFirst()
  if (!township) return { ok: false, kind: 'unknownTownship' }
  const template = findTemplate(templateKey)
  if (!template) return { ok: false, kind: 'unknownTemplate' }
  if (!isDay(startOn)) return { ok: false, kind: 'invalidStart' }
  const calendar = await loadWorkingDayCalendar(db, { townshipId })
  const windows = windowsFromStart(template, startOn)
  const villages = await db.selectFrom('villages').select(['id', 'name']).where('township_id', '=', townshipId).orderBy('sort_order').orderBy('id').execute()
  return {
    ok: true,
    plan: {
      township,
      template: choice(template),
      templates: templateChoices(),
      name: `${township.name}${template.name}`,
      startOn,
      windows: describeWindows(template, calendar, windows),
      checklist: template.phases.flatMap((p) => p.checklist.map((item) => ({ phase: p.id, key: item.key, label: item.label }))),
      villages,
      townshipTasks: townshipTaskDueDays(template, windows).map((task) => ({ label: task.label, dueOn: task.dueOn })),
      openCampaign: await openCampaignOf(db, townshipId),
    },
  }
}

export interface ChecklistRowInput {
  phase: PhaseId
  label: string
  /** the template item's key for a row that came from the template; empty for a row added */
  key?: string
}

export type ChecklistProblem =
  { phase: PhaseId; index: number; code: 'labelTooLong' } | { phase: PhaseId; code: 'tooMany' } | { phase: PhaseId; code: 'emptyPhase' }

export interface CreateCampaignInput {
  townshipId: number
  templateKey: string
  name: string
  windows: WindowInput[]
  checklist: ChecklistRowInput[]
  villageIds: number[]
}

export type CreateCampaignResult =
  | { ok: true; campaignId: number; name: string; template: CampaignTemplate; windows: PhaseWindow[]; villageIds: number[] }
  | { ok: false; kind: 'unknownTownship' | 'unknownTemplate' | 'openCampaignExists' | 'nameInvalid' | 'noVillages' | 'foreignVillages' }
  | { ok: false; kind: 'invalidWindows'; problems: WindowProblem[] }
  | { ok: false; kind: 'badChecklist'; problems: ChecklistProblem[] }

interface ChecklistLine {
  phase: PhaseId
  key: string
  label: string
  sortOrder: number
}

/**
 * The campaign's own checklist from the posted rows (blank labels dropped): a row keeps its template item's key when
 * it came from the template (reworded or not), an added row gets `custom-N`. Problems when a label is too long, a
 * phase has more than 15 items or none.
 */
export function buildChecklist(template: CampaignTemplate, rows: readonly ChecklistRowInput[]): { lines: ChecklistLine[]; problems: ChecklistProblem[] } {
  const lines: ChecklistLine[] = []
  const problems: ChecklistProblem[] = []
  let custom = 0
  for (const phase of PHASES) {
    const known = new Set(template.phases.find((p) => p.id === phase)?.checklist.map((c) => c.key) ?? [])
    const used = new Set<string>()
    const phaseRows = rows.filter((r) => r.phase === phase)
    let order = 0
    phaseRows.forEach((row, index) => {
      const label = row.label.trim()
      if (!label) return
      if ([...label].length > CAMPAIGN_LIMITS.labelMax) problems.push({ phase, index, code: 'labelTooLong' })
      const key = row.key && known.has(row.key) && !used.has(row.key) ? row.key : `custom-${++custom}`
      used.add(key)
      lines.push({ phase, key, label, sortOrder: order++ })
    })
    if (order === 0) problems.push({ phase, code: 'emptyPhase' })
    if (order > CAMPAIGN_LIMITS.itemsPerPhase) problems.push({ phase, code: 'tooMany' })
  }
  return { lines, problems }
}

class Refused extends Error {
  constructor(readonly kind: 'openCampaignExists' | 'foreignVillages') {
    super(kind)
  }
}

/** Create a campaign with everything it starts with, in one transaction; a refusal (a kind) writes nothing. */
export async function createCampaign(db: DB, input: CreateCampaignInput, actor: CampaignActor): Promise<CreateCampaignResult> {
  const template = findTemplate(input.templateKey)
  if (!template) return { ok: false, kind: 'unknownTemplate' }
  const township = await db.selectFrom('townships').select(['id', 'name']).where('id', '=', input.townshipId).executeTakeFirst()
  if (!township) return { ok: false, kind: 'unknownTownship' }
  const name = input.name.trim()
  if (!name || [...name].length > CAMPAIGN_LIMITS.nameMax) return { ok: false, kind: 'nameInvalid' }
  const windows: PhaseWindow[] = PHASES.flatMap((phase) => input.windows.filter((w) => w.phase === phase).slice(0, 1))
  const windowProblems = validateWindows(windows)
  if (windowProblems.length) return { ok: false, kind: 'invalidWindows', problems: windowProblems }
  const checklist = buildChecklist(template, input.checklist)
  if (checklist.problems.length) return { ok: false, kind: 'badChecklist', problems: checklist.problems }
  const villageIds = [...new Set(input.villageIds)]
  if (villageIds.length === 0) return { ok: false, kind: 'noVillages' }
  const first = windows[0]
  const last = windows[windows.length - 1]
  try {
    const campaignId = await db.transaction().execute(async (tx) => {
      const open = await tx.selectFrom('campaigns').select('id').where('township_id', '=', township.id).where('status', '=', 'open').executeTakeFirst()
      if (open) throw new Refused('openCampaignExists')
      const ours = await tx.selectFrom('villages').select('id').where('township_id', '=', township.id).where('id', 'in', villageIds).execute()
      if (ours.length !== villageIds.length) throw new Refused('foreignVillages')
      const { id } = await tx
        .insertInto('campaigns')
        .values({
          township_id: township.id,
          name,
          template_key: template.key,
          status: 'open',
          started_on: first.starts_on,
          summary_due_on: last.ends_on,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('campaign_phases')
        .values(windows.map((w, i) => ({ campaign_id: id, phase: w.phase, sort_order: i, starts_on: w.starts_on, ends_on: w.ends_on })))
        .execute()
      await tx
        .insertInto('campaign_checklist_items')
        .values(checklist.lines.map((l) => ({ campaign_id: id, phase: l.phase, item_key: l.key, label: l.label, sort_order: l.sortOrder })))
        .execute()
      const campaign = { id, townshipId: township.id, templateKey: template.key, windows }
      await addTownshipTasks(tx, campaign, actor.at)
      await enrolVillages(tx, campaign, villageIds, actor.at)
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: id,
        townshipId: township.id,
        after: {
          name,
          template: template.key,
          windows: windows.map(({ phase, starts_on, ends_on }) => ({ phase, starts_on, ends_on })),
          villages: villageIds.length,
          ...(actor.operator ? { operator: actor.operator } : {}),
        },
        ip: actor.ip,
        at: actor.at,
      })
      return id
    })
    return { ok: true, campaignId, name, template, windows, villageIds }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, kind: error.kind }
    // two creates at once: the one-open-campaign index lets one through
    if (isUniqueViolation(error)) return { ok: false, kind: 'openCampaignExists' }
    throw error
  }
}

export type CloseCampaignResult =
  | { ok: true }
  | { ok: false; kind: 'notFound' | 'alreadyClosed' }
  | { ok: false; kind: 'villagesStillWorking'; villages: number; endsOn: string | null }
  | { ok: false; kind: 'conflict'; version: number }

/** What the close form needs: the campaign's status, version, and how many villages are still working. */
export async function campaignCloseState(db: DB, campaignId: number) {
  const campaign = await db.selectFrom('campaigns').select(['id', 'status', 'version', 'closed_on']).where('id', '=', campaignId).executeTakeFirst()
  if (!campaign) return null
  return { ...campaign, villagesWorking: await villagesStillWorking(db, campaignId) }
}

async function villagesStillWorking(db: DbOrTx, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('village_workflows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('phase', '<>', 'closed')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * Close the township's open campaign: when every enrolled village's workflow is closed, or once its last window
 * has ended. A stale form (another version) is a conflict; nothing is written on a refusal.
 */
export async function closeCampaign(
  db: DB,
  input: { townshipId: number; campaignId: number; expectedVersion?: number },
  actor: CampaignActor,
): Promise<CloseCampaignResult> {
  const today = shanghaiDay(actor.at)
  try {
    return await db.transaction().execute(async (tx) => {
      const campaign = await tx
        .selectFrom('campaigns')
        .select(['id', 'status', 'version'])
        .where('id', '=', input.campaignId)
        .where('township_id', '=', input.townshipId)
        .executeTakeFirst()
      if (!campaign) return { ok: false, kind: 'notFound' } as const
      if (input.expectedVersion !== undefined && campaign.version !== input.expectedVersion) throw new VersionConflict()
      if (campaign.status !== 'open') return { ok: false, kind: 'alreadyClosed' } as const
      const last = await tx
        .selectFrom('campaign_phases')
        .select((eb) => eb.fn.max('ends_on').as('endsOn'))
        .where('campaign_id', '=', campaign.id)
        .executeTakeFirst()
      const endsOn = (last?.endsOn as string | null | undefined) ?? null
      const working = await villagesStillWorking(tx, campaign.id)
      const ended = endsOn !== null && today > endsOn
      if (working > 0 && !ended) return { ok: false, kind: 'villagesStillWorking', villages: working, endsOn } as const
      await casUpdate(tx, 'campaigns', campaign.id, input.expectedVersion, { status: 'closed', closed_on: today, closed_by_user_id: actor.userId })
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'campaign.close',
        entityType: 'campaign',
        entityId: campaign.id,
        townshipId: input.townshipId,
        before: { status: 'open' },
        after: { status: 'closed', closed_on: today, ...(actor.operator ? { operator: actor.operator } : {}) },
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true } as const
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const now = await db.selectFrom('campaigns').select('version').where('id', '=', input.campaignId).executeTakeFirst()
    return { ok: false, kind: 'conflict', version: now?.version ?? 0 }
  }
}

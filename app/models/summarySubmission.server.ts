// 汇总上报总结报告: the township submits its summary report to the county (县民政局). One step, one transaction: the
// campaign records the day (Shanghai) and who, its version moves on, and the template's summary duty is done that
// day. Also what the dashboard shows of the campaign around it: its state, the duties and the submission.
import type { DB } from '../../db/connection.server'
import { shanghaiDay } from '../../workflows/rules/dates'
import { findTemplate } from '../../workflows/template'
import { recordAudit } from './audit.server'
import { listTownshipTasks, type TownshipTaskView } from './townshipTasks.server'
import { casUpdate, describeVersionConflict, VersionConflict, type Actor, type DbOrTx, type FieldConflict } from './versioned.server'

export type SummarySubmissionResult =
  | { ok: true; submittedOn: string }
  | { ok: false; kind: 'notFound' | 'closed' | 'alreadySubmitted'; submittedOn?: string | null }
  /** the campaign was saved since the page was loaded: nothing written */
  | { ok: false; kind: 'conflict'; version: number; changes: FieldConflict[] }

/** Submit the campaign's summary report to the county today, refusing a campaign of another township or one already submitted. */
export async function submitSummaryReport(
  db: DB,
  input: { townshipId: number; campaignId: number; expectedVersion?: number },
  actor: Actor,
): Promise<SummarySubmissionResult> {
  const today = shanghaiDay(actor.at)
  try {
    return await db.transaction().execute(async (tx) => {
      const campaign = await tx
        .selectFrom('campaigns')
        .select(['id', 'township_id', 'template_key', 'status', 'summary_submitted_on', 'version'])
        .where('id', '=', input.campaignId)
        .where('township_id', '=', input.townshipId)
        .executeTakeFirst()
      if (!campaign) return { ok: false, kind: 'notFound' } as const
      if (campaign.summary_submitted_on) return { ok: false, kind: 'alreadySubmitted', submittedOn: campaign.summary_submitted_on } as const
      if (campaign.status === 'closed') return { ok: false, kind: 'closed' } as const
      const at = actor.at.toISOString()
      await casUpdate(tx, 'campaigns', campaign.id, input.expectedVersion, { summary_submitted_on: today, summary_submitted_by_user_id: actor.userId })
      const taskKey = findTemplate(campaign.template_key)?.summaryTaskKey
      if (taskKey)
        await tx
          .updateTable('township_tasks')
          .set((eb) => ({ done_on: today, done_by_user_id: actor.userId, updated_at: at, version: eb('version', '+', 1) }))
          .where('campaign_id', '=', campaign.id)
          .where('task_key', '=', taskKey)
          .where('done_on', 'is', null)
          .execute()
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'campaign.summarySubmitted',
        entityType: 'campaign',
        entityId: campaign.id,
        townshipId: input.townshipId,
        before: { summary_submitted_on: null },
        after: { summary_submitted_on: today },
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true, submittedOn: today } as const
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const stored = await db
      .selectFrom('campaigns')
      .select(['id', 'status', 'summary_submitted_on', 'version'])
      .where('id', '=', input.campaignId)
      .executeTakeFirstOrThrow()
    const changes = await describeVersionConflict(db, {
      entityType: 'campaign',
      entityId: stored.id,
      actions: ['campaign.summarySubmitted', 'campaign.close'],
      missed: stored.version - (input.expectedVersion ?? stored.version),
      theirs: { status: stored.status, summarySubmittedOn: stored.summary_submitted_on },
      mine: { status: 'open', summarySubmittedOn: today },
    })
    return { ok: false, kind: 'conflict', version: stored.version, changes }
  }
}

/** The campaign as the duties' section shows it. */
export interface CampaignDuties {
  campaign: {
    id: number
    version: number
    status: 'open' | 'closed'
    closedOn: string | null
    summaryDueOn: string | null
    summarySubmittedOn: string | null
    summarySubmittedBy: string | null
    /** not submitted and past its due day */
    summaryOverdue: boolean
  }
  tasks: TownshipTaskView[]
  /** the summary duty's id (its page takes the submission), or null if the template has none */
  summaryTaskId: number | null
}

/** The campaign's duties and its summary submission, or null for no such campaign. */
export async function getCampaignDuties(db: DbOrTx, campaignId: number, today: string): Promise<CampaignDuties | null> {
  const row = await db
    .selectFrom('campaigns')
    .leftJoin('users', 'users.id', 'campaigns.summary_submitted_by_user_id')
    .select([
      'campaigns.id',
      'campaigns.version',
      'campaigns.status',
      'campaigns.closed_on',
      'campaigns.template_key',
      'campaigns.summary_due_on',
      'campaigns.summary_submitted_on',
      'users.display_name',
    ])
    .where('campaigns.id', '=', campaignId)
    .executeTakeFirst()
  if (!row) return null
  const tasks = await listTownshipTasks(db, campaignId, today)
  const summaryKey = findTemplate(row.template_key)?.summaryTaskKey
  return {
    campaign: {
      id: row.id,
      version: row.version,
      status: row.status,
      closedOn: row.closed_on,
      summaryDueOn: row.summary_due_on,
      summarySubmittedOn: row.summary_submitted_on,
      summarySubmittedBy: row.display_name,
      summaryOverdue: !row.summary_submitted_on && row.summary_due_on !== null && row.summary_due_on < today,
    },
    tasks,
    summaryTaskId: tasks.find((task) => task.key === summaryKey)?.id ?? null,
  }
}

/** The township's campaigns, newest first (往期专项整治). */
export async function listTownshipCampaigns(
  db: DbOrTx,
  townshipId: number,
): Promise<Array<{ id: number; name: string; status: 'open' | 'closed'; startedOn: string | null; closedOn: string | null }>> {
  const rows = await db
    .selectFrom('campaigns')
    .select(['id', 'name', 'status', 'started_on', 'closed_on'])
    .where('township_id', '=', townshipId)
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, startedOn: r.started_on, closedOn: r.closed_on }))
}

// 乡镇工作清单: the township's own duties in a campaign (制定专项整治方案, 召开动员部署会, 成立工作专班, 公布举报电话,
// 汇总上报总结报告), apart from the villages' checklists, each with an owner, a due day and an evidence note.
import type { DB } from '../../db/connection.server'
import { townshipTaskDueDays } from '../../workflows/rules/campaignPlan'
import { isDay, shanghaiDay } from '../../workflows/rules/dates'
import type { PhaseWindow } from '../../workflows/rules/schedule'
import { findTemplate } from '../../workflows/template'
import { changedFields, recordAudit } from './audit.server'
import { assertVersion, casUpdate, describeVersionConflict, VersionConflict, type Actor, type DbOrTx, type FieldConflict, type Tx } from './versioned.server'

/** Write a new campaign's township duties from its template, due inside its windows (in the caller's transaction). */
export async function addTownshipTasks(
  tx: Tx,
  campaign: { id: number; townshipId: number; templateKey: string; windows: readonly PhaseWindow[] },
  at: Date,
): Promise<void> {
  const template = findTemplate(campaign.templateKey)
  if (!template) return
  const tasks = townshipTaskDueDays(template, campaign.windows)
  if (tasks.length === 0) return
  await tx
    .insertInto('township_tasks')
    .values(
      tasks.map((task) => ({
        campaign_id: campaign.id,
        township_id: campaign.townshipId,
        task_key: task.key,
        label: task.label,
        sort_order: task.sortOrder,
        due_on: task.dueOn,
        updated_at: at.toISOString(),
      })),
    )
    .execute()
}

/** A duty as the dashboard and its page show it. */
export interface TownshipTaskView {
  id: number
  campaignId: number
  key: string
  label: string
  ownerUserId: number | null
  /** the owner as shown: the user's name, else the name written by hand, else null */
  owner: string | null
  ownerName: string | null
  dueOn: string | null
  doneOn: string | null
  doneBy: string | null
  evidenceNote: string | null
  version: number
  /** not done and past its due day */
  overdue: boolean
}

/** At most this many characters of evidence (文件号, 会议纪要 …). */
export const EVIDENCE_NOTE_MAX = 200

function taskQuery(db: DbOrTx) {
  return db
    .selectFrom('township_tasks as task')
    .leftJoin('users as owner', 'owner.id', 'task.owner_user_id')
    .leftJoin('users as doer', 'doer.id', 'task.done_by_user_id')
    .select([
      'task.id',
      'task.campaign_id',
      'task.township_id',
      'task.task_key',
      'task.label',
      'task.owner_user_id',
      'task.owner_name',
      'task.due_on',
      'task.done_on',
      'task.evidence_note',
      'task.version',
      'owner.display_name as ownerDisplayName',
      'doer.display_name as doneByName',
    ])
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirstOrThrow']>>

function viewOf(row: TaskRow, today: string): TownshipTaskView {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    key: row.task_key,
    label: row.label,
    ownerUserId: row.owner_user_id,
    owner: row.ownerDisplayName ?? row.owner_name ?? null,
    ownerName: row.owner_name,
    dueOn: row.due_on,
    doneOn: row.done_on,
    doneBy: row.doneByName,
    evidenceNote: row.evidence_note,
    version: row.version,
    overdue: row.done_on === null && row.due_on !== null && row.due_on < today,
  }
}

/** The campaign's township duties in the template's order, each with its owner, due day and whether it is overdue `today`. */
export async function listTownshipTasks(db: DbOrTx, campaignId: number, today: string): Promise<TownshipTaskView[]> {
  const rows = await taskQuery(db).where('task.campaign_id', '=', campaignId).orderBy('task.sort_order').orderBy('task.id').execute()
  return rows.map((row) => viewOf(row, today))
}

/** One duty of the township's, or null (another township's duty is not found). */
export async function getTownshipTask(db: DbOrTx, townshipId: number, taskId: number, today: string): Promise<TownshipTaskView | null> {
  const row = await taskQuery(db).where('task.id', '=', taskId).where('task.township_id', '=', townshipId).executeTakeFirst()
  return row ? viewOf(row, today) : null
}

/** Who may own a duty: the township's active officials (not village cadres), by name. */
export async function townshipTaskOwners(db: DbOrTx, townshipId: number): Promise<Array<{ id: number; name: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('township_id', '=', townshipId)
    .where('active', '=', 1)
    .where('role', 'in', ['leader', 'inspector', 'admin', 'liaison'])
    .orderBy('display_name')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.display_name }))
}

export interface TownshipTaskUpdate {
  townshipId: number
  taskId: number
  ownerUserId: number | null
  /** the owner written by hand (someone without an account) when no user is chosen */
  ownerName: string | null
  dueOn: string | null
  done: boolean
  doneOn: string | null
  evidenceNote: string | null
  expectedVersion?: number
}

export type TownshipTaskResult =
  | { ok: true }
  | { ok: false; kind: 'notFound' | 'closed' | 'invalidDate' | 'future' | 'noteTooLong' | 'ownerNotInTownship' }
  /** someone saved the duty after this page was loaded: nothing written (fields: owner, dueOn, done, doneOn, evidenceNote) */
  | { ok: false; kind: 'conflict'; taskId: number; version: number; changes: FieldConflict[] }

const TASK_ACTIONS = ['townshipTask.update']

/** Edit a duty: owner, due day, done (with the day, not in the future) and evidence; audited, version-checked. */
export async function updateTownshipTask(db: DB, input: TownshipTaskUpdate, actor: Actor): Promise<TownshipTaskResult> {
  const today = shanghaiDay(actor.at)
  const doneOn = input.done ? input.doneOn : null
  if (input.dueOn !== null && !isDay(input.dueOn)) return { ok: false, kind: 'invalidDate' }
  if (input.done && (doneOn === null || !isDay(doneOn))) return { ok: false, kind: 'invalidDate' }
  if (doneOn !== null && doneOn > today) return { ok: false, kind: 'future' }
  if (input.evidenceNote !== null && input.evidenceNote.length > EVIDENCE_NOTE_MAX) return { ok: false, kind: 'noteTooLong' }
  if (input.ownerUserId !== null && !(await townshipTaskOwners(db, input.townshipId)).some((o) => o.id === input.ownerUserId))
    return { ok: false, kind: 'ownerNotInTownship' }
  const ownerName = input.ownerUserId !== null ? null : input.ownerName || null
  const evidenceNote = input.evidenceNote || null
  try {
    return await db.transaction().execute(async (tx) => {
      const task = await tx
        .selectFrom('township_tasks')
        .innerJoin('campaigns', 'campaigns.id', 'township_tasks.campaign_id')
        .selectAll('township_tasks')
        .select('campaigns.status')
        .where('township_tasks.id', '=', input.taskId)
        .where('township_tasks.township_id', '=', input.townshipId)
        .executeTakeFirst()
      if (!task) return { ok: false, kind: 'notFound' } as const
      if (task.status === 'closed') return { ok: false, kind: 'closed' } as const
      assertVersion(task.version, input.expectedVersion)
      // a duty done again keeps who first ticked it; reopened, it loses both
      const doneBy = doneOn === null ? null : task.done_on !== null ? task.done_by_user_id : actor.userId
      const changes = { owner_user_id: input.ownerUserId, owner_name: ownerName, due_on: input.dueOn, done_on: doneOn, evidence_note: evidenceNote }
      await casUpdate(tx, 'township_tasks', task.id, task.version, { ...changes, done_by_user_id: doneBy, updated_at: actor.at.toISOString() })
      const diff = changedFields(task as unknown as Record<string, unknown>, changes)
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'townshipTask.update',
        entityType: 'township_task',
        entityId: task.id,
        townshipId: input.townshipId,
        before: diff.before,
        after: diff.after,
        ip: actor.ip,
        at: actor.at,
      })
      return { ok: true } as const
    })
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const stored = await taskQuery(db).where('task.id', '=', input.taskId).executeTakeFirstOrThrow()
    const owners = await townshipTaskOwners(db, input.townshipId)
    const mineOwner = input.ownerUserId !== null ? (owners.find((o) => o.id === input.ownerUserId)?.name ?? null) : ownerName
    const changes = await describeVersionConflict(db, {
      entityType: 'township_task',
      entityId: stored.id,
      actions: TASK_ACTIONS,
      missed: stored.version - (input.expectedVersion ?? stored.version),
      theirs: {
        owner: stored.ownerDisplayName ?? stored.owner_name,
        dueOn: stored.due_on,
        done: stored.done_on !== null,
        doneOn: stored.done_on,
        evidenceNote: stored.evidence_note,
      },
      mine: { owner: mineOwner, dueOn: input.dueOn, done: input.done, doneOn, evidenceNote },
      changedFields: (after) => {
        const a = (after ?? {}) as Record<string, unknown>
        const changed: Record<string, unknown> = {}
        if ('owner_user_id' in a || 'owner_name' in a) changed.owner = true
        if ('due_on' in a) changed.dueOn = a.due_on
        if ('done_on' in a) Object.assign(changed, { done: a.done_on != null, doneOn: a.done_on })
        if ('evidence_note' in a) changed.evidenceNote = a.evidence_note
        return changed
      },
    })
    return { ok: false, kind: 'conflict', taskId: stored.id, version: stored.version, changes }
  }
}

/** The duty's page: the duty, who may own it, and its campaign (closed: read only); null when not the township's. */
export async function getTownshipTaskPage(db: DB, townshipId: number, taskId: number, today: string) {
  const task = await getTownshipTask(db, townshipId, taskId, today)
  if (!task) return null
  const [owners, campaign] = await Promise.all([
    townshipTaskOwners(db, townshipId),
    db
      .selectFrom('campaigns')
      .leftJoin('users', 'users.id', 'campaigns.summary_submitted_by_user_id')
      .select(['campaigns.id', 'campaigns.name', 'campaigns.status', 'campaigns.version', 'campaigns.template_key', 'campaigns.summary_due_on'])
      .select(['campaigns.summary_submitted_on', 'users.display_name as submittedBy'])
      .where('campaigns.id', '=', task.campaignId)
      .executeTakeFirstOrThrow(),
  ])
  const isSummary = findTemplate(campaign.template_key)?.summaryTaskKey === task.key
  return {
    task,
    owners,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      closed: campaign.status === 'closed',
      version: campaign.version,
      summaryDueOn: campaign.summary_due_on,
      summarySubmittedOn: campaign.summary_submitted_on,
      summarySubmittedBy: campaign.submittedBy,
    },
    /** the summary duty: its page also takes the submission to the county */
    isSummary,
  }
}

// What a village's page shows: its phase and schedule, coverage, the current phase's checklist, follow-ups,
// the workflow's timeline and history.
import type { DB } from '../../db/connection.server'
import type { PhaseId } from '../../db/schema'
import { attentionFor, getCurrentCampaign, type Viewer } from './campaign.server'
import { getVillageChecklist } from './villageChecklist.server'
import { listOpenFollowUps, listVillageProgress } from './villageProgress.server'
import { loadWorkingDayCalendar } from './holidays.server'
import { getWorkflowHistory, getWorkflowView, phaseEntries } from './workflow.server'

/** The village's page as this viewer may see it: follow-ups come redacted (a cadre sees only how many reports are being verified). */
export async function getVillagePage(db: DB, villageId: number, today: string, viewer: Viewer) {
  const village = await db.selectFrom('villages').select(['id', 'name', 'township_id']).where('id', '=', villageId).executeTakeFirstOrThrow()
  const campaign = await getCurrentCampaign(db, village.township_id)
  if (!campaign) return { village, campaign: null } as const
  const [[progress], followUps, workflow, history, calendar] = await Promise.all([
    listVillageProgress(db, village.township_id, campaign, today, viewer, villageId),
    listOpenFollowUps(db, village.township_id, campaign.id, viewer, villageId),
    getWorkflowView(db, campaign.id, villageId),
    getWorkflowHistory(db, campaign.id, villageId),
    loadWorkingDayCalendar(db, { townshipId: village.township_id }),
  ])
  const phase: PhaseId = progress.phase === 'closed' ? 'summary' : progress.phase
  // rule items show their live figure and are done by the data; manual items keep their tick (issue 17)
  const checklist = await getVillageChecklist(db, campaign, villageId, phase)
  const window = campaign.windows.find((w) => w.phase === phase) ?? null
  const { overdue, dueSoon } = attentionFor([progress], followUps, today, calendar)
  const entered = phaseEntries(history, campaign.windows[0]?.starts_on ?? today)
  const timeline = campaign.windows.map((w) => ({ ...w, enteredOn: entered[w.phase] ?? null }))
  return { village, campaign, progress, checklist, window, followUps, overdue, dueSoon, workflow, history, timeline, closedOn: entered.closed ?? null } as const
}

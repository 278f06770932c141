// The self-inspection report page: the figures, the written sections (saved, else drafted), and whether the machine
// would accept 提交自查报告 now — with its own reason when not.
import type { DB } from '../../db/connection.server'
import type { Refusal } from '../../workflows/campaignMachine'
import { getSelfInspectionReport } from './selfInspection.server'
import { getNarrative } from './selfInspectionNarrative.server'
import { reportFigureRows } from './selfInspectionText'
import { getWorkflowHistory, getWorkflowView } from './workflow.server'
import { eventRefusal } from './workflowPreview.server'

export async function getSelfInspectionPage(db: DB, campaignId: number, villageId: number) {
  const [report, workflow, history, refusal] = await Promise.all([
    getSelfInspectionReport(db, campaignId, villageId),
    getWorkflowView(db, campaignId, villageId),
    getWorkflowHistory(db, campaignId, villageId),
    eventRefusal(db, campaignId, villageId, 'SUBMIT_SELF_INSPECTION'),
  ])
  const narrative = await getNarrative(db, campaignId, villageId, report)
  // no workflow to ask (or a snapshot this code cannot read): not now
  const submitRefusal: Refusal | null = refusal === undefined ? { code: 'notNow' } : refusal
  const submittedAt = [...history].reverse().find((h) => h.eventType === 'SUBMIT_SELF_INSPECTION')?.occurredAt ?? null
  return {
    report,
    figures: reportFigureRows(report),
    narrative,
    state: workflow?.state ?? null,
    version: workflow?.version ?? 0,
    submittedAt,
    /** null: the machine accepts the submission now; otherwise why not (undefined: no workflow to ask) */
    submitRefusal,
  }
}

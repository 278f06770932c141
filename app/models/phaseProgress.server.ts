// The village's way through the four phases as a person reads it (issue 17): which phases are done, which is
// current, the next step forward and what it still waits for — the machine's own refusal of that event on the facts
// counted now (refusalNow: the words a person reads are the rule the machine applies).
import type { DB } from '../../db/connection.server'
import { phaseOf, stateKey, type CampaignEventType, type Refusal } from '../../workflows/campaignMachine'
import { PHASES, type PhaseId } from '../../workflows/phases'
import { readVillageSnapshot, refusalNow } from './workflowPreview.server'

export type PhaseStepStatus = 'done' | 'current' | 'todo'

export interface PhaseProgressView {
  steps: Array<{ phase: PhaseId; status: PhaseStepStatus }>
  closed: boolean
  /** the event that moves the village forward from its state now; null once closed */
  next: CampaignEventType | null
  /** why the machine would refuse `next` now; null when it would accept it */
  refusal: Refusal | null
}

/** The forward event of each state: the one step that brings the village closer to 已结束. */
const FORWARD: Record<string, CampaignEventType> = {
  mobilisation: 'COMPLETE_MOBILISATION',
  'fullInspection.selfInspecting': 'SUBMIT_SELF_INSPECTION',
  'fullInspection.reportSubmitted': 'START_SUPERVISION',
  'supervision.underSupervision': 'COMPLETE_SUPERVISION',
  'supervision.orderedToRectify': 'COMPLETE_SUPERVISION',
  'supervision.awaitingVerification': 'COMPLETE_SUPERVISION',
  'summary.rectifying': 'WRITE_SUMMARY',
  'summary.summaryWritten': 'CLOSE',
}

/** The progress line of one village; null when it has no workflow, or a snapshot this code cannot read. */
export async function getPhaseProgress(db: DB, campaignId: number, villageId: number): Promise<PhaseProgressView | null> {
  const snapshot = await readVillageSnapshot(db, campaignId, villageId)
  if (!snapshot) return null
  const phase = phaseOf(snapshot)
  const currentIndex = phase === 'closed' ? PHASES.length : PHASES.indexOf(phase)
  const steps = PHASES.map((p, i) => ({ phase: p, status: (i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'todo') as PhaseStepStatus }))
  const next = FORWARD[stateKey(snapshot)] ?? null
  if (!next) return { steps, closed: phase === 'closed', next: null, refusal: null }
  return { steps, closed: false, next, refusal: await refusalNow(db, campaignId, villageId, snapshot, next) }
}

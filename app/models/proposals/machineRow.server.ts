// A proposal's row and its approval machine (ADR 010): the columns stored beside the snapshot (state, step, the day
// the step was entered, final, the notice period) are always derived here from the snapshot, so the dashboard's
// counts that read those columns cannot disagree with the machine.
import type { Selectable } from 'kysely'
import type { ProposalTable } from '../../../db/schema'
import { MACHINE_VERSION, persist, restore, stateKey, stepOf, type ApprovalSnapshot } from '../../../workflows/approvalMachine'
import type { DbOrTx } from '../versioned.server'

export type ProposalRow = Selectable<ProposalTable>

/** The stored columns that mirror the machine. */
export function machineColumns(snapshot: ApprovalSnapshot) {
  const context = snapshot.context
  return {
    machine_version: MACHINE_VERSION,
    snapshot: JSON.stringify(persist(snapshot)),
    state: stateKey(snapshot),
    step: stepOf(snapshot),
    step_entered_on: context.entries[context.entries.length - 1]?.on ?? '',
    final: snapshot.status === 'done' ? 1 : 0,
    notice_from: context.noticeFrom,
    notice_to: context.noticeTo,
  }
}

export function snapshotOf(row: Pick<ProposalRow, 'machine_version' | 'snapshot'>): ApprovalSnapshot {
  return restore({ machineVersion: row.machine_version, snapshot: JSON.parse(row.snapshot) })
}

export async function findProposal(db: DbOrTx, id: number): Promise<ProposalRow | undefined> {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The household's proposal still in the chain (at most one: proposals_one_open_idx). */
export async function findOpenProposal(db: DbOrTx, householdId: number): Promise<ProposalRow | undefined> {
  return db.selectFrom('proposals').selectAll().where('household_id', '=', householdId).where('final', '=', 0).executeTakeFirst()
}

/** The steps where the village holds the proposal (退回村(居), 补充核查): the review may still change it there. */
export const VILLAGE_STEPS = ['returned', 'furtherChecks'] as const

export function atVillageStep(row: Pick<ProposalRow, 'step'>): boolean {
  return (VILLAGE_STEPS as readonly string[]).includes(row.step)
}

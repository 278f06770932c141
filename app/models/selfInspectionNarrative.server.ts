// The self-inspection report's written sections (工作开展情况, 发现的问题, 整改措施, 下一步打算): one row per village and
// campaign, versioned. Until a section is saved the page shows the draft written from the figures
// (selfInspectionText.ts). A save over a newer one is a conflict, told with what the other person changed.
import type { DB } from '../../db/connection.server'
import { recordAudit } from './audit.server'
import { isUniqueViolation } from './householdReview.server'
import { draftNarrative, NARRATIVE_SECTIONS, type NarrativeFigures, type NarrativeSection, type NarrativeText } from './selfInspectionText'
import { casUpdate, describeVersionConflict, VersionConflict, type Actor, type FieldConflict } from './versioned.server'

/** Each section's column. */
const COLUMN = { workDone: 'work_done', problemsFound: 'problems_found', measures: 'measures', nextSteps: 'next_steps' } as const satisfies Record<
  NarrativeSection,
  string
>

/** Each section's field in the audit rows ('measures' alone names a count elsewhere in the history's labels). */
const AUDIT_FIELD = {
  workDone: 'work_done',
  problemsFound: 'problems_found',
  measures: 'rectification_measures',
  nextSteps: 'next_steps',
} as const satisfies Record<NarrativeSection, string>

export interface NarrativeView {
  /** the saved text, else the draft, per section */
  text: NarrativeText
  /** which sections are still the system's draft */
  drafted: Record<NarrativeSection, boolean>
  /** 0: never saved */
  version: number
  updatedBy: string | null
  updatedAt: string | null
}

export async function getNarrative(db: DB, campaignId: number, villageId: number, figures: NarrativeFigures): Promise<NarrativeView> {
  const row = await db
    .selectFrom('self_inspection_narratives')
    .leftJoin('users', 'users.id', 'self_inspection_narratives.updated_by_user_id')
    .selectAll('self_inspection_narratives')
    .select('users.display_name as updatedBy')
    .where('self_inspection_narratives.campaign_id', '=', campaignId)
    .where('self_inspection_narratives.village_id', '=', villageId)
    .executeTakeFirst()
  const draft = draftNarrative(figures)
  const text = { ...draft }
  const drafted = { workDone: true, problemsFound: true, measures: true, nextSteps: true }
  for (const section of NARRATIVE_SECTIONS) {
    const saved = row?.[COLUMN[section]]
    if (saved != null) {
      text[section] = saved
      drafted[section] = false
    }
  }
  return { text, drafted, version: row?.version ?? 0, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updated_at ?? null }
}

export type SaveNarrativeResult = { ok: true; version: number } | { ok: false; kind: 'conflict'; version: number; changes: FieldConflict[] }

const AUDIT_ACTION = 'selfInspection.narrative'
const ENTITY = 'self_inspection_narrative'

/** Save the four sections from the version the form was loaded with (0: none saved yet); one audit row. */
export async function saveNarrative(
  db: DB,
  input: { campaignId: number; villageId: number; text: NarrativeText; expectedVersion: number; actor: Actor },
): Promise<SaveNarrativeResult> {
  const values = {
    work_done: input.text.workDone,
    problems_found: input.text.problemsFound,
    measures: input.text.measures,
    next_steps: input.text.nextSteps,
    updated_by_user_id: input.actor.userId,
    updated_at: input.actor.at.toISOString(),
  }
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('self_inspection_narratives')
        .selectAll()
        .where('campaign_id', '=', input.campaignId)
        .where('village_id', '=', input.villageId)
        .executeTakeFirst()
      if ((row?.version ?? 0) !== input.expectedVersion) throw new VersionConflict()
      let id: number
      if (!row) {
        const inserted = await tx
          .insertInto('self_inspection_narratives')
          .values({ campaign_id: input.campaignId, village_id: input.villageId, ...values, version: 1 })
          .returning('id')
          .executeTakeFirstOrThrow()
        id = inserted.id
      } else {
        await casUpdate(tx, 'self_inspection_narratives', row.id, row.version, values)
        id = row.id
      }
      const before: Record<string, string | null> = {}
      const after: Record<string, string | null> = {}
      for (const section of NARRATIVE_SECTIONS) {
        const column = COLUMN[section]
        if ((row?.[column] ?? null) !== values[column]) {
          before[AUDIT_FIELD[section]] = row?.[column] ?? null
          after[AUDIT_FIELD[section]] = values[column]
        }
      }
      await recordAudit(tx, {
        actorUserId: input.actor.userId,
        action: AUDIT_ACTION,
        entityType: ENTITY,
        entityId: id,
        villageId: input.villageId,
        before,
        after,
        ip: input.actor.ip ?? undefined,
        at: input.actor.at,
      })
      return { ok: true, version: (row?.version ?? 0) + 1 } as const
    })
  } catch (error) {
    // a second first save races on the unique (campaign, village): the same answer as a stale version
    if (!(error instanceof VersionConflict) && !isUniqueViolation(error)) throw error
    const row = await db
      .selectFrom('self_inspection_narratives')
      .selectAll()
      .where('campaign_id', '=', input.campaignId)
      .where('village_id', '=', input.villageId)
      .executeTakeFirstOrThrow()
    const theirs = Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, row[COLUMN[s]]]))
    const changes = await describeVersionConflict(db, {
      entityType: ENTITY,
      entityId: row.id,
      actions: [AUDIT_ACTION],
      missed: row.version - input.expectedVersion,
      theirs,
      mine: { ...input.text },
      changedFields: (a) => {
        const saved = (a ?? {}) as Record<string, unknown>
        return Object.fromEntries(NARRATIVE_SECTIONS.filter((s) => AUDIT_FIELD[s] in saved).map((s) => [s, saved[AUDIT_FIELD[s]]]))
      },
    })
    return { ok: false, kind: 'conflict', version: row.version, changes }
  }
}

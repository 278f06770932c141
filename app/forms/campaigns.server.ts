// The campaign create and close forms' shapes (server-side only, docs/decisions/005); the rules are in
// app/models/campaignCreate.server.ts and workflows/rules/windows.ts. Field names:
//   templateKey, name, start, <phase>.starts_on / <phase>.ends_on,
//   checklist.<phase>.<i>.label / .key / .remove (a checkbox), villageIds (one per ticked village).
import { z } from 'zod'
import { PHASES, isPhase, type PhaseId } from '../../workflows/phases'

const day = z.string().trim().max(10)

/** At most this many checklist rows per phase in one post (15 items plus blank rows to add). */
const MAX_ROWS_PER_PHASE = 30

const ChecklistRowSchema = z.object({
  phase: z.enum(PHASES),
  index: z.number().int().min(0).max(MAX_ROWS_PER_PHASE),
  label: z.string().max(200),
  key: z.string().trim().max(40),
  remove: z.boolean(),
})

const CreateSchema = z.object({
  templateKey: z.string().trim().min(1).max(40),
  name: z.string().max(200),
  start: day,
  windows: z.array(z.object({ phase: z.enum(PHASES), starts_on: day, ends_on: day })).length(PHASES.length),
  checklist: z.array(ChecklistRowSchema).max(PHASES.length * MAX_ROWS_PER_PHASE),
  villageIds: z.array(z.coerce.number().int().positive()).max(1000),
})

export type CampaignCreateForm = z.infer<typeof CreateSchema>
export type ChecklistFormRow = z.infer<typeof ChecklistRowSchema>

const ROW_FIELD = /^checklist\.([A-Za-z]+)\.(\d{1,2})\.(label|key|remove)$/

/** The create form as the model takes it (rows in phase and posted order), or null when it is malformed. */
export function parseCampaignCreateForm(formData: FormData): CampaignCreateForm | null {
  const text = (name: string) => {
    const v = formData.get(name)
    return typeof v === 'string' ? v : ''
  }
  const rows = new Map<string, { phase: PhaseId; index: number; label: string; key: string; remove: boolean }>()
  for (const [name, value] of formData) {
    const m = ROW_FIELD.exec(name)
    if (!m || typeof value !== 'string') continue
    if (!isPhase(m[1])) return null
    const id = `${m[1]}.${m[2]}`
    const row = rows.get(id) ?? { phase: m[1], index: Number(m[2]), label: '', key: '', remove: false }
    if (m[3] === 'label') row.label = value
    else if (m[3] === 'key') row.key = value
    else row.remove = value === 'on' || value === '1'
    rows.set(id, row)
  }
  const checklist = [...rows.values()].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.index - b.index)
  const parsed = CreateSchema.safeParse({
    templateKey: text('templateKey'),
    name: text('name'),
    start: text('start'),
    windows: PHASES.map((phase) => ({ phase, starts_on: text(`${phase}.starts_on`), ends_on: text(`${phase}.ends_on`) })),
    checklist,
    villageIds: formData.getAll('villageIds').filter((v) => typeof v === 'string'),
  })
  return parsed.success ? parsed.data : null
}

const CloseSchema = z.object({
  intent: z.literal('close'),
  /** the campaign's version the form was loaded with: a stale form is a conflict */
  version: z.coerce.number().int().min(0),
})

/** The close form (intent=close and the campaign's version), or null. */
export function parseCampaignCloseForm(formData: FormData): { version: number } | null {
  const parsed = CloseSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? { version: parsed.data.version } : null
}

/** Whether a post to the windows page is the close form. */
export function isCloseIntent(formData: FormData): boolean {
  return formData.get('intent') === 'close'
}

// Schemas of the township duty's page (server-side only, docs/decisions/005): saving a duty, and submitting the
// summary report to the county (the button on the dashboard posts here too). The rules are the model's.
import { z } from 'zod'
import { hasControlCharacters } from '../../workflows/rules/text'
import type { TownshipTaskUpdate } from '../models/townshipTasks.server'

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasControlCharacters(v))
const day = z.string().trim().max(10)

const SaveSchema = z.object({
  intent: z.literal('save'),
  // '' : no user chosen (the free-text owner, if any)
  ownerUserId: z.union([z.literal(''), z.coerce.number().int().positive()]).default(''),
  ownerName: text(50).default(''),
  dueOn: day.default(''),
  done: z.literal('on').optional(),
  doneOn: day.default(''),
  // the 200-character limit is the model's (a Chinese message, not a malformed form)
  evidenceNote: text(1000).default(''),
  version: z.coerce.number().int().min(0),
})

const SubmitSchema = z.object({
  intent: z.literal('submitSummary'),
  campaignId: z.coerce.number().int().positive(),
  /** the campaign's version the page was loaded with */
  version: z.coerce.number().int().min(0),
})

export type TownshipTaskForm =
  ({ intent: 'save'; version: number } & Omit<TownshipTaskUpdate, 'townshipId' | 'taskId' | 'expectedVersion'>) | z.infer<typeof SubmitSchema>

/** The posted form, or null when malformed (an unknown intent, a missing version). */
export function parseTownshipTaskForm(formData: FormData): TownshipTaskForm | null {
  const fields = Object.fromEntries(formData)
  const submit = SubmitSchema.safeParse(fields)
  if (submit.success) return submit.data
  const save = SaveSchema.safeParse(fields)
  if (!save.success) return null
  const d = save.data
  return {
    intent: 'save',
    ownerUserId: d.ownerUserId === '' ? null : d.ownerUserId,
    ownerName: d.ownerName || null,
    dueOn: d.dueOn || null,
    done: d.done === 'on',
    doneOn: d.doneOn || null,
    evidenceNote: d.evidenceNote || null,
    version: d.version,
  }
}

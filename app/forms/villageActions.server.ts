// Schemas of the forms on a village's page and its report page (server-side only, docs/decisions/005).
import { z } from 'zod'
import { PAGE_EVENTS } from '~/models/workflowEvents'
import { hasControlCharacters } from '../../workflows/rules/text'

/** Free text without control characters (issue 11): a NUL byte or a bidi override makes the post malformed. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasControlCharacters(v, { multiline: true }))

const WorkflowActionSchema = z.object({
  intent: z.enum(PAGE_EVENTS),
  version: z.coerce.number().int().min(0),
  reason: text(500).optional(),
})

const ChecklistActionSchema = z.object({
  intent: z.enum(['checklistDone', 'checklistReopen']),
  itemId: z.coerce.number().int().positive(),
  doneOn: z.string().trim().max(10).default(''),
  note: text(300).optional(),
  /** the item's version the page was loaded with: a stale tick is a conflict, never a silent overwrite */
  version: z.coerce.number().int().min(0),
})

export type VillageAction = ({ kind: 'workflow' } & z.infer<typeof WorkflowActionSchema>) | ({ kind: 'checklist' } & z.infer<typeof ChecklistActionSchema>)

/** One of the village page's forms: a workflow event, or ticking / reopening a checklist item; null if malformed. */
export function parseVillageAction(formData: FormData): VillageAction | null {
  const fields = Object.fromEntries(formData)
  const checklist = ChecklistActionSchema.safeParse(fields)
  if (checklist.success) return { kind: 'checklist', ...checklist.data }
  const workflow = WorkflowActionSchema.safeParse(fields)
  return workflow.success ? { kind: 'workflow', ...workflow.data } : null
}

/** The self-inspection report's submit form: the workflow version the cadre saw. */
export function parseReportSubmission(formData: FormData): { version: number } | null {
  const parsed = z.object({ version: z.coerce.number().int().min(0) }).safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

// The 退回上一阶段 confirmation form (issue 17): the workflow version the leader saw and the reason, required
// (server-side only, docs/decisions/005). The machine asks for at least 2 characters (checks.reasonGiven).
import { z } from 'zod'
import { hasControlCharacters } from '../../workflows/rules/text'

const SendBackSchema = z.object({
  version: z.coerce.number().int().min(0),
  reason: z
    .string()
    .trim()
    .min(2)
    .max(500)
    .refine((v) => !hasControlCharacters(v, { multiline: true })),
})

export type SendBackForm = z.infer<typeof SendBackSchema>

/** The confirmed send-back, or which part is wrong: the reason (missing, too short or long) or the form itself. */
export function parseSendBack(formData: FormData): { ok: true; value: SendBackForm } | { ok: false; field: 'reason' | 'form' } {
  const parsed = SendBackSchema.safeParse(Object.fromEntries(formData))
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, field: parsed.error.issues.some((i) => i.path[0] === 'reason') ? 'reason' : 'form' }
}

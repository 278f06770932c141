// Schema of the 近亲属备案 form (server-side only): the household page's own filing form. The rules (day required
// when ticked, not after today, an official named) are workflows/rules/nearRelatives.ts, applied by the model.
import { z } from 'zod'
import { hasControlCharacters } from '../../workflows/rules/text'

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasControlCharacters(v))

const FilingSchema = z.object({
  intent: z.literal('saveFiling'),
  filed: z.literal('on').optional(),
  // '' : no user chosen (the free-text name, if any)
  officialUserId: z.union([z.literal(''), z.coerce.number().int().positive()]).default(''),
  officialName: text(50).default(''),
  filedOn: z.string().trim().max(10).default(''),
  note: text(300).default(''),
  version: z.coerce.number().int().min(0),
})

export interface NearRelativeFilingForm {
  filed: boolean
  officialUserId: number | null
  officialName: string | null
  filedOn: string | null
  note: string | null
  version: number
}

/** The posted form, or null when malformed (no version, a text too long or with control characters). */
export function parseNearRelativeFilingForm(formData: FormData): NearRelativeFilingForm | null {
  const parsed = FilingSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return null
  const d = parsed.data
  return {
    filed: d.filed === 'on',
    officialUserId: d.officialUserId === '' ? null : d.officialUserId,
    officialName: d.officialName || null,
    filedOn: d.filedOn || null,
    note: d.note || null,
    version: d.version,
  }
}

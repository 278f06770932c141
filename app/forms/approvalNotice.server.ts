// Schema of the 发布公示 form (server-side only): which sheet (its first day) and the proposals the page showed on it,
// so the model records exactly the list that was posted or refuses a list that has changed since.
import { z } from 'zod'
import { isDay } from '../../workflows/rules/dates'

const PublishSchema = z.object({
  intent: z.literal('publish'),
  from: z.string().trim().max(10).refine(isDay),
  // "12,15,31": at most 500 proposals on one sheet
  ids: z
    .string()
    .max(4000)
    .regex(/^\d{1,9}(,\d{1,9}){0,499}$/),
})

export interface PublishForm {
  noticeFrom: string
  proposalIds: number[]
}

/** The posted form, or null when malformed. */
export function parsePublishForm(formData: FormData): PublishForm | null {
  const parsed = PublishSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return null
  return { noticeFrom: parsed.data.from, proposalIds: [...new Set(parsed.data.ids.split(',').map(Number))] }
}

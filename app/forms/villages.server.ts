// The administrator's new-village form (server-side only, docs/decisions/005).
import { z } from 'zod'

const VillageSchema = z.object({
  name: z.string().trim().max(30),
  code: z.string().trim().max(30),
  kind: z.enum(['village', 'community']),
  leaderUserId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
})

export function parseVillageForm(formData: FormData) {
  const parsed = VillageSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

/** 批量添加村(居): the pasted list, split and checked by the model (createVillagesFromList). */
const VillageListSchema = z.object({
  intent: z.literal('list'),
  names: z.string().max(4000),
})

export function parseVillageListForm(formData: FormData) {
  const parsed = VillageListSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

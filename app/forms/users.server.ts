// The administrator's user forms (server-side only, docs/decisions/005).
import { z } from 'zod'
import { TOWNSHIP_ROLES } from '~/models/userRules'

const optionalVillage = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable())

const UpdateSchema = z.object({
  intent: z.literal('update'),
  displayName: z.string().trim().max(40),
  role: z.enum(TOWNSHIP_ROLES),
  villageId: optionalVillage,
  active: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
  /** the user's version the form was loaded with: a stale form is a conflict, never a silent overwrite */
  version: z.coerce.number().int().min(0),
})
const ResetSchema = z.object({ intent: z.literal('resetPassword'), password: z.string().max(200) })
const CreateSchema = z.object({
  username: z.string().trim().max(40),
  displayName: z.string().trim().max(40),
  role: z.enum(TOWNSHIP_ROLES),
  villageId: optionalVillage,
  password: z.string().max(200),
})

export function parseUserEdit(formData: FormData) {
  const fields = Object.fromEntries(formData)
  const update = UpdateSchema.safeParse(fields)
  if (update.success) return update.data
  const reset = ResetSchema.safeParse(fields)
  return reset.success ? reset.data : null
}

export function parseUserCreate(formData: FormData) {
  const parsed = CreateSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

// The administrator's user forms (server-side only, docs/decisions/005).
import { z } from 'zod'
import { TOWNSHIP_ROLES } from '~/models/userRules'

const optionalVillage = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable())
/** optional; the model checks its digits (7–20) and says so in Chinese */
const phone = z.string().trim().max(40)
/** 包村范围: the ticked villages (a checkbox per village, all named liaisonVillageIds) */
const liaisonVillageIds = z.array(z.coerce.number().int().positive()).max(500)
/** 镇民政所（负责镇审核）: a checkbox, absent when unticked */
const civilAffairs = z.preprocess((v) => v === 'on' || v === '1', z.boolean())

const UpdateSchema = z.object({
  intent: z.literal('update'),
  displayName: z.string().trim().max(40),
  role: z.enum(TOWNSHIP_ROLES),
  villageId: optionalVillage,
  active: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
  /** absent: the phone stays as it is */
  phone: phone.optional(),
  liaisonVillageIds,
  civilAffairs,
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
  phone: phone.default(''),
  liaisonVillageIds,
  civilAffairs,
})

/** The form's fields, the ticked checkboxes as one list (Object.fromEntries would keep only the last). */
function fieldsOf(formData: FormData) {
  return { ...Object.fromEntries(formData), liaisonVillageIds: formData.getAll('liaisonVillageIds') }
}

export function parseUserEdit(formData: FormData) {
  const fields = fieldsOf(formData)
  const update = UpdateSchema.safeParse(fields)
  if (update.success) return update.data
  const reset = ResetSchema.safeParse(fields)
  return reset.success ? reset.data : null
}

export function parseUserCreate(formData: FormData) {
  const parsed = CreateSchema.safeParse(fieldsOf(formData))
  return parsed.success ? parsed.data : null
}

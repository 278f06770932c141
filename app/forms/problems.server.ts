// The problem register's forms (问题台账), parsed on the server (ADR 005): registering a problem, the village's
// edit, verification and 批准延期. Text fields refuse control characters (fields.server.ts); dates are real days
// between today and one year on (latestDeadline); the model checks the same again.
//
// What the forms do not carry (issue 11): the source of a problem is set from the role — a cadre's entry is
// 自查, an inspector's or leader's 督查发现 — so a `source` field in a post is ignored; the village's edit form
// has no way to clear a deadline (both deadline fields empty means "keep it").
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { latestDeadline, PROBLEM_LIMITS } from '../models/problemRules'
import type { DeadlineInput } from '../models/problemWriteParts.server'
import { isDay } from '../../workflows/rules/dates'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'
import { requiredSafeText, safeText } from './fields.server'

const e = t.problems.errors
const tooLong = e.tooLong

const longText = (max: number) => safeText(max, { multiline: true, tooLong }).optional()
const requiredLongText = (max: number, required: string) => requiredSafeText(max, required, { multiline: true, tooLong })
const version = z.number({ error: t.errors.generic }).int().min(0)

/** A deadline as a day between today and latestDeadline(today), or N working days (1–365). */
export function deadlineFields(today: string) {
  return {
    deadlineOn: z
      .string()
      .trim()
      .refine(isDay, e.invalidDate)
      .refine((d) => d >= today, e.deadlinePast)
      .refine((d) => d <= latestDeadline(today), format(e.deadlineTooFar, { max: latestDeadline(today) }))
      .optional(),
    deadlineDays: z
      .number({ error: e.workingDaysRange })
      .int(e.workingDaysRange)
      .min(1, e.workingDaysRange)
      .max(PROBLEM_LIMITS.workingDays, e.workingDaysRange)
      .optional(),
  }
}

/** A filled working-day count wins over a date; both empty: no deadline given. */
export function deadlineInputOf(v: { deadlineOn?: string; deadlineDays?: number }): DeadlineInput | null {
  if (v.deadlineDays !== undefined) return { kind: 'workingDays', days: v.deadlineDays }
  if (v.deadlineOn) return { kind: 'date', on: v.deadlineOn }
  return null
}

/** The register form, for the day it is filled in. Empty fields arrive as undefined (conform). */
function registerSchema(today: string) {
  return z.object({
    intent: z.enum(['register', 'registerFinding']),
    category: z.enum(PROBLEM_CATEGORIES, { error: e.categoryRequired }),
    householdId: z.number({ error: e.householdNotInVillage }).int().positive().optional(),
    description: requiredLongText(PROBLEM_LIMITS.description, e.descriptionRequired),
    measure: longText(PROBLEM_LIMITS.measure),
    responsiblePerson: safeText(PROBLEM_LIMITS.responsiblePerson, { tooLong }).optional(),
    ...deadlineFields(today),
  })
}

export function parseRegisterProblem(formData: FormData, options: { today: string }) {
  return parseWithZod(formData, { schema: registerSchema(options.today) })
}

/**
 * The village's edit form. The description is absent for a finding the village did not make (the page shows it
 * read-only) and the deadline fields once a deadline is set; absent means "keep".
 */
function editSchema(today: string) {
  return z.object({
    intent: z.enum(['save', 'start', 'markRectified']),
    version,
    description: longText(PROBLEM_LIMITS.description),
    measure: longText(PROBLEM_LIMITS.measure),
    responsiblePerson: safeText(PROBLEM_LIMITS.responsiblePerson, { tooLong }).optional(),
    ...deadlineFields(today),
  })
}

export function parseEditProblem(formData: FormData, options: { today: string }) {
  return parseWithZod(formData, { schema: editSchema(options.today) })
}

/** The verifier's form: a note, required when sending back. */
const VerifySchema = z.object({ intent: z.enum(['verify', 'sendBack']), version, note: longText(PROBLEM_LIMITS.note) }).superRefine((v, ctx) => {
  if (v.intent === 'sendBack' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: e.noteRequired })
})

export function parseVerifyProblem(formData: FormData) {
  return parseWithZod(formData, { schema: VerifySchema })
}

/** 批准延期 (leaders and inspectors): the new deadline and the reason, both required. */
function extendSchema(today: string) {
  return z
    .object({
      intent: z.literal('extend'),
      version,
      reason: requiredLongText(PROBLEM_LIMITS.reason, e.reasonRequired),
      ...deadlineFields(today),
    })
    .superRefine((v, ctx) => {
      if (!v.deadlineOn && v.deadlineDays === undefined) ctx.addIssue({ code: 'custom', path: ['deadlineOn'], message: e.extendDeadlineRequired })
    })
}

export function parseExtendDeadline(formData: FormData, options: { today: string }) {
  return parseWithZod(formData, { schema: extendSchema(options.today) })
}

// Schemas of the supervision and report forms (server-side only, docs/decisions/005): the visit form, an order's
// answer and decision, the report register and a report's verification, supervisor and closing forms. Each parse
// function returns conform's submission, so a page shows the errors from `lastResult`.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { format } from '~/i18n'
import { t } from '~/i18n/dictionary'
import type { DeadlineInput } from '~/models/supervision.server'
import { COMPLAINT_CHANNELS, COMPLAINT_RESULTS, PROBLEM_LINKS, SUPERVISION_LIMITS } from '~/models/supervisionRules'
import { isDay } from '../../workflows/rules/dates'
import { PROBLEM_CATEGORIES } from '../../workflows/rules/vocabulary'

const E = t.supervision.errors
const requiredText = (max: number) => z.string({ error: E.required }).trim().min(1, E.required).max(max, format(E.tooLong, { max }))
const optionalText = (max: number) => z.string().trim().max(max, format(E.tooLong, { max })).optional()
const version = z.number({ error: t.errors.generic }).int().min(0)
const day = () => z.string({ error: E.required }).trim().refine(isDay, E.invalidDate)
const workingDays = z
  .number({ error: E.workingDaysRange })
  .int(E.workingDaysRange)
  .min(1, E.workingDaysRange)
  .max(SUPERVISION_LIMITS.workingDays, E.workingDaysRange)
  .optional()

/** A filled working-day count wins over a date; neither is no deadline. */
export function deadlineInput(v: { deadlineOn?: string; deadlineDays?: number }): DeadlineInput | null {
  if (v.deadlineDays !== undefined) return { kind: 'workingDays', days: v.deadlineDays }
  if (v.deadlineOn) return { kind: 'date', on: v.deadlineOn }
  return null
}

/** The form field a model's 'deadline' error belongs to: the one the person filled. */
export function deadlineField(deadline: DeadlineInput | null, prefix = 'deadline'): string {
  return deadline?.kind === 'workingDays' ? `${prefix}Days` : `${prefix}On`
}

function requireDeadline(v: { deadlineOn?: string; deadlineDays?: number }, ctx: z.RefinementCtx, path = 'deadlineOn') {
  if (v.deadlineOn === undefined && v.deadlineDays === undefined) ctx.addIssue({ code: 'custom', path: [path], message: E.deadlineRequired })
}

// ————————————————————————————————————————— a village's visits and orders —————————————————————————————————————————

function visitSchema(today: string) {
  return z
    .object({
      intent: z.literal('recordVisit'),
      visitedOn: day().refine((d) => d <= today, E.dateInFuture),
      inspectors: requiredText(SUPERVISION_LIMITS.inspectors),
      checked: requiredText(SUPERVISION_LIMITS.checked),
      findings: requiredText(SUPERVISION_LIMITS.findings),
      householdIds: z.array(z.number().int().positive()).max(500).optional(),
      keyInspection: z.boolean().optional(),
      superficial: z.boolean().optional(),
      reason: optionalText(SUPERVISION_LIMITS.reason),
      deadlineOn: day()
        .refine((d) => d >= today, E.deadlinePast)
        .optional(),
      deadlineDays: workingDays,
    })
    .superRefine((v, ctx) => {
      // a superficial-work flag raises an order: its reason and deadline are needed
      if (!v.superficial) return
      if (!v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: E.required })
      requireDeadline(v, ctx)
    })
}

/** The visit form, for the day it is filled in. */
export function parseVisitForm(formData: FormData, today: string) {
  return parseWithZod(formData, { schema: visitSchema(today) })
}

const AnswerSchema = z.object({ intent: z.literal('answer'), version, response: requiredText(SUPERVISION_LIMITS.response) })

function decisionSchema(today: string) {
  return z
    .object({
      intent: z.enum(['accept', 'reject']),
      version,
      note: optionalText(SUPERVISION_LIMITS.note),
      deadlineOn: day()
        .refine((d) => d >= today, E.deadlinePast)
        .optional(),
      deadlineDays: workingDays,
    })
    .superRefine((v, ctx) => {
      if (v.intent === 'reject' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: E.required })
    })
}

/** The cadre's answer to an order (报送整改情况). */
export function parseAnswerForm(formData: FormData) {
  return parseWithZod(formData, { schema: AnswerSchema })
}

/** The inspector's decision on an answered order: accept, or reject with a reason (and perhaps a new deadline). */
export function parseDecisionForm(formData: FormData, today: string) {
  return parseWithZod(formData, { schema: decisionSchema(today) })
}

// ————————————————————————————————————————— public reports —————————————————————————————————————————

function registerSchema(today: string) {
  return z
    .object({
      channel: z.enum(COMPLAINT_CHANNELS, { error: E.channelRequired }),
      receivedOn: day().refine((d) => d <= today, E.dateInFuture),
      villageId: z.number({ error: E.villageRequired }).int().positive(),
      householdId: z.number().int().positive().optional(),
      content: requiredText(SUPERVISION_LIMITS.content),
      reporterName: optionalText(SUPERVISION_LIMITS.reporterName),
      reporterContact: optionalText(SUPERVISION_LIMITS.reporterContact),
      deadlineOn: day().optional(),
      deadlineDays: workingDays,
    })
    .superRefine((v, ctx) => {
      requireDeadline(v, ctx)
      if (v.deadlineOn && v.deadlineDays === undefined && isDay(v.receivedOn) && v.deadlineOn < v.receivedOn) {
        ctx.addIssue({ code: 'custom', path: ['deadlineOn'], message: E.deadlineBeforeReceived })
      }
    })
}

/** The register form (登记举报), for the day it is filled in. */
export function parseRegisterForm(formData: FormData, today: string) {
  return parseWithZod(formData, { schema: registerSchema(today) })
}

function verifySchema(today: string) {
  return z
    .object({
      intent: z.literal('verify'),
      version,
      verifiedOn: day().refine((d) => d <= today, E.dateInFuture),
      result: z.enum(COMPLAINT_RESULTS, { error: E.resultRequired }),
      note: optionalText(SUPERVISION_LIMITS.note),
      problemLink: z.enum(PROBLEM_LINKS).optional(),
      category: z.enum(PROBLEM_CATEGORIES, { error: E.categoryRequired }).optional(),
      problemDescription: optionalText(SUPERVISION_LIMITS.problemDescription),
      problemId: z.number({ error: E.problemNotInVillage }).int().positive().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.result !== 'substantiated' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: E.required })
      if (v.result === 'unsubstantiated') return
      const link = v.problemLink ?? 'none'
      if (v.result === 'substantiated' && link === 'none') ctx.addIssue({ code: 'custom', path: ['problemLink'], message: E.problemRequired })
      if (link === 'new' && !v.category) ctx.addIssue({ code: 'custom', path: ['category'], message: E.categoryRequired })
      if (link === 'new' && !v.problemDescription) ctx.addIssue({ code: 'custom', path: ['problemDescription'], message: E.required })
      if (link === 'existing' && v.problemId === undefined) ctx.addIssue({ code: 'custom', path: ['problemId'], message: E.problemNotInVillage })
    })
}

function assignSchema(today: string) {
  return z
    .object({
      intent: z.literal('assign'),
      version,
      supervisorUserId: z.number({ error: E.supervisorInvalid }).int().positive(),
      deadlineOn: day()
        .refine((d) => d >= today, E.deadlinePast)
        .optional(),
      deadlineDays: workingDays,
    })
    .superRefine((v, ctx) => requireDeadline(v, ctx))
}

const CloseSchema = z.object({ intent: z.literal('close'), version, note: optionalText(SUPERVISION_LIMITS.note) })

/** The verification record (件件有核实). */
export function parseVerifyForm(formData: FormData, today: string) {
  return parseWithZod(formData, { schema: verifySchema(today) })
}

/** 派专人督办. */
export function parseAssignForm(formData: FormData, today: string) {
  return parseWithZod(formData, { schema: assignSchema(today) })
}

/** 办结. */
export function parseCloseForm(formData: FormData) {
  return parseWithZod(formData, { schema: CloseSchema })
}

// Schemas of the proposal page's forms (one per event, `intent` = the event type) and of the approvals page's step
// limits form. Server-side only; the chain's own rules (a reason's length, the notice period, the month) are the
// machine's and come back as its refusal sentence.
import { z } from 'zod'
import { APPROVAL_EVENT_TYPES, HEARING_FORMS, OBJECTION_RESULTS } from '../../workflows/approvalSteps'
import { COMPLAINT_CHANNELS } from '../../workflows/rules/vocabulary'
import { parseYuan } from '../models/households.server'
import type { ProposalEventInput } from '../models/proposals/events.server'
import { safeText } from './fields.server'

const version = z.coerce.number().int().min(0)
const Base = z.object({ intent: z.enum(APPROVAL_EVENT_TYPES), version })
const Reason = z.object({ reason: safeText(500, { multiline: true }).default('') })
const Hearing = z.object({ form: z.enum(HEARING_FORMS) })
const HearingRecord = z.object({ record: safeText(2000, { multiline: true }).default('') })
const Objection = z.object({
  channel: z.enum(COMPLAINT_CHANNELS),
  objector: safeText(100).default(''),
  content: safeText(1000, { multiline: true }).min(1),
})
const Verify = z.object({
  no: z.coerce.number().int().min(1).max(999),
  result: z.enum(OBJECTION_RESULTS),
  note: safeText(500, { multiline: true }).default(''),
})
const Approve = z.object({
  effectiveMonth: z.string().trim().max(7),
  amount: z.string().trim().max(20).default(''),
  exitDate: z.string().trim().max(10).default(''),
})

export type ProposalForm = { version: number; event: ProposalEventInput } | { version: number; invalid: 'amount' | 'fields' }

/** The posted form, or null when malformed (no known intent, no version). */
export function parseProposalForm(formData: FormData): ProposalForm | null {
  const fields = Object.fromEntries(formData)
  const base = Base.safeParse(fields)
  if (!base.success) return null
  const { intent, version: v } = base.data
  const bad = { version: v, invalid: 'fields' as const }
  switch (intent) {
    case 'RETURN':
    case 'REFER_BACK':
    case 'REFUSE': {
      const p = Reason.safeParse(fields)
      return p.success ? { version: v, event: { type: intent, reason: p.data.reason } } : bad
    }
    case 'ORDER_HEARING': {
      const p = Hearing.safeParse(fields)
      return p.success ? { version: v, event: { type: intent, form: p.data.form } } : bad
    }
    case 'RECORD_HEARING': {
      const p = HearingRecord.safeParse(fields)
      return p.success ? { version: v, event: { type: intent, record: p.data.record } } : bad
    }
    case 'OBJECTION': {
      const p = Objection.safeParse(fields)
      return p.success ? { version: v, event: { type: intent, channel: p.data.channel, objector: p.data.objector || null, content: p.data.content } } : bad
    }
    case 'VERIFY_OBJECTION': {
      const p = Verify.safeParse(fields)
      return p.success ? { version: v, event: { type: intent, no: p.data.no, result: p.data.result, note: p.data.note || null } } : bad
    }
    case 'APPROVE': {
      const p = Approve.safeParse(fields)
      if (!p.success) return bad
      let amountFen: number | null = null
      if (p.data.amount) {
        const parsed = parseYuan(p.data.amount)
        if (!parsed.ok) return { version: v, invalid: 'amount' }
        amountFen = parsed.fen
      }
      return { version: v, event: { type: intent, effectiveMonth: p.data.effectiveMonth, amountFen, exitDate: p.data.exitDate || null } }
    }
    default:
      return { version: v, event: { type: intent } }
  }
}

const Limit = z.coerce.number().int().min(1).max(365)
const LimitsSchema = z.object({ intent: z.literal('limits'), version, townshipReview: Limit, notice: Limit, countyReview: Limit })

/** The approvals page's step limits form: null when malformed, 'invalid' when a limit is out of range. */
export function parseLimitsForm(formData: FormData): z.infer<typeof LimitsSchema> | 'invalid' | null {
  const fields = Object.fromEntries(formData)
  if (fields.intent !== 'limits' || !version.safeParse(fields.version).success) return null
  const parsed = LimitsSchema.safeParse(fields)
  return parsed.success ? parsed.data : 'invalid'
}

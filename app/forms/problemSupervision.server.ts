// The 专人督办 form of a serious problem (issue 15), parsed on the server (ADR 005): the supervisor (an account id)
// and the deadline as a day or N working days, as the problem's other deadline forms give it. The model checks the
// supervisor and the deadline again.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { format, t } from '../i18n'
import { latestDeadline, PROBLEM_LIMITS } from '../models/problemRules'
import { isDay } from '../../workflows/rules/dates'

const e = t.problems.errors

function assignSchema(today: string) {
  return z
    .object({
      intent: z.literal('assignSupervisor'),
      version: z.number({ error: t.errors.generic }).int().min(0),
      supervisorUserId: z.number({ error: e.supervisorInvalid }).int().positive(),
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
    })
    .superRefine((v, ctx) => {
      if (!v.deadlineOn && v.deadlineDays === undefined) ctx.addIssue({ code: 'custom', path: ['deadlineOn'], message: e.deadlineRequired })
    })
}

/** 列为严重问题，派专人督办: for the day it is filled in. */
export function parseAssignProblemSupervisor(formData: FormData, options: { today: string }) {
  return parseWithZod(formData, { schema: assignSchema(options.today) })
}

// The 专人督办 form of a serious problem (issue 15), parsed on the server (ADR 005): the supervisor (an account id)
// and the deadline as a day or N working days, as the problem's other deadline forms give it. The model checks the
// supervisor and the deadline again.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { t } from '../i18n/dictionary'
import { deadlineFields } from './problems.server'

const e = t.problems.errors

function assignSchema(today: string) {
  return z
    .object({
      intent: z.literal('assignSupervisor'),
      version: z.number({ error: t.errors.generic }).int().min(0),
      supervisorUserId: z.number({ error: e.supervisorInvalid }).int().positive(),
      ...deadlineFields(today),
    })
    .superRefine((v, ctx) => {
      if (!v.deadlineOn && v.deadlineDays === undefined) ctx.addIssue({ code: 'custom', path: ['deadlineOn'], message: e.deadlineRequired })
    })
}

/** 列为严重问题，派专人督办: for the day it is filled in. */
export function parseAssignProblemSupervisor(formData: FormData, options: { today: string }) {
  return parseWithZod(formData, { schema: assignSchema(options.today) })
}

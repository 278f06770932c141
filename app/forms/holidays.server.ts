// The holiday-correction form (节假日更正, /admin/holidays), parsed on the server only (ADR 005): a real day in the
// years the page may correct, a kind, and a short note. The model (holidays.server.ts) checks the same again.
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { HOLIDAY_OVERRIDE_LIMITS } from '../models/holidays.server'
import { isDay } from '../../workflows/rules/dates'

const e = t.holidays.errors

function overrideSchema(limits: { note: number; firstYear: number; lastYear: number }) {
  return z.object({
    intent: z.literal('save'),
    day: z
      .string({ error: e.dayRequired })
      .trim()
      .superRefine((value, ctx) => {
        if (!isDay(value)) {
          ctx.addIssue({ code: 'custom', message: e.invalidDay })
          return
        }
        const year = Number(value.slice(0, 4))
        if (year < limits.firstYear || year > limits.lastYear) {
          ctx.addIssue({ code: 'custom', message: format(e.yearOutOfRange, { first: limits.firstYear, last: limits.lastYear }) })
        }
      }),
    kind: z.enum(['holiday', 'workday'], { error: e.kindRequired }),
    note: z
      .string()
      .trim()
      .max(limits.note, format(e.noteTooLong, { max: limits.note }))
      .optional(),
  })
}

/** The save form's submission: a correction to save, or the field errors to show beside the fields. */
export function parseHolidayOverride(formData: FormData) {
  return parseWithZod(formData, { schema: overrideSchema(HOLIDAY_OVERRIDE_LIMITS) })
}

// Schema of the 举报电话 form (server-side only): the phone as typed and the township's version. The phone's format
// is checked by the model (reportPhone.server.ts), which answers in Chinese.
import { z } from 'zod'

const ReportPhoneSchema = z.object({
  intent: z.literal('saveReportPhone'),
  phone: z.string().max(40).default(''),
  version: z.coerce.number().int().min(0),
})

export type ReportPhoneForm = z.infer<typeof ReportPhoneSchema>

/** The posted form, or null when malformed (another intent, no version, a value too long). */
export function parseReportPhoneForm(formData: FormData): ReportPhoneForm | null {
  const parsed = ReportPhoneSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

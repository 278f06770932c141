// The login page's contact text, as the county administrator edits it (server-side only, docs/decisions/005).
import { z } from 'zod'
import { hasControlCharacters } from '../../workflows/rules/text'

export const LOGIN_HELP_MAX = 300

const LoginHelpSchema = z.object({
  version: z.coerce.number().int().min(0),
  loginHelp: z
    .string()
    .trim()
    .max(LOGIN_HELP_MAX, 'tooLong')
    .refine((v) => !hasControlCharacters(v, { multiline: true }), 'invalid'),
})

export type LoginHelpForm = z.infer<typeof LoginHelpSchema>

export function parseLoginHelp(formData: FormData): { ok: true; value: LoginHelpForm } | { ok: false; problem: 'tooLong' | 'invalid' | 'form' } {
  const parsed = LoginHelpSchema.safeParse(Object.fromEntries(formData))
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues.find((i) => i.path[0] === 'loginHelp')
  return { ok: false, problem: issue ? (issue.message === 'tooLong' ? 'tooLong' : 'invalid') : 'form' }
}

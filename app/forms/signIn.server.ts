// The sign-in form's schema. Server-side only: the page then ships no zod to the browser (docs/decisions/005).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { t } from '~/i18n/dictionary'

const SignInSchema = z.object({
  username: z.string({ error: t.login.usernameRequired }).trim().min(1, t.login.usernameRequired).max(100),
  password: z.string({ error: t.login.passwordRequired }).min(1, t.login.passwordRequired).max(200),
  redirectTo: z.string().optional(),
})

const FIELDS = ['username', 'password', 'redirectTo'] as const
/** the sign-in form has three short fields (readForm's limits for it) */
export const SIGN_IN_LIMITS = { maxFields: 10, maxValueLength: 2000 }

/**
 * Only the form's own fields reach the schema, so a failed sign-in's reply echoes nothing else that was posted
 * (the password is hidden by the action; a redirectTo longer than any path of the app is dropped).
 */
export function parseSignInForm(formData: FormData) {
  const own = new FormData()
  for (const name of FIELDS) {
    const value = formData.get(name)
    if (typeof value === 'string' && !(name === 'redirectTo' && value.length > 500)) own.set(name, value)
  }
  return parseWithZod(own, { schema: SignInSchema })
}

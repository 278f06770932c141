// The sign-in form's schema. Server-side only: the page then ships no zod to the browser (docs/decisions/005).
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { t } from '~/i18n'

const SignInSchema = z.object({
  username: z.string({ error: t.login.usernameRequired }).trim().min(1, t.login.usernameRequired).max(100),
  password: z.string({ error: t.login.passwordRequired }).min(1, t.login.passwordRequired).max(200),
  redirectTo: z.string().optional(),
})

export function parseSignInForm(formData: FormData) {
  return parseWithZod(formData, { schema: SignInSchema })
}

// The county administrator's three forms on /county/admin (server-side only): a township, a township's administrator,
// a county bureau account. A refusal is one Chinese message that repeats nothing that was sent.
import { z } from 'zod'
import { t } from '../i18n/dictionary'
import { requiredSafeText, safeText } from './fields.server'

const p = t.countyAdmin.problems

const account = {
  username: requiredSafeText(40, p.usernameRequired),
  displayName: requiredSafeText(40, p.displayNameRequired),
  password: z.string().max(200),
}

const CountyAdminSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('township'), name: requiredSafeText(30, p.townshipNameRequired, { tooLong: p.townshipNameTooLong }) }),
  z.object({
    intent: z.literal('townshipAdmin'),
    townshipId: z.coerce.number({ error: p.townshipRequired }).int(p.townshipRequired).positive(p.townshipRequired),
    ...account,
  }),
  z.object({
    intent: z.literal('bureauUser'),
    ...account,
    /** an unticked checkbox is absent from the form */
    countyAdmin: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
  }),
])

export type CountyAdminInput = z.infer<typeof CountyAdminSchema>

/** Our own messages may be shown; anything else (an unknown intent, a value no page sends) gets the general one. */
const OWN_MESSAGES = new Set<string>([...Object.values(p), t.errors.controlCharacters])

export function parseCountyAdminForm(formData: FormData): { ok: true; input: CountyAdminInput } | { ok: false; message: string } {
  const parsed = CountyAdminSchema.safeParse(Object.fromEntries(formData))
  if (parsed.success) return { ok: true, input: parsed.data }
  const message = parsed.error.issues[0]?.message ?? ''
  return { ok: false, message: OWN_MESSAGES.has(message) ? message : p.invalid }
}

/** Which form a refusal belongs to (so it shows beside that form), when the posted intent is one of the three. */
export function formIntent(formData: FormData): CountyAdminInput['intent'] | null {
  const intent = safeText(20).safeParse(formData.get('intent') ?? '')
  return intent.success && (intent.data === 'township' || intent.data === 'townshipAdmin' || intent.data === 'bureauUser') ? intent.data : null
}

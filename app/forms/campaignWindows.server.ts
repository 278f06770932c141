// The phase-window form's shape (server-side only, docs/decisions/005); the rules are workflows/rules/windows.ts.
import { z } from 'zod'
import { PHASES } from '../../workflows/phases'

const day = z.string().trim().max(10)
const WindowsSchema = z.object(Object.fromEntries(PHASES.flatMap((p) => [[`${p}.starts_on`, day], [`${p}.ends_on`, day]])) as Record<string, typeof day>)

/** The submitted dates by field name ('supervision.ends_on' …), or null if the form is malformed. */
export function parseWindowsForm(formData: FormData): Record<string, string> | null {
  const parsed = WindowsSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? (parsed.data as Record<string, string>) : null
}

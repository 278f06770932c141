// The phase-window form's shape (server-side only, docs/decisions/005); the rules are workflows/rules/windows.ts.
import { z } from 'zod'
import { PHASES } from '../../workflows/phases'

const day = z.string().trim().max(10)
const WindowsSchema = z.object(
  Object.fromEntries(
    PHASES.flatMap((p) => [
      [`${p}.starts_on`, day],
      [`${p}.ends_on`, day],
    ]),
  ) as Record<string, typeof day>,
)

// the windows' version the form was loaded with: a stale form is a conflict, never a silent overwrite
const VersionSchema = z.object({ version: z.coerce.number().int().min(0) })

/** The submitted dates by field name ('supervision.ends_on' …) and the version, or null if the form is malformed. */
export function parseWindowsForm(formData: FormData): { dates: Record<string, string>; version: number } | null {
  const fields = Object.fromEntries(formData)
  const parsed = WindowsSchema.safeParse(fields)
  const version = VersionSchema.safeParse(fields)
  return parsed.success && version.success ? { dates: parsed.data as Record<string, string>, version: version.data.version } : null
}

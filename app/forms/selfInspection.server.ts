// The self-inspection report page's forms (server-side only, docs/decisions/005): the written sections, and the
// submission (parseReportSubmission in villageActions.server.ts).
import { z } from 'zod'
import { hasControlCharacters } from '../../workflows/rules/text'

/** Each written section at most this many characters (a village report runs to a page or two). */
export const NARRATIVE_MAX = 3000

const section = z
  .string()
  .trim()
  .max(NARRATIVE_MAX)
  .refine((v) => !hasControlCharacters(v, { multiline: true }))

const NarrativeSchema = z.object({
  intent: z.literal('narrative'),
  /** the narrative's version the page was loaded with (0: none saved yet) */
  version: z.coerce.number().int().min(0),
  workDone: section,
  problemsFound: section,
  measures: section,
  nextSteps: section,
})

export type NarrativeForm = z.infer<typeof NarrativeSchema>

/** Is this post the written sections' form (intent=narrative)? */
export function isNarrativePost(formData: FormData): boolean {
  return formData.get('intent') === 'narrative'
}

/** The written sections, or null if malformed (a section too long, a control character, a missing field). */
export function parseNarrative(formData: FormData): NarrativeForm | null {
  const parsed = NarrativeSchema.safeParse(Object.fromEntries(formData))
  return parsed.success ? parsed.data : null
}

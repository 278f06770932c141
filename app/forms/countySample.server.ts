// Schemas of the county's sample pages (server-side only, docs/decisions/005): the draw, the assignment, the list's
// filters (a query string) and a household's check record. The rules (≥30%, dates, reasons) are the models'.
import { z } from 'zod'
import { PROBLEM_CATEGORIES, SAMPLE_FINDINGS } from '../../workflows/rules/vocabulary'
import { SAMPLE_STATUSES, type SampleListFilters } from '../models/countySample/read.server'
import { safeText } from './fields.server'

const id = z.coerce.number().int().positive().max(2_147_483_647)

const DrawSchema = z.object({
  intent: z.literal('draw'),
  // the model says what is wrong with a seed or a percent, in Chinese
  seed: z.string().max(200).default(''),
  percent: z.string().trim().max(10),
  note: safeText(200).default(''),
})

const AssignSchema = z.object({
  intent: z.enum(['assignSelected', 'assignTownship']),
  sampleId: id,
  assigneeUserId: z.union([z.literal(''), id]).default(''),
  townshipId: z.union([z.literal(''), id]).default(''),
})

export type CountySampleForm =
  | { intent: 'draw'; seed: string; percent: number; note: string | null }
  | { intent: 'assign'; sampleId: number; assigneeUserId: number | null; rowIds: number[]; townshipId: number | null }

/** The posted form, or null when malformed (an unknown intent, ids that are not ids). */
export function parseCountySampleForm(formData: FormData): CountySampleForm | null {
  const fields = Object.fromEntries([...formData.keys()].filter((k) => k !== 'rowIds').map((k) => [k, formData.get(k)]))
  const draw = DrawSchema.safeParse(fields)
  if (draw.success) {
    const percent = /^\d{1,3}$/.test(draw.data.percent) ? Number(draw.data.percent) : Number.NaN
    return { intent: 'draw', seed: draw.data.seed, percent, note: draw.data.note || null }
  }
  const assign = AssignSchema.safeParse(fields)
  if (!assign.success) return null
  const rowIds = z.array(id).max(1000).safeParse(formData.getAll('rowIds'))
  if (!rowIds.success) return null
  const d = assign.data
  return {
    intent: 'assign',
    sampleId: d.sampleId,
    assigneeUserId: d.assigneeUserId === '' ? null : d.assigneeUserId,
    rowIds: d.intent === 'assignSelected' ? rowIds.data : [],
    townshipId: d.intent === 'assignTownship' && d.townshipId !== '' ? d.townshipId : null,
  }
}

const FilterSchema = z.object({
  township: id.optional().catch(undefined),
  assignee: z
    .union([z.literal('none'), id])
    .optional()
    .catch(undefined),
  status: z.enum(SAMPLE_STATUSES).optional().catch(undefined),
})

/** The list's filters from the query string; anything unknown is no filter. */
export function parseSampleFilters(search: URLSearchParams): SampleListFilters {
  const f = FilterSchema.parse({
    township: search.get('township') || undefined,
    assignee: search.get('assignee') || undefined,
    status: search.get('status') || undefined,
  })
  return { townshipId: f.township, assignee: f.assignee, status: f.status }
}

const CheckSchema = z.object({
  version: z.coerce.number().int().min(0),
  visitedOn: z.string().trim().max(10).default(''),
  finding: z.enum(SAMPLE_FINDINGS),
  // the 500-character limit is the model's (a Chinese message, not a malformed form)
  findingReasons: safeText(2000, { multiline: true }).default(''),
  category: z.enum(PROBLEM_CATEGORIES).default('wrongful'),
})

export type CheckForm = z.infer<typeof CheckSchema>

/** A check record's form: null when malformed; { missing: 'finding' } when no finding was chosen. */
export function parseSampleCheckForm(formData: FormData): CheckForm | { missing: 'finding' } | null {
  const fields = Object.fromEntries(formData)
  const parsed = CheckSchema.safeParse(fields)
  if (parsed.success) return parsed.data
  if (fields.finding === undefined && CheckSchema.omit({ finding: true }).safeParse(fields).success) return { missing: 'finding' }
  return null
}

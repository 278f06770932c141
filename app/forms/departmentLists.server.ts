// The /crosscheck upload's fields (server-side only): 数据来源 (one of DEPARTMENT_SOURCES) and 数据日期 (a month or a
// day). The file itself comes through readRosterUpload (app/utils/forms.server.ts). A refusal is one Chinese message.
import { z } from 'zod'
import { DEPARTMENT_SOURCES, type DepartmentSource } from '../../workflows/rules/vocabulary'
import { t } from '../i18n/dictionary'
import { parseDataDate } from '../models/departmentLists/rules.server'

const p = t.departmentLists.problems

const Schema = z.object({
  source: z.enum(DEPARTMENT_SOURCES, { error: p.source }),
  dataDate: z
    .string({ error: p.dataDate })
    .max(20, p.dataDate)
    .transform((v) => parseDataDate(v) ?? '')
    .refine((v) => v !== '', p.dataDate),
})

export function parseDepartmentUploadFields(
  fields: Readonly<Record<string, string>>,
): { ok: true; source: DepartmentSource; dataDate: string } | { ok: false; message: string } {
  const parsed = Schema.safeParse({ source: fields.source, dataDate: fields.dataDate })
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.path[0] === 'source' ? p.source : p.dataDate }
  return { ok: true, ...parsed.data }
}

/** ?source=vehicles on the page and the export: a known source, or all. */
export function parseSourceFilter(value: string | null): DepartmentSource | null {
  return value && (DEPARTMENT_SOURCES as readonly string[]).includes(value) ? (value as DepartmentSource) : null
}

// 信息核对, the match list as .xlsx (/crosscheck/matches.xlsx): the same matches the viewer sees on the page — the
// county's, a township's, or a village's only — with masked ID numbers, never a department's unmatched rows. Every
// download is audited.
import type { DB } from '../../../db/connection.server'
import { format } from '../../i18n'
import { t } from '../../i18n/dictionary'
import { recordAudit } from '../audit.server'
import { addDataRow, addTableSheet, newWorkbook, workbookFile, type ExportContext, type ExportFile, type SheetColumn } from '../exports.server'
import { listScopedMatches } from './queries.server'
import { crosscheckScopeFor, type CrosscheckScope } from './scope.server'

const d = t.departmentLists

async function placeOf(db: DB, scope: CrosscheckScope): Promise<{ place: string; code: string; townshipId: number | null; villageId: number | null }> {
  if (scope.kind === 'county') return { place: scope.countyName, code: 'county', townshipId: null, villageId: null }
  if (scope.kind === 'township') {
    const tw = await db.selectFrom('townships').select('name').where('id', '=', scope.townshipId).executeTakeFirst()
    return { place: tw?.name ?? '', code: `township-${scope.townshipId}`, townshipId: scope.townshipId, villageId: null }
  }
  const villages = scope.villageIds.length
    ? await db.selectFrom('villages').select(['id', 'name', 'township_id']).where('id', 'in', scope.villageIds).orderBy('name').execute()
    : []
  const one = villages.length === 1 ? villages[0] : null
  return {
    place: villages.map((v) => v.name).join(t.departmentLists.facts.listSeparator),
    code: one ? `village-${one.id}` : 'villages',
    townshipId: villages[0]?.township_id ?? null,
    villageId: one?.id ?? null,
  }
}

const COLUMNS: SheetColumn[] = [
  { header: d.matches.township, width: 12 },
  { header: d.matches.village, width: 12 },
  { header: d.matches.household, width: 10 },
  { header: d.matches.person, width: 10 },
  { header: d.matches.idNumber, width: 22 },
  { header: d.matches.source, width: 10 },
  { header: d.matches.fact, width: 46 },
  { header: d.matches.dataDate, width: 12, kind: 'date' },
]

/** The viewer's match list as a file; null when the account has no scope (the route answers 403). */
export async function downloadCrosscheckMatches(db: DB, ctx: ExportContext): Promise<ExportFile | null> {
  const scope = crosscheckScopeFor(ctx.actor)
  if (!scope) return null
  const [matches, where] = await Promise.all([listScopedMatches(db, scope), placeOf(db, scope)])
  const wb = newWorkbook(d.file.title)
  const { ws } = addTableSheet(wb, {
    name: d.file.sheet,
    title: d.file.title,
    lines: [format(d.file.scope, { place: where.place, date: ctx.today })],
    columns: COLUMNS,
    orientation: 'landscape',
    filter: true,
  })
  for (const m of matches)
    addDataRow(ws, COLUMNS, [
      m.townshipName,
      m.villageName,
      m.headName,
      m.isHead ? d.matches.head : m.personName,
      m.maskedIdNumber,
      m.sourceLabel,
      m.fact,
      m.dataDate,
    ])
  const file = await workbookFile(wb, format(d.file.name, { place: where.place, date: ctx.today }), `crosscheck-${where.code}-${ctx.today}`)
  await recordAudit(db, {
    actorUserId: ctx.actor.id,
    action: 'export.crosscheckMatches',
    entityType: scope.kind === 'county' ? 'county' : scope.kind === 'township' ? 'township' : 'village',
    entityId: where.villageId ?? where.townshipId,
    villageId: where.villageId,
    townshipId: where.townshipId,
    after: { format: 'xlsx', matches: matches.length, file: file.filename },
    ip: ctx.ip,
    at: ctx.at,
  })
  return file
}

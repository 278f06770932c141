// The self-inspection report to print and to download (.docx): its figures and written sections (the saved text,
// else the draft), with the export's audit row.
import type { DB } from '../../db/connection.server'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { recordExport, safeFileName, type ExportContext, type ExportFile } from './exports.server'
import { getSelfInspectionReport } from './selfInspection.server'
import { selfInspectionDocx } from './selfInspectionDocument.server'
import { getNarrative } from './selfInspectionNarrative.server'
import { reportFigureRows, type NarrativeText } from './selfInspectionText'

export interface SelfInspectionPrint {
  text: NarrativeText
  figures: Array<[string, string]>
}

type Village = { id: number; name: string; townshipId: number }

async function load(db: DB, campaignId: number, villageId: number): Promise<SelfInspectionPrint> {
  const report = await getSelfInspectionReport(db, campaignId, villageId)
  const narrative = await getNarrative(db, campaignId, villageId, report)
  return { text: narrative.text, figures: reportFigureRows(report) }
}

/** The print view's content; the print is audited as every export is. */
export async function printSelfInspectionReport(db: DB, ctx: ExportContext, campaignId: number, village: Village): Promise<SelfInspectionPrint> {
  const print = await load(db, campaignId, village.id)
  await recordExport(db, ctx, {
    kind: 'selfInspectionReport',
    format: 'print',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: {},
  })
  return print
}

/** The .docx, built in the request (a page or two), and its audit row. */
export async function downloadSelfInspectionReport(db: DB, ctx: ExportContext, campaignId: number, village: Village): Promise<ExportFile> {
  const print = await load(db, campaignId, village.id)
  const body = await selfInspectionDocx({ villageName: village.name, today: ctx.today, ...print })
  const filename = safeFileName(`${format(t.selfInspection.printTitle, { village: village.name })}.docx`)
  await recordExport(db, ctx, {
    kind: 'selfInspectionReport',
    format: 'docx',
    townshipId: village.townshipId,
    villageId: village.id,
    entity: { type: 'village', id: village.id },
    details: { file: filename },
  })
  return { body, format: 'docx', filename, fallback: `self-inspection-report-${village.id}.docx` }
}

// Worker thread: builds the summary report (.docx, laid out in app/models/summaryReportDocument.server.ts) from figures
// already counted on the request thread (app/models/summaryReportExport.server.ts). Building and zipping the document is what takes seconds for a large
// township — the queries take about a tenth of a second — so only that is done here.
import { Packer } from 'docx'
import { summaryReportDocument } from '../models/summaryReportDocument.server'
import type { SummaryReportData } from '../models/summaryReportExport.server'

export async function handle(data: SummaryReportData): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(summaryReportDocument(data)))
}

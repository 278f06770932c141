// 下载花名册模板: an .xlsx with the columns the importer recognises first (each header is the name header.server.ts
// ranks best for its field: the template is read back through the importer in tests/unit/rosterTemplate.test.ts) and
// a 填表说明 sheet (the instruction sheet has no header row, so the importer passes over it).
import ExcelJS from 'exceljs'
import { t } from '../../i18n/dictionary'
import { HOUSEHOLD_FIELDS, REQUIRED_FIELDS } from './rules.server'

const tpl = t.rosterImport.template

/** The columns of the template, in order: one row a household. */
export const TEMPLATE_FIELDS = HOUSEHOLD_FIELDS

type TemplateField = (typeof TEMPLATE_FIELDS)[number]

function requirement(field: TemplateField): string {
  if (field === 'village') return tpl.requiredWhenNoVillage
  return (REQUIRED_FIELDS as readonly string[]).includes(field) ? tpl.required : tpl.optional
}

export async function rosterTemplateWorkbook(): Promise<{ name: string; body: Uint8Array }> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(tpl.sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = TEMPLATE_FIELDS.map((field) => ({
    header: t.rosterImport.fields[field],
    key: field,
    width: field === 'idNumber' ? 22 : field === 'notes' || field === 'keyCheckSituations' ? 24 : 12,
    // ID numbers and phone numbers as text: a number column loses an ID number's last digits
    style: field === 'idNumber' || field === 'phone' ? { numFmt: '@' } : {},
  }))
  sheet.getRow(1).font = { bold: true }

  const help = workbook.addWorksheet(tpl.instructionsSheet)
  help.columns = [{ width: 18 }, { width: 40 }, { width: 60 }]
  help.addRow([tpl.instructionsTitle]).font = { bold: true, size: 14 }
  for (const rule of tpl.rules) help.addRow([rule])
  help.addRow([])
  help.addRow([tpl.columnHeading, tpl.requiredHeading, tpl.noteHeading]).font = { bold: true }
  for (const field of TEMPLATE_FIELDS) help.addRow([t.rosterImport.fields[field], requirement(field), tpl.notes[field]])

  const body = new Uint8Array(await workbook.xlsx.writeBuffer())
  return { name: tpl.fileName, body }
}

// 自查报告, the document: a village's self-inspection report as .docx — title, the four written sections, the figures
// table, the village's signature and date — in the summary report's house style (summaryReportDocument.server.ts:
// 宋体 title, 黑体 headings, 仿宋 body, A4, page numbers). Pure: no database. A village's report is a page or two, so
// it is built in the request; the township's summary, with every village, is the one built in a worker.
import { AlignmentType, BorderStyle, type Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx'
import { format } from '../i18n'
import { t } from '../i18n/dictionary'
import { chineseDate } from '../utils/format'
import { font, officialDocument, PT } from './officialDocument.server'
import { NARRATIVE_SECTIONS, type NarrativeText } from './selfInspectionText'

export interface SelfInspectionDocumentData {
  villageName: string
  /** the Shanghai day it was printed, 'YYYY-MM-DD' */
  today: string
  text: NarrativeText
  figures: Array<[string, string]>
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

/** A section's text, one paragraph per line the cadre wrote, indented two characters. */
function paragraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => new Paragraph({ children: [new TextRun(line)], indent: { firstLine: 640 } }))
}

function cell(text: string, align: 'left' | 'right'): TableCell {
  return new TableCell({
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 80, right: 80, top: 30, bottom: 30 },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
    children: [
      new Paragraph({
        alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { line: 280, before: 0, after: 0 },
        children: [new TextRun({ text, font: font('宋体'), size: PT(10.5) })],
      }),
    ],
  })
}

export function selfInspectionDocument(d: SelfInspectionDocumentData): Document {
  const s = t.selfInspection
  const children: Array<Paragraph | Table> = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(format(s.printTitle, { village: d.villageName }))] }),
  ]
  for (const section of NARRATIVE_SECTIONS) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.sections[section])] }))
    children.push(...paragraphs(d.text[section]))
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(s.printFigures)] }))
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: d.figures.map(([label, value]) => new TableRow({ cantSplit: true, children: [cell(label, 'left'), cell(value, 'right')] })),
    }),
  )
  children.push(
    new Paragraph({ spacing: { before: 480 }, alignment: AlignmentType.RIGHT, children: [new TextRun(format(s.signature, { village: d.villageName }))] }),
  )
  children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(chineseDate(d.today))] }))
  return officialDocument({ creator: t.app.name, title: format(s.printTitle, { village: d.villageName }) }, children)
}

/** The .docx file's bytes. */
export async function selfInspectionDocx(d: SelfInspectionDocumentData): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(selfInspectionDocument(d)))
}

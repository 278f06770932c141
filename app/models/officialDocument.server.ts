// The house style of the Word documents officials receive (公文格式): A4 with the GB/T 9704 margins, fonts every Word
// and WPS install has — 宋体 title, 黑体 headings, 楷体 second-level headings, 仿宋 body, Latin digits in Times New
// Roman — and page numbers "— 1 —" in the footer. The summary report and the village's self-inspection report share it.
import { AlignmentType, Document, Footer, PageNumber, Paragraph, TextRun, type FileChild } from 'docx'

export const font = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia })
export const PT = (points: number) => points * 2 // docx sizes are half-points

/** A document in the house style: its metadata and its paragraphs and tables, in order. */
export function officialDocument(meta: { creator: string; title: string; description?: string }, children: FileChild[]): Document {
  return new Document({
    ...meta,
    styles: {
      default: {
        document: { run: { font: font('仿宋'), size: PT(14) }, paragraph: { spacing: { line: 440, before: 0, after: 0 } } },
        title: {
          run: { font: font('宋体'), size: PT(20), bold: true, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 120 } },
        },
        heading1: {
          run: { font: font('黑体'), size: PT(16), bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, outlineLevel: 0, keepNext: true },
        },
        heading2: {
          run: { font: font('楷体'), size: PT(14), bold: true, color: '000000' },
          paragraph: { spacing: { before: 120, after: 60 }, outlineLevel: 1, keepNext: true },
        },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: PT(12) })] }),
            ],
          }),
        },
        children,
      },
    ],
  })
}

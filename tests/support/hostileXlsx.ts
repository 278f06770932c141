// Hostile .xlsx files for the roster reader's limits (issue 11, finding 6): each is small on the wire and costly to
// read naively. Built here rather than kept as fixtures so their shape is readable.
import { minimalXlsx } from './zip'

const HEADER =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>户主姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号码</t></is></c><c r="C1" t="inlineStr"><is><t>家庭人口</t></is></c></row>'
const sheet = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${rows}</sheetData></worksheet>`
const sheetBytes = (rows: string, filler: Buffer) =>
  Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${rows}`), filler, Buffer.from('</sheetData></worksheet>')])

/** sharedStrings with `count` <si> that are never closed (2.5 KB on the wire for 250,000): quadratic for a lazy regex */
export function unclosedSharedStrings(count = 250_000): Uint8Array {
  return minimalXlsx(sheet(HEADER), `<sst>${'<si>'.repeat(count)}`)
}

/** a header, then `count` blank <row/> elements: 30,000,000 of them deflate to about 177 KB */
export function blankRows(count = 30_000_000): Uint8Array {
  return minimalXlsx(sheet(HEADER + '<row/>'.repeat(count)))
}

/** a header, then `count` rows of one real household each (distinct row numbers) */
export function manyRows(count: number): Uint8Array {
  const rows: string[] = [HEADER]
  for (let i = 2; i < count + 2; i++) rows.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>张三</t></is></c><c r="B${i}"><v>${i}</v></c></row>`)
  return minimalXlsx(sheet(rows.join('')))
}

/** a part that inflates to `megabytes` MB of spaces (about 1 KB per MB on the wire): a zip bomb */
export function zipBomb(part: 'sharedStrings' | 'sheet', megabytes = 1024): Uint8Array {
  const spaces = (mb: number) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    return Buffer.concat(Array.from({ length: mb }, () => chunk))
  }
  if (part === 'sharedStrings') return minimalXlsx(sheet(HEADER), Buffer.concat([Buffer.from('<sst>'), spaces(megabytes), Buffer.from('</sst>')]))
  return minimalXlsx(sheetBytes(HEADER, spaces(megabytes)))
}

/** a row whose one cell sits in column XFD (the last), repeated: each row would be padded to 16,384 cells */
export function farRightCells(count = 200_000): Uint8Array {
  return minimalXlsx(sheet(HEADER + Array.from({ length: count }, (_, i) => `<row r="${i + 2}"><c r="XFD${i + 2}"><v>1</v></c></row>`).join('')))
}

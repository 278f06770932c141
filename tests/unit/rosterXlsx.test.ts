import { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readRosterFile } from '../../app/models/rosterImport/read.server'
import { decodeXmlText } from '../../app/models/rosterImport/xlsxXml.server'
import { openXlsx } from '../../app/models/rosterImport/xlsx.server'
import { createRandom, personName } from '../../seed/random'

async function rowsOf(content: Uint8Array, sheet = 0) {
  const rows: Array<{ number: number; cells: unknown[] }> = []
  for await (const row of openXlsx(content)[sheet].rows()) rows.push(row)
  return rows
}

/** An .xlsx written by exceljs' streaming writer, shared strings or inline strings. */
async function streamedWorkbook(rows: unknown[][], useSharedStrings: boolean): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(chunk as Buffer), done()) })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings })
  const sheet = workbook.addWorksheet('花名册')
  for (const row of rows) sheet.addRow(row).commit()
  await sheet.commit()
  await workbook.commit()
  return new Uint8Array(Buffer.concat(chunks))
}

describe('the .xlsx reader', () => {
  it('reads every Chinese character of a large sheet intact, however the compressed stream is cut', async () => {
    const random = createRandom(11)
    const names = Array.from({ length: 20_000 }, (_, i) => [
      i + 1,
      `${personName(random)}·${personName(random)}`,
      `１３０９２５${String(i).padStart(12, '０')}`,
    ])
    for (const shared of [true, false]) {
      const rows = await rowsOf(await streamedWorkbook(names, shared))
      expect(rows, shared ? 'shared strings' : 'inline strings').toHaveLength(names.length)
      expect(rows.every((row, i) => row.number === i + 1 && row.cells[1] === names[i][1] && row.cells[2] === names[i][2])).toBe(true)
      expect(rows.some((row) => String(row.cells[1]).includes('\ufffd'))).toBe(false)
    }
  })

  it('gives rich text as its text, a formula as its cached result, and keeps row numbers and gaps', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('说明')
    sheet.getCell('A1').value = '填表说明'
    const roster = workbook.addWorksheet('花名册')
    roster.getCell('A2').value = { richText: [{ text: '买买提', font: { bold: true } }, { text: '·艾力' }] }
    roster.getCell('C2').value = { formula: 'SUM(1,2)', result: 3 }
    roster.getCell('D2').value = '月保障金额\r\n(元)'
    roster.getCell('B5').value = 'a & b < c'
    roster.getCell('AA5').value = 380.5
    const content = new Uint8Array(await workbook.xlsx.writeBuffer())
    const sheets = openXlsx(content)
    expect(sheets.map((s) => s.name)).toEqual(['说明', '花名册'])
    const rows = await rowsOf(content, 1)
    expect(rows.map((r) => r.number)).toEqual([2, 5])
    expect(rows[0].cells).toEqual(['买买提·艾力', null, 3, '月保障金额\r\n(元)'])
    expect(rows[1].cells[1]).toBe('a & b < c')
    expect(rows[1].cells[26]).toBe(380.5)
  })

  it('decodes XML entities and Excel’s _xHHHH_ escapes, and leaves other underscores alone', () => {
    expect(decodeXmlText('&lt;&#x4E2D;&#22269;&amp;_x000D__x000A_')).toBe('<中国&\r\n')
    expect(decodeXmlText('bboyv_x8C_I')).toBe('bboyv_x8C_I')
  })

  it('refuses a file that is not a workbook, and a broken old binary .xls', async () => {
    expect(await readRosterFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual({ ok: false, problem: 'unreadable' })
    expect(await readRosterFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({ ok: false, problem: 'unreadable' })
    expect(await readRosterFile(new Uint8Array())).toEqual({ ok: false, problem: 'empty' })
  })
})

import * as XLSX from '@e965/xlsx'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { readTableFile, TABLE_LIMITS, tableReadProblemText, type TableFileKind, type TableRow, type TableSheet } from '../../app/models/tableFile/read.server'
import { readTableFileInWorker } from '../../app/models/tableFile/readInWorker.server'
import { writeZip } from '../support/zip'

const HEADER = ['户主姓名', '身份证号码', '月保障金额', '低保金起始发放日期']
const ROWS: Array<Array<string | number>> = [
  ['张三', '330102199001011234', 500, 44317],
  ['李四', '33010219850202002X', 1.5, 44318],
]

/** A workbook of an old hidden roster first, then the visible one with its second data row hidden. */
function sheetJsWorkbook(): XLSX.WorkBook {
  const workbook = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([HEADER, ['王五', '330102197001011234', 300, 40000]]), '旧花名册')
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([HEADER, ...ROWS]), '花名册')
  workbook.Workbook = { Sheets: [{ Hidden: 1 }, { Hidden: 0 }] }
  return workbook
}

function write(workbook: XLSX.WorkBook, bookType: XLSX.BookType): Uint8Array {
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType }) as Buffer)
}

const visible = (sheets: TableSheet[]) => sheets.find((s) => !s.hidden)

describe('reading an office file into rows', () => {
  it('reads a legacy .xls (BIFF8) with its hidden first sheet marked hidden, dates as serial numbers', async () => {
    const result = await readTableFile(write(sheetJsWorkbook(), 'biff8'))
    expect(result.ok && result.kind).toBe('xls')
    if (!result.ok) return
    expect(result.sheets.map((s) => [s.name, s.hidden, s.rows.length])).toEqual([
      ['旧花名册', true, 2],
      ['花名册', false, 3],
    ])
    expect(visible(result.sheets)?.rows.map((r) => r.cells)).toEqual([HEADER, ...ROWS])
    expect(visible(result.sheets)?.rows.map((r) => r.sheetRow)).toEqual([1, 2, 3])
  })

  it('calls an OLE file named .et a WPS table and reads it the same way', async () => {
    const result = await readTableFile(write(sheetJsWorkbook(), 'biff8'), { fileName: '花名册.ET' })
    expect(result.ok && result.kind).toBe('et')
    expect(result.ok && visible(result.sheets)?.rows.length).toBe(3)
  })

  it('reads an .ods written by a spreadsheet program', async () => {
    const result = await readTableFile(write(sheetJsWorkbook(), 'ods'))
    expect(result.ok && result.kind).toBe('ods')
    expect(result.ok && result.sheets[1].rows.map((r) => r.cells)).toEqual([HEADER, ...ROWS])
  })

  it('reads which sheets and rows of an .ods are hidden', async () => {
    const cell = (v: string) => `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`
    const row = (cells: string[], attrs = '') => `<table:table-row${attrs}>${cells.map(cell).join('')}</table:table-row>`
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="旧花名册" table:style-name="ta2">${row(['户主姓名', '身份证号码'])}${row(['王五', '1'])}</table:table>
<table:table table:name="花名册" table:style-name="ta1">${row(['户主姓名', '身份证号码'])}<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>${row(['张三', '2'])}${row(['李四', '3'], ' table:visibility="collapse"')}${row(['赵六', '4'])}</table:table>
</office:spreadsheet></office:body></office:document-content>`
    const ods = writeZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', stored: true },
      { name: 'content.xml', data: content },
      { name: 'styles.xml', data: '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>' },
      {
        name: 'META-INF/manifest.xml',
        data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      },
    ])
    const result = await readTableFile(ods)
    if (!result.ok) throw new Error(result.problem)
    expect(result.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['旧花名册', true],
      ['花名册', false],
    ])
    expect(result.sheets[1].rows.map((r) => [r.sheetRow, r.cells[0], r.hidden])).toEqual([
      [1, '户主姓名', false],
      [4, '张三', false],
      [5, '李四', true],
      [6, '赵六', false],
    ])
  })

  it('reads an .xlsx hidden sheet and hidden rows (filtered out or hidden by hand)', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('旧花名册', { state: 'hidden' }).addRows([HEADER])
    const sheet = workbook.addWorksheet('花名册')
    sheet.addRows([HEADER, ...ROWS, ['赵六', '330102199901011234', 200, 44000]])
    sheet.getRow(3).hidden = true
    const result = await readTableFile(new Uint8Array(await workbook.xlsx.writeBuffer()))
    if (!result.ok) throw new Error(result.problem)
    expect(result.kind).toBe('xlsx')
    expect(result.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['旧花名册', true],
      ['花名册', false],
    ])
    expect(result.sheets[1].rows.map((r) => [r.sheetRow, r.hidden])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
    ])
  })

  it('reads an Excel 2003 XML file with its hidden rows', async () => {
    const workbook = sheetJsWorkbook()
    workbook.Sheets['花名册']['!rows'] = [{}, {}, { hidden: true }]
    const result = await readTableFile(write(workbook, 'xlml'))
    if (!result.ok) throw new Error(result.problem)
    expect(result.sheets.map((s) => s.hidden)).toEqual([true, false])
    expect(result.sheets[1].rows.map((r) => r.hidden)).toEqual([false, false, true])
  })

  it('reads an HTML table saved as .xls, in GB18030 with a byte-order-less head, keeping ID numbers as text', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table border="1"><tr><td colspan="4">某镇低保花名册</td></tr>
<tr>${HEADER.map((h) => `<td>${h}</td>`).join('')}</tr>
<tr><td>张三</td><td>012345199001011234</td><td>500</td><td>2021-05-01</td></tr></table></body></html>`
    const result = await readTableFile(new Uint8Array(iconv.encode(html, 'gb18030')))
    if (!result.ok) throw new Error(result.problem)
    expect([result.kind, result.encoding]).toEqual(['html', 'gb18030'])
    expect(result.sheets[0].rows.map((r) => r.cells)).toEqual([['某镇低保花名册'], HEADER, ['张三', '012345199001011234', '500', '2021-05-01']])
  })

  it('reads an HTML table after a UTF-8 byte-order mark and a doctype', async () => {
    const html = `\uFEFF<!DOCTYPE html><html><body><table><tr><th>户主姓名</th></tr><tr><td>张三</td></tr></table></body></html>`
    const result = await readTableFile(new Uint8Array(Buffer.from(html, 'utf8')))
    expect(result.ok && [result.kind, result.encoding, result.sheets[0].rows.length]).toEqual(['html', 'utf-8', 2])
  })

  it('reads a CSV as one sheet without a name', async () => {
    const result = await readTableFile(new Uint8Array(iconv.encode('户主姓名,身份证号码\r\n\r\n张三,330102199001011234\r\n', 'gb18030')))
    const kind: TableFileKind = 'csv'
    const rows: TableRow[] = [
      { sheetRow: 1, cells: ['户主姓名', '身份证号码'], hidden: false },
      { sheetRow: 3, cells: ['张三', '330102199001011234'], hidden: false },
    ]
    expect(result.ok && [result.kind, result.encoding, result.sheets]).toEqual([
      kind,
      'gb18030',
      [
        {
          name: null,
          hidden: false,
          rows,
        },
      ],
    ])
  })
})

describe('hostile and broken office files', () => {
  const odsWith = (content: Buffer) =>
    writeZip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', stored: true },
      { name: 'content.xml', data: content },
    ])

  it('refuses an .ods whose content inflates past what its zip declares', async () => {
    const ods = Buffer.from(odsWith(Buffer.alloc(8 * 1024 * 1024, 0x20)))
    // the central directory's "uncompressed size" of content.xml (the second entry) now says 100 bytes
    const directory = ods.lastIndexOf(Buffer.from('content.xml')) - 46
    ods.writeUInt32LE(100, directory + 24)
    expect(await readTableFile(new Uint8Array(ods))).toEqual({ ok: false, problem: 'tooBig' })
  })

  it('refuses an .ods that inflates to more than a roster ever holds, before reading it', async () => {
    const ods = odsWith(Buffer.alloc(300 * 1024 * 1024, 0x20))
    expect(ods.byteLength).toBeLessThan(1024 * 1024)
    expect(await readTableFile(ods)).toEqual({ ok: false, problem: 'tooBig' })
  })

  it('refuses garbage behind the .xls signature as unreadable', async () => {
    const garbage = Buffer.alloc(64 * 1024, 0xab)
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(garbage)
    expect(await readTableFile(new Uint8Array(garbage))).toEqual({ ok: false, problem: 'unreadable' })
  })

  it('refuses a zip that is neither a workbook nor a spreadsheet, and an empty file', async () => {
    const odt = writeZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', stored: true }])
    expect(await readTableFile(odt)).toEqual({ ok: false, problem: 'unreadable' })
    expect(await readTableFile(new Uint8Array())).toEqual({ ok: false, problem: 'empty' })
  })

  it('reads in a worker thread, and says what went wrong in Chinese without repeating the file', async () => {
    const result = await readTableFileInWorker(write(sheetJsWorkbook(), 'biff8'), { fileName: 'x.xls' })
    expect(result.ok && result.sheets[1].rows.length).toBe(3)
    const garbage = Buffer.alloc(4096, 0x41)
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0]).copy(garbage)
    const refused = await readTableFileInWorker(new Uint8Array(garbage))
    expect(refused).toEqual({ ok: false, problem: 'unreadable' })
    expect(tableReadProblemText('unreadable')).toMatch(/无法读取/)
    expect(tableReadProblemText('tooManyRows')).toContain(`${TABLE_LIMITS.rows}行`)
  })
})

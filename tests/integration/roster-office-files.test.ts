// Roster import (issue 16) against a real database (SQLite; PostgreSQL with TEST_DIALECT=postgres): files as offices
// have them — legacy .xls, WPS .et, .ods, an HTML table saved as .xls, a hidden first sheet, hidden rows, a second
// 备注 column — and the roster template read back through the importer. Every file is made here.
import * as XLSX from '@e965/xlsx'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { confirmRoster } from '../../app/models/rosterImport/confirm.server'
import { confirmRosterUpload, loadImportPage } from '../../app/models/rosterImport.server'
import { DETECTED, previewRoster } from '../../app/models/rosterImport/preview.server'
import { saveRosterUpload } from '../../app/models/rosterImport/upload.server'
import { rosterTemplateWorkbook, TEMPLATE_FIELDS } from '../../app/models/rosterImport/template.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { AT, cli, expectKeyVerdicts, households, sampleRoster, useFreshTownships, townshipAdminOf } from '../support/rosterSample'

const sample = sampleRoster()
const freshTownship = useFreshTownships()

const HEADER = ['村(社区)', '户主姓名', '身份证号码', '家庭人口', '保障类别', '月保障金额']
const id = (n: number) => makeIdNumber('130925', `1970${String((n % 12) + 1).padStart(2, '0')}15`, 100 + n)
const household = (n: number, village = '新华村') => [village, `户主${n}`, id(n), 2, '农村低保', 380 + n]

/** The sample roster (tests/fixtures/roster-qinghe.xlsx) saved by a spreadsheet program in another format. */
function sampleAs(bookType: XLSX.BookType): Uint8Array {
  const workbook = XLSX.read(sample.content, { type: 'buffer', dense: true, cellDates: false, cellNF: false })
  return new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType }) as Buffer)
}

describe('rosters in the formats offices save', () => {
  it('gives the sample roster saved as a legacy .xls the key’s verdicts', async () => {
    const town = await freshTownship()
    const file = { name: 'roster-qinghe.xls', content: sampleAs('biff8') }
    const preview = await previewRoster(town.db, { scope: town.scope, file, choice: DETECTED })
    if (!preview.ok) throw new Error(`unreadable: ${preview.problem}`)
    expect([preview.sheet.kind, preview.sheet.sheetName]).toEqual(['xls', '花名册'])
    expectKeyVerdicts(preview.outcomes)
  })

  it('reads a WPS .et file (the same container as .xls) and an .ods the same way', async () => {
    const town = await freshTownship()
    const et = await previewRoster(town.db, { scope: town.scope, file: { name: '花名册.et', content: sampleAs('biff8') }, choice: DETECTED })
    if (!et.ok) throw new Error(`unreadable: ${et.problem}`)
    expect(et.sheet.kind).toBe('et')
    expectKeyVerdicts(et.outcomes)
    const ods = await previewRoster(town.db, { scope: town.scope, file: { name: '花名册.ods', content: sampleAs('ods') }, choice: DETECTED })
    if (!ods.ok) throw new Error(`unreadable: ${ods.problem}`)
    expect(ods.sheet.kind).toBe('ods')
    expectKeyVerdicts(ods.outcomes)
  })

  it('imports an HTML table a government system saved as .xls, in GB18030, with its title row and ID numbers as text', async () => {
    const town = await freshTownship()
    const rows = [household(1), household(2), household(3, '红星村')]
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body>
<table border="1"><tr><td colspan="6">清河镇低保对象花名册（2026年11月）</td></tr>
<tr>${HEADER.map((h) => `<th>${h}</th>`).join('')}</tr>
${rows.map((row) => `<tr>${row.map((v) => `<td style="mso-number-format:'\\@'">${v}</td>`).join('')}</tr>`).join('\n')}
</table></body></html>`
    const file = { name: '低保花名册.xls', content: new Uint8Array(iconv.encode(html, 'gb18030')) }
    const result = await confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 3, rejected: 0 } })
    if (!result.ok) return
    expect([result.analysis.sheet.kind, result.analysis.sheet.encoding, result.analysis.sheet.headerRow]).toEqual(['html', 'gb18030', 2])
    const written = await households(town.db)
    expect(written.map((h) => [h.head_name, h.id_number, h.monthly_amount_fen]).sort()).toEqual(
      rows.map((row) => [row[1], row[2], Number(row[5]) * 100]).sort(),
    )
  })
})

/** An .xlsx made with exceljs: an old roster on a hidden first sheet, then the visible one. */
async function workbookWithHiddenParts(options: { hiddenRow?: number; extraHeaders?: string[]; extraValues?: (n: number) => unknown[] } = {}) {
  const workbook = new ExcelJS.Workbook()
  const old = workbook.addWorksheet('旧花名册', { state: 'hidden' })
  old.addRows([HEADER, ...[1, 2].map((n) => household(100 + n))])
  const sheet = workbook.addWorksheet('花名册')
  sheet.addRow([...HEADER, ...(options.extraHeaders ?? [])])
  for (const n of [1, 2, 3, 4]) sheet.addRow([...household(n), ...(options.extraValues?.(n) ?? [])])
  if (options.hiddenRow) sheet.getRow(options.hiddenRow).hidden = true
  workbook.addWorksheet('填表说明').addRows([['填表说明'], ['每行一户']])
  return { name: '花名册.xlsx', content: new Uint8Array(await workbook.xlsx.writeBuffer()) }
}

describe('what a workbook hides', () => {
  it('imports the visible roster, not the old one on a hidden first sheet, and lists every sheet with its rows and state', async () => {
    const town = await freshTownship()
    const file = await workbookWithHiddenParts()
    const result = await confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 4 } })
    if (!result.ok || result.kind !== 'imported') return
    expect(result.analysis.sheet.sheetName).toBe('花名册')
    const expected = [
      { name: '旧花名册', hidden: true, rows: 3, roster: true },
      { name: '花名册', hidden: false, rows: 5, roster: true },
      { name: '填表说明', hidden: false, rows: 2, roster: false },
    ]
    expect(result.analysis.sheets).toEqual(expected)
    const record = await town.db.selectFrom('roster_imports').select(['sheets', 'sheet_name']).where('id', '=', result.importId).executeTakeFirstOrThrow()
    expect([record.sheet_name, JSON.parse(record.sheets)]).toEqual(['花名册', expected])
    expect((await households(town.db)).map((h) => h.head_name).sort()).toEqual(['户主1', '户主2', '户主3', '户主4'])
  })

  it('lists the hidden sheet on the preview page and offers it as the sheet to import instead', async () => {
    const town = await freshTownship()
    const user = await townshipAdminOf(town)
    const saved = await saveRosterUpload(town.db, { user, file: await workbookWithHiddenParts(), at: AT })
    if (!saved.ok) throw new Error(saved.problem)
    const page = await loadImportPage(town.db, { user, searchParams: new URLSearchParams({ upload: saved.token }), at: AT })
    if (page.kind !== 'preview') throw new Error(page.kind)
    expect(page.sheets.kind).toBe('Excel 工作簿（.xlsx）')
    expect(page.sheets.sheets.map((s) => s.text)).toEqual([
      '“旧花名册”：隐藏，3行',
      '“花名册”：显示，5行（本次导入）',
      '“填表说明”：显示，2行（不是花名册，未读取）',
    ])
    const choose = page.sheets.sheets[0].chooseHref!
    expect(page.sheets.sheets[0].chooseText).toBe('改为导入工作表“旧花名册”')
    const other = await loadImportPage(town.db, { user, searchParams: new URL(choose, 'http://x').searchParams, at: AT })
    if (other.kind !== 'preview') throw new Error(other.kind)
    expect([other.file.sheetName, other.counts.added, other.sheets.hiddenChosen]).toEqual(['旧花名册', 2, null])
  })

  it('leaves rows hidden in the spreadsheet out, says which, and imports them when the user includes them', async () => {
    const town = await freshTownship()
    const user = await townshipAdminOf(town)
    const saved = await saveRosterUpload(town.db, { user, file: await workbookWithHiddenParts({ hiddenRow: 3 }), at: AT })
    if (!saved.ok) throw new Error(saved.problem)
    const page = await loadImportPage(town.db, { user, searchParams: new URLSearchParams({ upload: saved.token }), at: AT })
    if (page.kind !== 'preview') throw new Error(page.kind)
    expect(page.counts.added).toBe(3)
    expect(page.sheets.hiddenRows).toMatchObject({ text: '工作表中有1行被隐藏（第3行），默认不导入。', included: false })

    // the checkbox: the same preview with hidden=1, carried to the confirm
    const params = new URLSearchParams([['upload', saved.token], ...page.sheets.hiddenRows!.params, ['hidden', '1']])
    const included = await loadImportPage(town.db, { user, searchParams: params, at: AT })
    if (included.kind !== 'preview') throw new Error(included.kind)
    expect([included.counts.added, included.sheets.hiddenRows?.included]).toEqual([4, true])
    expect(included.choice).toContainEqual(['hidden', '1'])
    const confirm = new FormData()
    for (const [name, value] of included.choice) confirm.set(name, value)
    const done = await confirmRosterUpload(town.db, {
      user,
      token: saved.token,
      choice: { columns: null, defaultVillageId: null, includeHiddenRows: confirm.get('hidden') === '1' },
      digest: included.digest,
      at: AT,
    })
    expect(done.kind).toBe('redirect')
    expect((await households(town.db)).map((h) => h.head_name).sort()).toEqual(['户主1', '户主2', '户主3', '户主4'])
  })

  it('keeps a second 备注 column and a column it does not know in the household’s notes, and says so', async () => {
    const town = await freshTownship()
    const file = await workbookWithHiddenParts({
      extraHeaders: ['备注', '开户银行', '备注'],
      extraValues: (n) => (n === 1 ? ['残疾', '农商银行', '2025年复核'] : n === 2 ? [null, '邮储银行', null] : []),
    })
    const preview = await previewRoster(town.db, { scope: town.scope, file, choice: DETECTED })
    if (!preview.ok) throw new Error(preview.problem)
    expect(preview.extraColumns).toEqual([
      { index: 7, header: '开户银行' },
      { index: 8, header: '备注' },
    ])
    const result = await confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 4 } })
    const notes = Object.fromEntries((await households(town.db)).map((h) => [h.head_name, h.notes]))
    // (notes are kept in half-width punctuation, as every imported text is)
    expect(notes).toEqual({ 户主1: '残疾;开户银行:农商银行;备注:2025年复核', 户主2: '开户银行:邮储银行', 户主3: null, 户主4: null })
    // the same file again changes nothing
    const again = await previewRoster(town.db, { scope: town.scope, file, choice: DETECTED })
    expect(again.ok && again.counts).toMatchObject({ added: 0, updated: 0, unchanged: 4 })
  })
})

describe('the roster template', () => {
  it('is read back by the importer with every column mapped, and has its instruction sheet', async () => {
    const town = await freshTownship()
    const template = await rosterTemplateWorkbook()
    expect(template.name).toBe('低保花名册模板.xlsx')
    const preview = await previewRoster(town.db, { scope: town.scope, file: { name: template.name, content: template.body }, choice: DETECTED })
    if (!preview.ok) throw new Error(preview.problem)
    expect(preview.columnFields).toEqual([...TEMPLATE_FIELDS])
    expect(preview.extraColumns).toEqual([])
    expect(preview.sheets.map((s) => [s.name, s.roster])).toEqual([
      ['花名册', true],
      ['填表说明', false],
    ])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(template.body) as never)
    const help = workbook.getWorksheet('填表说明')!
    expect(help.getCell('A1').value).toBe('低保花名册填表说明')
    expect(help.getColumn(1).values).toContain('身份证号码')
  })
})

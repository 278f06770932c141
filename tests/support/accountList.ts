// Account lists (账号名单) for the account-import tests, written with exceljs as Excel would save them, and the two
// files kept in the repository: tests/fixtures/accounts-qinghe.xlsx (a list for the demo township 清河镇, one row for
// each reason a row is refused) and public/templates/账号导入模板.xlsx (the empty list the import page offers).
// Both are regenerated with `npx tsx tests/support/accountList.ts`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ExcelJS from 'exceljs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ACCOUNTS_FIXTURE = path.join(repoRoot, 'tests/fixtures/accounts-qinghe.xlsx')
export const ACCOUNTS_TEMPLATE = path.join(repoRoot, 'public/templates/账号导入模板.xlsx')

export const ACCOUNT_HEADER = ['姓名', '角色', '所属村', '手机号', '用户名'] as const
type CellValue = string | number | null

/** An .xlsx with an optional title row, the header, then the rows; phone numbers as text, as a template asks. */
export async function accountListXlsx(rows: CellValue[][], options: { header?: readonly string[]; title?: string } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('账号名单')
  if (options.title) sheet.addRow([options.title])
  sheet.addRow([...(options.header ?? ACCOUNT_HEADER)])
  for (const row of rows) sheet.addRow(row)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/**
 * The fixture's rows (header at sheet row 2, under a title): the verdict each must get is in
 * tests/integration/account-import.test.ts. Four become accounts: 赵春燕, 钱国华, 孙丽, 褚红.
 */
export const QINGHE_ROWS: CellValue[][] = [
  ['赵春燕', '村(居)干部', '东风村', '13912340001', null], // row 3: a cadre of 东风村
  ['钱国华', '包村干部', '河西村、河东村', '139 1234 0002', null], // row 4: a 包村干部 of two villages
  ['孙丽', '督查人员', null, 13912340003, 'sunli'], // row 5: an inspector with a username of her own
  ['李明', '村干部', '不存在村', '13912340004', null], // row 6: no such village
  ['周强', '县民政局', null, '13912340005', null], // row 7: a county role
  ['吴芳', '村(居)干部', null, '13912340006', null], // row 8: a cadre without a village
  ['郑伟', '镇长', null, '13912340007', null], // row 9: an unknown role
  ['王磊', '镇领导', null, '13912340001', null], // row 10: the phone number of row 3
  ['冯敏', '督查人员', null, '1391234', null], // row 11: not a phone number
  ['陈静', '管理员', null, '13912340010', 'admin'], // row 12: a username already taken
  ['褚红', '镇领导', null, '13912340011', null], // row 13: a leader
]

async function template(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('账号名单')
  sheet.columns = [
    { header: '姓名', width: 12 },
    { header: '角色', width: 14 },
    { header: '所属村', width: 28 },
    { header: '手机号', width: 16, style: { numFmt: '@' } },
    { header: '用户名（可不填，默认用手机号）', width: 30, style: { numFmt: '@' } },
  ]
  sheet.getRow(1).font = { bold: true }
  for (let row = 2; row <= 501; row++) {
    sheet.getCell(`B${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"镇领导,督查人员,村(居)干部,包村干部,管理员"'] }
  }
  const notes = workbook.addWorksheet('填写说明')
  for (const line of [
    '每行一个人，表头不要改动；从第2行开始填写。',
    '角色：镇领导、督查人员、村(居)干部、包村干部、管理员。',
    '所属村：村(居)干部填所在的一个村(居)；包村干部填包联的村(居)，多个之间用“、”分隔；其他角色不填。',
    '手机号：11位，以1开头。用户名可以不填，默认用手机号登录。',
    '导入后系统为每个账号生成初始密码，只在导入结果页显示一次，请当面交给本人。',
  ])
    notes.addRow([line])
  notes.getColumn(1).width = 100
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** Writes the fixture and the template. */
async function main() {
  fs.writeFileSync(ACCOUNTS_FIXTURE, await accountListXlsx(QINGHE_ROWS, { title: '清河镇账号名单' }))
  fs.mkdirSync(path.dirname(ACCOUNTS_TEMPLATE), { recursive: true })
  fs.writeFileSync(ACCOUNTS_TEMPLATE, await template())
  console.log(`written: ${path.relative(repoRoot, ACCOUNTS_FIXTURE)}, ${path.relative(repoRoot, ACCOUNTS_TEMPLATE)}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()

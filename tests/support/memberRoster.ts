// A roster of one row per family member (每行一名家庭成员), as some offices keep it: the member's name, relation to
// the head and ID number, the household's key (户主身份证号, or 户编号), the household's category and amount on the
// head's row. Written with exceljs; the fixture tests/fixtures/roster-members-qinghe.xlsx is regenerated with
// `npx tsx tests/support/memberRoster.ts`. The verdict of each row is in tests/integration/roster-import-members.test.ts.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ExcelJS from 'exceljs'
import { makeIdNumber } from '../../workflows/rules/idNumber'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const MEMBER_ROSTER_FIXTURE = path.join(repoRoot, 'tests/fixtures/roster-members-qinghe.xlsx')

type CellValue = string | number | null

const id = (birth: string, seq: number) => makeIdNumber('130925', birth, seq)
/** the people of the fixture, by name */
export const PEOPLE = {
  wangJianguo: id('19580312', 401),
  liXiuying: id('19600805', 402),
  wangXiaoming: id('19850101', 403),
  zhaoChunmei: id('19750620', 404),
  zhaoYi: id('20100909', 405),
  sunLi: id('19700101', 406),
  sunEr: id('19950101', 407),
  qianYi: id('19650101', 408),
  qianEr: id('19660101', 409),
  zhouLiu: id('19720202', 410),
}
/** a number with a wrong check digit */
export const BAD_ID = `${id('19990101', 411).slice(0, 17)}${id('19990101', 411).endsWith('0') ? '1' : '0'}`

export const MEMBER_HEADER = [
  '序号',
  '村(社区)',
  '户主身份证号',
  '姓名',
  '与户主关系',
  '身份证号码',
  '是否纳入保障',
  '保障类别',
  '月保障金额(元)',
  '备注',
] as const

/**
 * Header at sheet row 2 (under a title); data from row 3:
 * rows 3–6 王建国's household (4 members, 3 covered, a grandchild without an ID number), rows 7–8 赵春梅's (本人),
 * rows 9–10 a group without a head, rows 11–12 a group with two heads, rows 13–14 a group with a bad ID number,
 * row 15 a member without a household key.
 */
export const MEMBER_ROWS: CellValue[][] = [
  [1, '东风村', PEOPLE.wangJianguo, '王建国', '户主', PEOPLE.wangJianguo, '是', '农村低保A类', 900, null],
  [2, '东风村', PEOPLE.wangJianguo, '李秀英', '妻子', PEOPLE.liXiuying, '是', null, null, null],
  [3, '东风村', PEOPLE.wangJianguo, '王小明', '长子', PEOPLE.wangXiaoming, '否', null, null, '外出务工'],
  [4, '东风村', PEOPLE.wangJianguo, '王宝宝', '孙子', null, '是', null, null, '新生儿'],
  [5, '红星村', null, '赵春梅', '本人', PEOPLE.zhaoChunmei, '是', '农村低保B类', 400, null],
  [6, '红星村', PEOPLE.zhaoChunmei, '赵一', '女儿', PEOPLE.zhaoYi, '是', null, null, null],
  [7, '河西村', PEOPLE.sunLi, '孙大', '配偶', id('19710101', 412), '是', null, null, null],
  [8, '河西村', PEOPLE.sunLi, '孙二', '儿子', PEOPLE.sunEr, '是', null, null, null],
  [9, '河东村', PEOPLE.qianYi, '钱一', '户主', PEOPLE.qianYi, '是', '农村低保A类', 700, null],
  [10, '河东村', PEOPLE.qianYi, '钱二', '户主', PEOPLE.qianEr, '是', null, null, null],
  [11, '张庄村', PEOPLE.zhouLiu, '周六', '户主', PEOPLE.zhouLiu, '是', '农村低保C类', 300, null],
  [12, '张庄村', PEOPLE.zhouLiu, '周七', '女儿', BAD_ID, '是', null, null, null],
  [13, '张庄村', null, '无户', '儿子', id('20000101', 413), '是', null, null, null],
]

/** An .xlsx of member rows under a header (ID numbers as text, as offices are told to keep them). */
export async function memberRosterXlsx(
  rows: CellValue[][],
  header: readonly string[] = MEMBER_HEADER,
  title = '清河镇低保家庭成员花名册',
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('家庭成员')
  sheet.addRow([title])
  sheet.addRow([...header])
  for (const row of rows) sheet.addRow(row)
  header.forEach((h, i) => {
    if (/身份证/.test(h)) sheet.getColumn(i + 1).numFmt = '@'
  })
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  fs.writeFileSync(MEMBER_ROSTER_FIXTURE, await memberRosterXlsx(MEMBER_ROWS))
  console.log(`wrote ${path.relative(repoRoot, MEMBER_ROSTER_FIXTURE)}`)
}

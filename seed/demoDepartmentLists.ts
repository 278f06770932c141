// The demo's 信息核对: two departments' lists for 青山县, imported through the same code the web page uses
// (app/models/departmentLists/import.server.ts writeDepartmentList) from rows made here.
// - 车管 (vehicles): three of the township's people own vehicles — the head of 柳树屯村's third household (a small
//   car), the head of 王家庄村's second (two vehicles, one row written with the old 15-digit number), and the spouse of
//   南关社区's first — plus two owners on no roster (not kept).
// - 公安/殡葬 (deaths): the head of 东风村's 21st active household on the roster died two months ago and was
//   cremated three days later (the payment ledger's demo pays them in full, so it finds a payment to a deceased
//   person: paidDeceased); one more death of someone on no roster. 东风村 already has problems in its register; the
//   zero-report village 河东村 is left alone.
// Deterministic: the same households every time the demo is built.
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { writeDepartmentList } from '../app/models/departmentLists/import.server'
import type { TableSheet } from '../app/models/tableFile/read.server'
import { addDays } from '../workflows/rules/dates'
import { makeIdNumber } from '../workflows/rules/idNumber'
import type { DepartmentSource } from '../workflows/rules/vocabulary'

type Cells = Array<string | number | null>

function sheetOf(header: Cells, rows: Cells[]): TableSheet[] {
  return [{ name: 'Sheet1', hidden: false, rows: [header, ...rows].map((cells, i) => ({ sheetRow: i + 1, cells, hidden: false })) }]
}

/** The 15-digit form of an 18-digit number (the century and the check digit dropped), as an old record has it. */
const legacy = (id: string) => id.slice(0, 6) + id.slice(8, 17)

interface Person {
  name: string
  idNumber: string
}

async function nthHead(tx: Transaction<Database>, townshipId: number, village: string, n: number): Promise<Person> {
  const row = await tx
    .selectFrom('households')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .select(['households.head_name', 'households.id_number'])
    .where('villages.township_id', '=', townshipId)
    .where('villages.name', '=', village)
    .where('households.enrolment', '=', 'roster')
    .where('households.status', '=', 'active')
    .orderBy('households.id')
    .offset(n)
    .limit(1)
    .executeTakeFirstOrThrow()
  return { name: row.head_name, idNumber: row.id_number }
}

async function firstSpouse(tx: Transaction<Database>, townshipId: number, village: string): Promise<Person> {
  const row = await tx
    .selectFrom('household_members as m')
    .innerJoin('households', 'households.id', 'm.household_id')
    .innerJoin('villages', 'villages.id', 'households.village_id')
    .select(['m.name', 'm.id_number'])
    .where('villages.township_id', '=', townshipId)
    .where('villages.name', '=', village)
    .where('m.relation', '=', 'spouse')
    .where('m.id_number', 'is not', null)
    .orderBy('households.id')
    .limit(1)
    .executeTakeFirstOrThrow()
  return { name: row.name, idNumber: row.id_number ?? '' }
}

/** Who the demo's deaths list names (the payment ledger's demo and the tests look them up here). */
export async function demoDeceased(tx: Transaction<Database>, townshipId: number): Promise<Person> {
  return nthHead(tx, townshipId, '东风村', 20)
}

export async function seedDemoDepartmentLists(
  tx: Transaction<Database>,
  q: { countyName: string; townshipId: number; today: string; at: string; userId: number; userName: string },
): Promise<void> {
  const month = q.today.slice(0, 7)
  const at = new Date(q.at)
  const actor = { userId: q.userId, name: q.userName }
  const write = async (source: DepartmentSource, fileName: string, sheets: TableSheet[]) => {
    const result = await writeDepartmentList(tx, {
      countyName: q.countyName,
      source,
      dataDate: month,
      fileName,
      content: new TextEncoder().encode(JSON.stringify(sheets)),
      sheets,
      actor,
      at,
    })
    if (!result.ok) throw new Error(`demo seed: the ${source} list was refused (${result.problem})`)
  }

  // the lists arrived weeks ago: the cadres of villages whose reviews were complete answered each finding since
  const completeBefore = await tx.selectFrom('household_reviews').select('id').where('complete', '=', 1).execute()

  const car = await nthHead(tx, q.townshipId, '柳树屯村', 2)
  const twoVehicles = await nthHead(tx, q.townshipId, '王家庄村', 1)
  const spouse = await firstSpouse(tx, q.townshipId, '南关社区')
  await write(
    'vehicles',
    `车管所机动车登记信息${month}.xlsx`,
    sheetOf(
      ['序号', '机动车所有人', '身份证明号码', '号牌号码', '车辆类型', '初次登记日期'],
      [
        [1, car.name, car.idNumber, '鲁P·3K2X7', '小型普通客车', '2024-05-18'],
        [2, twoVehicles.name, twoVehicles.idNumber, '鲁P·7M551', '小型普通客车', '2022-09-02'],
        [3, twoVehicles.name, legacy(twoVehicles.idNumber), '鲁P·H0932', '轻型普通货车', '2019-03-11'],
        [4, spouse.name, spouse.idNumber, '鲁P·5Q8E1', '小型普通客车', '2025-12-20'],
        [5, '赵某某', makeIdNumber('371521', '19790615', 431), '鲁P·2B6C0', '小型普通客车', '2023-07-07'],
        [6, '钱某某', makeIdNumber('371522', '19850203', 118), '鲁P·9D4F2', '重型半挂牵引车', '2021-01-15'],
      ],
    ),
  )

  const deceased = await demoDeceased(tx, q.townshipId)
  const died = addDays(q.today, -58)
  await write(
    'deaths',
    `殡葬火化信息${month}.xlsx`,
    sheetOf(
      ['姓名', '公民身份号码', '死亡日期', '火化日期', '火化单位'],
      [
        [deceased.name, deceased.idNumber, died, addDays(died, 3), '青山县殡仪馆'],
        ['孙某某', makeIdNumber('371521', '19410822', 205), addDays(q.today, -20), addDays(q.today, -18), '青山县殡仪馆'],
      ],
    ),
  )
  await answerFindings(
    tx,
    completeBefore.map((r) => r.id),
  )
}

const ANSWERS: Record<DepartmentSource, string> = {
  vehicles: '经入户核实，车辆为亲属借名登记，实际由其子女使用，已附说明',
  business: '经核实，个体工商户已于去年注销，无经营收入',
  realEstate: '经核实，房产为宅基地自建房，唯一住房',
  payroll: '经核实，养老金已计入家庭收入',
  deaths: '户主已死亡，已提出停止保障（拟）',
  housingFund: '经核实，公积金为原单位缴存，现已停缴',
}

/** The cadre's 情况说明 on each finding of a review that was complete before the lists came: complete again. */
async function answerFindings(tx: Transaction<Database>, completeBefore: number[]) {
  const reopened = await tx
    .selectFrom('household_reviews as r')
    .innerJoin('department_matches as m', 'm.household_id', 'r.household_id')
    .select(['r.id', 'r.situation_notes', 'm.source'])
    .where('r.complete', '=', 0)
    .where('r.id', 'in', completeBefore.length ? completeBefore : [0])
    .execute()
  for (const review of reopened) {
    const notes = { ...(JSON.parse(review.situation_notes) as Record<string, string>), departmentRecord: ANSWERS[review.source] }
    await tx
      .updateTable('household_reviews')
      .set({ situation_notes: JSON.stringify(notes), complete: 1 })
      .where('id', '=', review.id)
      .execute()
  }
}

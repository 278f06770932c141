// Roster import of rosters that list family members (家庭成员), on both databases: a roster of one row per member is
// recognised, its rows grouped under their 户主 by the head's ID number or a household number, the preview says so,
// rows that cannot be grouped are rejected with the reason; the confirm writes the households with their members
// (counts from the group). A roster of one row per household gives each household it adds its head as member 1.
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { layoutText } from '../../app/models/rosterImport.server'
import { confirmRoster } from '../../app/models/rosterImport/confirm.server'
import { DETECTED, previewRoster, problemText, type RosterFile } from '../../app/models/rosterImport/preview.server'
import { parseRelationCell } from '../../app/models/rosterImport/members.server'
import type { DB } from '../../db/connection.server'
import { MEMBER_ROSTER_FIXTURE, PEOPLE, memberRosterXlsx } from '../support/memberRoster'
import { AT, cli, sampleKey, sampleRoster, useFreshTownships, type Township } from '../support/rosterSample'

const fixture: RosterFile = { name: 'roster-members-qinghe.xlsx', content: fs.readFileSync(MEMBER_ROSTER_FIXTURE) }
const freshTownship = useFreshTownships()

async function membersOf(db: DB, idNumber: string) {
  return db
    .selectFrom('household_members')
    .innerJoin('households', 'households.id', 'household_members.household_id')
    .select(['household_members.name', 'household_members.relation', 'household_members.id_number', 'household_members.covered', 'household_members.position'])
    .where('households.id_number', '=', idNumber)
    .orderBy('household_members.position')
    .execute()
}

const reasons = (outcomes: Array<{ sheetRow: number; kind: string; problems?: Array<{ code: string; params?: Record<string, string | number> }> }>) =>
  Object.fromEntries(
    outcomes
      .filter((o) => o.kind === 'rejected')
      .map((o) => [o.sheetRow, (o.problems ?? []).map((p) => problemText(p as Parameters<typeof problemText>[0], { cadre: false })).join('；')]),
  )

describe('a roster of one row per family member', () => {
  let town: Township

  beforeAll(async () => {
    town = await freshTownship()
  })

  it('is recognised, grouped by the head’s ID number, and the preview says how', async () => {
    const preview = await previewRoster(town.db, { scope: town.scope, file: fixture, choice: DETECTED })
    if (!preview.ok) throw new Error(`unreadable: ${preview.problem}`)
    expect(preview.layout).toEqual({ kind: 'perMember', key: 'headIdNumber', households: 2, members: 6 })
    expect(layoutText(preview.layout)).toContain('检测到：每行一名家庭成员，按户主身份证号归为2户（共6名成员）')
    expect(preview.counts).toMatchObject({ added: 2, updated: 0, rejected: 7 })
    const added = preview.outcomes.filter((o) => o.kind === 'add')
    expect(added.map((o) => o.sheetRow)).toEqual([3, 7])
    expect(added.map((o) => (o.kind === 'add' ? [o.columns.head_name, o.columns.member_count, o.columns.covered_count, o.members?.length] : []))).toEqual([
      ['王建国', 4, 3, 4],
      ['赵春梅', 2, 2, 2],
    ])
  })

  it('rejects the rows it cannot group, each with its reason in Chinese', async () => {
    const preview = await previewRoster(town.db, { scope: town.scope, file: fixture, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    const why = reasons(preview.outcomes)
    expect(Object.keys(why).map(Number)).toEqual([9, 10, 11, 12, 13, 14, 15])
    expect(why[9]).toMatch(/^无法归户：本户（1309…\d{3}[\dX]）没有与户主关系为“户主”或“本人”的行$/)
    expect(why[11]).toContain('有2行与户主关系为“户主”或“本人”')
    expect(why[14]).toContain('身份证号码校验位不对')
    expect(why[13]).toContain('有行被退回，整户未导入；请先改正第14行')
    expect(why[15]).toBe('无法归户：户编号（或户主身份证号）为空')
  })

  it('writes the households with their members, the head first, counts from the group', async () => {
    const result = await confirmRoster(town.db, { scope: town.scope, file: fixture, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 2, rejected: 7 } })
    expect((await membersOf(town.db, PEOPLE.wangJianguo)).map((m) => [m.position, m.name, m.relation, m.id_number, m.covered])).toEqual([
      [1, '王建国', 'head', PEOPLE.wangJianguo, 1],
      [2, '李秀英', 'spouse', PEOPLE.liXiuying, 1],
      [3, '王小明', 'child', PEOPLE.wangXiaoming, 0],
      [4, '王宝宝', 'grandchild', null, 1],
    ])
    expect((await membersOf(town.db, PEOPLE.zhaoChunmei)).map((m) => [m.name, m.relation])).toEqual([
      ['赵春梅', 'head'],
      ['赵一', 'child'],
    ])
    const household = await town.db.selectFrom('households').selectAll().where('id_number', '=', PEOPLE.wangJianguo).executeTakeFirstOrThrow()
    expect([household.member_count, household.covered_count, household.monthly_amount_fen]).toEqual([4, 3, 90000])
  })

  it('groups by 户编号 too, and a second roster replaces a household’s members when they differ', async () => {
    const header = ['户编号', '村(社区)', '姓名', '与户主关系', '身份证号码', '保障类别', '月保障金额(元)']
    const file = {
      name: 'by-number.xlsx',
      content: await memberRosterXlsx(
        [
          ['DF-001', '东风村', '王建国', '户主', PEOPLE.wangJianguo, '农村低保A类', 900],
          ['DF-001', '东风村', '李秀英', '配偶', PEOPLE.liXiuying, null, null],
        ],
        header,
      ),
    }
    const preview = await previewRoster(town.db, { scope: town.scope, file, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    expect(layoutText(preview.layout)).toContain('按户编号归为1户（共2名成员）')
    const [verdict] = preview.outcomes
    expect(verdict).toMatchObject({ kind: 'update', sheetRow: 3 })
    expect(verdict.kind === 'update' && verdict.changes.map((c) => [c.column, c.after])).toEqual([
      ['member_count', 2],
      ['covered_count', 2],
    ])
    expect(await confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT })).toMatchObject({ ok: true, kind: 'imported' })
    expect((await membersOf(town.db, PEOPLE.wangJianguo)).map((m) => m.name)).toEqual(['王建国', '李秀英'])
  })

  it('reads the relations offices write', () => {
    expect(['户主', '本人', '妻子', '长子', '次女', '孙女', '儿媳', '母亲', '弟弟', '奶奶', '侄子', ''].map(parseRelationCell)).toEqual([
      'head',
      'head',
      'spouse',
      'child',
      'child',
      'grandchild',
      'childInLaw',
      'parent',
      'sibling',
      'grandparent',
      'other',
      null,
    ])
  })
})

describe('a roster of one row per household', () => {
  it('says so in the preview and gives each household it adds its head as member 1', async () => {
    const town = await freshTownship()
    const key = sampleKey()
    const preview = await previewRoster(town.db, { scope: town.scope, file: sampleRoster(), choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    expect(layoutText(preview.layout)).toMatch(/^检测到：每行一户/)
    await confirmRoster(town.db, { scope: town.scope, file: sampleRoster(), choice: DETECTED, actor: cli, at: AT })
    const households = await town.db.selectFrom('households').select(['id', 'head_name', 'id_number', 'covered_count']).execute()
    const members = await town.db.selectFrom('household_members').selectAll().execute()
    expect(households).toHaveLength(key.accepted)
    expect(members).toHaveLength(key.accepted)
    const byHousehold = new Map(members.map((m) => [m.household_id, m]))
    for (const h of households) expect(byHousehold.get(h.id)).toMatchObject({ position: 1, relation: 'head', name: h.head_name, id_number: h.id_number })
  })
})

// 家庭成员 on the demo township, on both databases: every demo household has its members (counts as the roster
// says, the head first); a save replaces the members in one transaction, the household's counts follow, its version
// goes up and one audit row records the change with masked ID numbers; a stale form, a wrong head, a bad ID number,
// too many members and the 近亲属 recusal are refused with nothing written.
import { describe, expect, it } from 'vitest'
import { getHouseholdMembersPage, listHouseholdMembers, saveHouseholdMembers, type MemberInput } from '../../app/models/householdMembers.server'
import { ageOn } from '../../workflows/rules/householdMembers'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { auditRows, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

const CHILD_ID = makeIdNumber('371521', '20120304', 911)
const SPOUSE_ID = makeIdNumber('371521', '19700101', 912)

async function household(village: string, offset = 0) {
  return t.db
    .selectFrom('households')
    .selectAll()
    .where('village_id', '=', t.village(village))
    .where('near_relative_filing', '=', 0)
    .orderBy('id')
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow()
}

const member = (extra: Partial<MemberInput>): MemberInput => ({
  id: null,
  name: '新成员',
  relation: 'child',
  idNumber: null,
  covered: true,
  health: 'healthy',
  disability: 'none',
  workStatus: 'student',
  ...extra,
})

function save(village: string, householdId: number, members: MemberInput[], expectedVersion: number, username = 'liushutun') {
  return saveHouseholdMembers(t.db, {
    villageId: t.village(village),
    householdId,
    members,
    expectedVersion,
    actor: { id: t.userId(username) },
    at: DEMO_AT,
    ip: null,
  })
}

const membersOf = (householdId: number) =>
  t.db.selectFrom('household_members').selectAll().where('household_id', '=', householdId).orderBy('position').execute()

describe('the demo’s family members', () => {
  it('gives every household its members: as many as its 家庭人口, as many covered as its 保障人数, the head first', async () => {
    const households = await t.db.selectFrom('households').select(['id', 'head_name', 'id_number', 'member_count', 'covered_count']).execute()
    const members = await t.db.selectFrom('household_members').selectAll().orderBy('household_id').orderBy('position').execute()
    const byHousehold = new Map<number, typeof members>()
    for (const m of members) byHousehold.set(m.household_id, [...(byHousehold.get(m.household_id) ?? []), m])
    const wrong: string[] = []
    for (const h of households) {
      const list = byHousehold.get(h.id) ?? []
      if (list.length !== h.member_count) wrong.push(`${h.id}: ${list.length} members, member_count ${h.member_count}`)
      if (list.filter((m) => m.covered === 1).length !== h.covered_count) wrong.push(`${h.id}: covered differs`)
      const [head, ...rest] = list
      if (!head || head.relation !== 'head' || head.name !== h.head_name || head.id_number !== h.id_number) wrong.push(`${h.id}: head`)
      if (rest.some((m) => m.relation === 'head')) wrong.push(`${h.id}: two heads`)
      if (list.some((m, i) => m.position !== i + 1)) wrong.push(`${h.id}: positions`)
    }
    expect(wrong).toEqual([])
    expect(households.length).toBeGreaterThan(400)
  })

  it('has seriously ill, severely disabled, elderly and minor members (the 分类施保 cases), with valid, distinct ID numbers', async () => {
    const members = await t.db.selectFrom('household_members').selectAll().execute()
    const ages = members.map((m) => ageOn(m.id_number, DEMO_TODAY))
    expect(members.filter((m) => m.health === 'seriousIllness').length).toBeGreaterThan(5)
    expect(members.filter((m) => m.disability === 'severe').length).toBeGreaterThan(5)
    expect(ages.filter((a) => a !== null && a >= 60).length).toBeGreaterThan(5)
    expect(ages.filter((a) => a !== null && a < 18).length).toBeGreaterThan(5)
    const numbers = members.flatMap((m) => (m.id_number ? [m.id_number] : []))
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers.every((n) => makeIdNumber(n.slice(0, 6), n.slice(6, 14), Number(n.slice(14, 17))) === n)).toBe(true)
  })
})

describe('saving a household’s members', () => {
  it('replaces the members, makes the counts follow, bumps the version and audits the change with masked ID numbers', async () => {
    const h = await household('柳树屯村')
    const [head] = await listHouseholdMembers(t.db, h.id)
    const result = await save(
      '柳树屯村',
      h.id,
      [
        member({ id: head.id, name: h.head_name, relation: 'head', workStatus: 'farming' }),
        member({ name: '刘小梅', relation: 'spouse', idNumber: SPOUSE_ID, workStatus: 'farming' }),
        member({ name: '刘小宝', idNumber: CHILD_ID, health: 'seriousIllness' }),
        member({ name: '刘二宝', covered: false, workStatus: 'preschool' }),
      ],
      h.version,
    )
    expect(result).toEqual({ ok: true, version: h.version + 1, memberCount: 4, coveredCount: 3 })
    const after = await t.db.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ member_count: 4, covered_count: 3, version: h.version + 1 })
    const rows = await membersOf(h.id)
    expect(rows.map((r) => [r.position, r.name, r.relation, r.id_number, r.covered])).toEqual([
      [1, h.head_name, 'head', h.id_number, 1],
      [2, '刘小梅', 'spouse', SPOUSE_ID, 1],
      [3, '刘小宝', 'child', CHILD_ID, 1],
      [4, '刘二宝', 'child', null, 0],
    ])
    const audits = await auditRows(t.db, 'household', h.id)
    const last = audits[audits.length - 1]
    expect(last.action).toBe('household.members')
    expect(last.actor_user_id).toBe(t.userId('liushutun'))
    const text = `${last.before}${last.after}`
    expect(text).not.toContain(SPOUSE_ID)
    expect(text).not.toContain(h.id_number)
    // only what changed: the list always here, the counts when they moved
    const logged = JSON.parse(last.after ?? '{}') as { members: Array<{ name: string }>; member_count?: number }
    expect(logged.members.map((m) => m.name)).toEqual([h.head_name, '刘小梅', '刘小宝', '刘二宝'])
    if (h.member_count !== 4) expect(logged.member_count).toBe(4)
  })

  it('never gives a page a full ID number, and keeps a stored number when its field is left empty', async () => {
    const h = await household('柳树屯村')
    const page = await getHouseholdMembersPage(t.db, { villageId: t.village('柳树屯村'), householdId: h.id, userId: t.userId('liushutun') })
    expect(page?.access).toEqual({ access: 'review' })
    expect(JSON.stringify(page)).not.toContain(SPOUSE_ID)
    expect(page?.members[1].maskedIdNumber).toBe(`${SPOUSE_ID.slice(0, 4)}**********${SPOUSE_ID.slice(-4)}`)
    const members = (page?.members ?? []).map((m) => member({ ...m, id: m.id, idNumber: null, workStatus: m.workStatus }))
    // the spouse removed, nothing typed in the ID fields: the stored numbers stay
    const result = await save('柳树屯村', h.id, [members[0], members[2], members[3]], page?.version ?? -1)
    expect(result.ok).toBe(true)
    expect((await membersOf(h.id)).map((r) => [r.name, r.id_number])).toEqual([
      [h.head_name, h.id_number],
      ['刘小宝', CHILD_ID],
      ['刘二宝', null],
    ])
  })

  it('refuses a form loaded before someone else saved, says who, and writes nothing', async () => {
    const h = await household('柳树屯村', 1)
    const head = member({ name: h.head_name, relation: 'head' })
    expect((await save('柳树屯村', h.id, [head, member({ name: '甲' })], h.version)).ok).toBe(true)
    const stale = await save('柳树屯村', h.id, [head, member({ name: '乙' })], h.version)
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', version: h.version + 1, by: t.names.get('liushutun') })
    if (stale.ok || stale.kind !== 'conflict') throw new Error('expected a conflict')
    expect(stale.members.map((m) => m.name)).toEqual([h.head_name, '甲'])
    expect((await membersOf(h.id)).map((r) => r.name)).toEqual([h.head_name, '甲'])
  })

  it('writes nothing and no audit row when nothing changed', async () => {
    const h = await household('柳树屯村', 1)
    const page = await getHouseholdMembersPage(t.db, { villageId: t.village('柳树屯村'), householdId: h.id, userId: t.userId('liushutun') })
    const before = (await auditRows(t.db, 'household', h.id)).length
    const same = (page?.members ?? []).map((m) => member({ ...m, idNumber: null }))
    expect(await save('柳树屯村', h.id, same, h.version)).toMatchObject({ ok: true, version: h.version })
    expect((await auditRows(t.db, 'household', h.id)).length).toBe(before)
  })
})

describe('the rules a member list obeys', () => {
  async function refused(members: (h: { head_name: string; id_number: string }) => MemberInput[]) {
    const h = await household('王家庄村', 2)
    const before = await membersOf(h.id)
    const result = await save('王家庄村', h.id, members(h), h.version, 'wangjiazhuang')
    expect(await membersOf(h.id)).toEqual(before)
    if (result.ok || result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`)
    return result.problems.map((p) => `${p.index}:${p.field}:${p.code}`)
  }

  it('wants the head first, the household’s own head, and only one', async () => {
    expect(await refused((h) => [member({ name: '张三' }), member({ name: h.head_name, relation: 'head' })])).toEqual(['1:relation:headNotFirst'])
    expect(await refused((h) => [member({ name: h.head_name, relation: 'head' }), member({ name: '李四', relation: 'head' })])).toEqual(['1:relation:twoHeads'])
    expect(await refused(() => [member({ name: '别人', relation: 'head' })])).toEqual(['0:name:headName'])
    expect(await refused(() => [member({ name: '没有户主' })])).toEqual(['0:relation:noHead'])
    expect(await refused((h) => [member({ name: h.head_name, relation: 'head', idNumber: SPOUSE_ID })])).toEqual(['0:idNumber:headIdNumber'])
    expect(await refused(() => [])).toEqual(['null:members:noMembers'])
  })

  it('checks ID numbers (check digit, twice in one household) and allows at most 20 members', async () => {
    const bad = `${CHILD_ID.slice(0, 17)}${CHILD_ID[17] === '0' ? '1' : '0'}`
    expect(await refused((h) => [member({ name: h.head_name, relation: 'head' }), member({ idNumber: bad })])).toEqual(['1:idNumber:idInvalid'])
    expect(await refused((h) => [member({ name: h.head_name, relation: 'head' }), member({ idNumber: CHILD_ID }), member({ idNumber: CHILD_ID })])).toEqual([
      '2:idNumber:idDuplicate',
    ])
    expect(
      await refused((h) => [member({ name: h.head_name, relation: 'head' }), ...Array.from({ length: 20 }, (_, i) => member({ name: `成员${i}` }))]),
    ).toEqual(['null:members:tooMany'])
  })
})

describe('who may change them', () => {
  it('refuses the related official of a filed household (近亲属回避) and lets the village’s 包村领导 stand in', async () => {
    const own = await t.db.selectFrom('households').selectAll().where('near_relative_official_user_id', '=', t.userId('dongfeng')).executeTakeFirstOrThrow()
    const list = [member({ name: own.head_name, relation: 'head' }), member({ name: '亲属' })]
    const refused = await save('东风村', own.id, list, own.version, 'dongfeng')
    expect(refused).toMatchObject({ ok: false, kind: 'recused' })
    expect((await membersOf(own.id)).map((m) => m.name)).not.toContain('亲属')
    expect((await save('东风村', own.id, list, own.version, 'leader')).ok).toBe(true)
  })

  it('lets a leader only look at an ordinary household, and treats another village’s household as not found', async () => {
    const h = await household('河西村')
    const list = [member({ name: h.head_name, relation: 'head' })]
    expect(await save('河西村', h.id, list, h.version, 'leader')).toEqual({ ok: false, kind: 'readOnly' })
    expect(await save('柳树屯村', h.id, list, h.version, 'liushutun')).toEqual({ ok: false, kind: 'notFound' })
    expect(await getHouseholdMembersPage(t.db, { villageId: t.village('柳树屯村'), householdId: h.id, userId: t.userId('liushutun') })).toBeNull()
  })
})

// 家庭成员 rules, pure: the head first and only one, the household's own head, ID numbers valid and once per
// household (the head's is always the household's), at most 20; a member's age from the ID number's birth date.
import { describe, expect, it } from 'vitest'
import { membersFormDefaults } from '../../app/forms/householdMembers.server'
import { ageOn, checkMembers, MAX_MEMBERS, type MemberDraft } from '../../workflows/rules/householdMembers'
import { makeIdNumber } from '../../workflows/rules/idNumber'

const HEAD_ID = makeIdNumber('371521', '19560310', 1)
const household = { headName: '王建国', idNumber: HEAD_ID }
const head: MemberDraft = { name: '王 建国', relation: 'head', idNumber: null }
const codes = (members: MemberDraft[]) => {
  const r = checkMembers(members, household, '2026-11-29')
  return r.ok ? [] : r.problems.map((p) => `${p.index}:${p.code}`)
}

describe('a household’s member list', () => {
  it('takes the head’s ID number from the household and normalises the others', () => {
    const child = makeIdNumber('371521', '20100101', 2)
    const r = checkMembers([head, { name: '王小明', relation: 'child', idNumber: child }], household, '2026-11-29')
    expect(r).toEqual({ ok: true, idNumbers: [HEAD_ID, child] })
  })

  it('refuses a list without its head first, with two heads, or with a head of another name', () => {
    expect(codes([{ name: '王小明', relation: 'child', idNumber: null }, head])).toEqual(['1:headNotFirst'])
    expect(codes([head, { name: '李四', relation: 'head', idNumber: null }])).toEqual(['1:twoHeads'])
    expect(codes([{ ...head, name: '王建华' }])).toEqual(['0:headName'])
    expect(codes([])).toEqual(['null:noMembers'])
  })

  it('refuses a bad check digit, a number twice, a missing name and more than 20 members', () => {
    const bad = `${HEAD_ID.slice(0, 17)}${HEAD_ID[17] === '1' ? '2' : '1'}`
    expect(codes([head, { name: '甲', relation: 'child', idNumber: bad }])).toEqual(['1:idInvalid'])
    expect(codes([head, { name: '甲', relation: 'spouse', idNumber: HEAD_ID }])).toEqual(['1:idDuplicate'])
    expect(codes([head, { name: ' ', relation: 'child', idNumber: null }])).toEqual(['1:nameMissing'])
    expect(codes([head, ...Array.from({ length: MAX_MEMBERS }, () => ({ name: '甲', relation: 'child' as const, idNumber: null }))])).toEqual(['null:tooMany'])
  })

  it('counts a member’s age in whole years on the day', () => {
    expect(ageOn(HEAD_ID, '2026-03-09')).toBe(69)
    expect(ageOn(HEAD_ID, '2026-03-10')).toBe(70)
    expect(ageOn(null, '2026-03-10')).toBeNull()
  })
})

describe('the members form', () => {
  it('starts a household without members with its head as member 1, and leaves a stored ID number out of the form', () => {
    const empty = membersFormDefaults([], 3, '王建国')
    expect(empty.version).toBe('3')
    expect(empty.members.map((m) => [m.name, m.relation])).toEqual([
      ['王建国', 'head'],
      ['', ''],
    ])
    const stored = membersFormDefaults(
      [
        {
          id: 7,
          position: 1,
          name: '王建国',
          relation: 'head',
          maskedIdNumber: '3715**********0011',
          covered: true,
          health: 'healthy',
          disability: 'none',
          workStatus: 'farming',
        },
      ],
      4,
      '王建国',
    )
    // a stored ID number is never sent back to the page: its field starts empty
    expect(stored.members.map((m) => [m.id, m.name, m.idNumber])).toEqual([
      ['7', '王建国', ''],
      ['', '', ''],
      ['', '', ''],
    ])
  })
})

// 近亲属备案 as pure rules (workflows/rules/nearRelatives.ts): who is recused, who may stand in, who must review
// instead, and what a filing needs when the box is ticked.
import { describe, expect, it } from 'vitest'
import { filingProblems, isOwnNearRelative, normaliseFiling, reviewAccess, whoMustReview } from '../../workflows/rules/nearRelatives'

const cadre = { id: 7, role: 'cadre' as const, displayName: '赵东风' }
const leader = { id: 2, role: 'leader' as const, displayName: '刘镇长' }
const filedFor = (officialUserId: number | null, officialName: string | null = null) => ({ filed: true, officialUserId, officialName })

describe('the related official of a filed household', () => {
  it('is recognised by their user id', () => {
    expect(isOwnNearRelative(filedFor(7), cadre)).toBe(true)
    expect(isOwnNearRelative(filedFor(8), cadre)).toBe(false)
  })

  it('is recognised by name only when no user is recorded', () => {
    expect(isOwnNearRelative(filedFor(null, '赵 东风'), cadre)).toBe(true)
    // a user id recorded wins over a name that happens to match
    expect(isOwnNearRelative(filedFor(8, '赵东风'), cadre)).toBe(false)
    expect(isOwnNearRelative(filedFor(null, ''), { id: 9, displayName: '' })).toBe(false)
  })

  it('is nobody when the household is not filed', () => {
    expect(isOwnNearRelative({ filed: false, officialUserId: 7, officialName: null }, cadre)).toBe(false)
  })
})

describe('who may review a household', () => {
  it('refuses the cadre who is the related official, and anyone else who is', () => {
    expect(reviewAccess(cadre, filedFor(7))).toBe('recused')
    expect(reviewAccess(leader, filedFor(2))).toBe('recused')
  })

  it('lets the village cadre review households that are not their relatives', () => {
    expect(reviewAccess(cadre, filedFor(8))).toBe('review')
    expect(reviewAccess(cadre, { filed: false, officialUserId: null, officialName: null })).toBe('review')
  })

  it('lets a leader, an inspector or a 包村干部 stand in on a filed household only', () => {
    expect(reviewAccess(leader, filedFor(7))).toBe('review')
    expect(reviewAccess({ ...leader, role: 'inspector' }, filedFor(7))).toBe('review')
    expect(reviewAccess({ ...leader, role: 'liaison' }, filedFor(7))).toBe('review')
    expect(reviewAccess({ ...leader, role: 'county' }, filedFor(7))).toBe('readOnly')
    expect(reviewAccess(leader, { filed: false, officialUserId: null, officialName: null })).toBe('readOnly')
  })

  it("names the village's 包村领导, or the 镇民政所 when there is none or it is the relative", () => {
    expect(whoMustReview({ id: 2, name: '刘镇长' }, cadre)).toEqual({ kind: 'leader', name: '刘镇长' })
    expect(whoMustReview(null, cadre)).toEqual({ kind: 'office' })
    expect(whoMustReview({ id: 2, name: '刘镇长' }, leader)).toEqual({ kind: 'office' })
  })
})

describe('a filing', () => {
  const ticked = { filed: true, filedOn: '2026-06-01', officialUserId: 7, officialName: null }

  it('needs a 备案日期 when the box is ticked, a real day, not after today', () => {
    expect(filingProblems(ticked, '2026-11-29')).toEqual([])
    expect(filingProblems({ ...ticked, filedOn: null }, '2026-11-29')).toEqual([{ field: 'filedOn', problem: 'filedOnRequired' }])
    expect(filingProblems({ ...ticked, filedOn: '2026-02-30' }, '2026-11-29')).toEqual([{ field: 'filedOn', problem: 'filedOnInvalid' }])
    expect(filingProblems({ ...ticked, filedOn: '2026-11-30' }, '2026-11-29')).toEqual([{ field: 'filedOn', problem: 'filedOnFuture' }])
    expect(filingProblems({ ...ticked, filedOn: '2026-11-29' }, '2026-11-29')).toEqual([])
  })

  it('names the related official, as a user or by name', () => {
    expect(filingProblems({ ...ticked, officialUserId: null }, '2026-11-29')).toEqual([{ field: 'official', problem: 'officialRequired' }])
    expect(filingProblems({ ...ticked, officialUserId: null, officialName: '王某' }, '2026-11-29')).toEqual([])
  })

  it('needs nothing when unticked, and stores nothing of the day and official then', () => {
    const unticked = { filed: false, filedOn: '2099-01-01', officialUserId: 7, officialName: 'x' }
    expect(filingProblems(unticked, '2026-11-29')).toEqual([])
    expect(normaliseFiling(unticked)).toEqual({ filed: false, filedOn: null, officialUserId: null, officialName: null })
    expect(normaliseFiling({ ...ticked, officialName: '王某' }).officialName).toBeNull()
  })
})

// 县级入户抽查's draw and pace as pure rules: at least the percent of every village (rounded up) and so of every
// township, the same list from the same seed and roster, another list from another seed, every near-relative and
// reported household on it, and when a township's sampling is behind.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRandom } from '../../seed/random'
import { drawCountySample, fnv1a, mulberry32, samplePace, stratumSize, type RosterHousehold } from '../../workflows/rules/countySample'

/** A county of `townships` townships, each with villages of the given sizes; ids counted up from 1. */
function roster(villageSizes: number[][], marks: (id: number) => Partial<RosterHousehold> = () => ({})): RosterHousehold[] {
  const out: RosterHousehold[] = []
  let id = 1
  let villageId = 100
  villageSizes.forEach((sizes, t) => {
    for (const size of sizes) {
      villageId++
      for (let i = 0; i < size; i++, id++) out.push({ id, townshipId: t + 1, villageId, nearRelative: false, reported: false, ...marks(id) })
    }
  })
  return out
}

const randomOf = (list: ReturnType<typeof drawCountySample>) => list.filter((d) => d.reasons.includes('random')).map((d) => d.householdId)

describe('the county sample draw', () => {
  it('rounds each village up: 30% of 7 households is 3, of 10 is 3, of 1 is 1, of 0 is 0', () => {
    expect([stratumSize(7, 30), stratumSize(10, 30), stratumSize(1, 30), stratumSize(0, 30), stratumSize(3, 100)]).toEqual([3, 3, 1, 0, 3])
  })

  it('draws at least 30% of every village and every township', () => {
    const county = roster([
      [7, 10, 1],
      [23, 40],
    ])
    const drawn = drawCountySample(county, '青民发〔2026〕21号', 30)
    for (const villageId of new Set(county.map((h) => h.villageId))) {
      const size = county.filter((h) => h.villageId === villageId).length
      const got = drawn.filter((d) => d.villageId === villageId && d.reasons.includes('random')).length
      expect(got, `village ${villageId}`).toBe(stratumSize(size, 30))
    }
    for (const townshipId of [1, 2]) {
      const size = county.filter((h) => h.townshipId === townshipId).length
      const got = drawn.filter((d) => d.townshipId === townshipId && d.reasons.includes('random')).length
      expect(got * 100, `township ${townshipId}`).toBeGreaterThanOrEqual(size * 30)
    }
  })

  it('gives the same list for the same seed and roster, whatever the roster’s order', () => {
    const county = roster([[30, 12], [55]])
    const first = drawCountySample(county, '2026-抽查-1', 30)
    expect(drawCountySample([...county].reverse(), '2026-抽查-1', 30)).toEqual(first)
  })

  it('gives a different list for a different seed', () => {
    const county = roster([[30, 12], [55]])
    expect(randomOf(drawCountySample(county, '2026-抽查-1', 30))).not.toEqual(randomOf(drawCountySample(county, '2026-抽查-2', 30)))
  })

  it('puts every near-relative and every reported household on the list with its reason', () => {
    const county = roster([[20], [20]], (id) => ({ nearRelative: id % 7 === 0, reported: id % 11 === 0 }))
    const drawn = drawCountySample(county, 'x', 30)
    for (const h of county.filter((h) => h.nearRelative)) expect(drawn.find((d) => d.householdId === h.id)?.reasons).toContain('nearRelative')
    for (const h of county.filter((h) => h.reported)) expect(drawn.find((d) => d.householdId === h.id)?.reasons).toContain('reported')
    // 77 is both
    expect(drawn.find((d) => d.householdId === 77)).toBeUndefined()
    expect(drawn.filter((d) => d.reasons.length === 0)).toEqual([])
  })

  it('refuses a percent below 30 or above 100', () => {
    expect(() => drawCountySample(roster([[10]]), 's', 29)).toThrow(RangeError)
    expect(() => drawCountySample(roster([[10]]), 's', 101)).toThrow(RangeError)
    expect(() => drawCountySample(roster([[10]]), 's', 30.5)).toThrow(RangeError)
  })

  it('leaves the other villages’ households alone when a village is added to the county', () => {
    const before = roster([[15, 25]])
    const after = [
      ...before,
      ...roster([[15, 25, 9]])
        .slice(40)
        .map((h) => ({ ...h, id: h.id + 1000 })),
    ]
    const ofOld = (list: ReturnType<typeof drawCountySample>) => randomOf(list.filter((d) => d.villageId <= 102))
    expect(ofOld(drawCountySample(after, 'seed', 40))).toEqual(ofOld(drawCountySample(before, 'seed', 40)))
  })

  it('holds for any roster and percent: each village’s share rounded up, no household twice, same seed same list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 30, max: 100 }),
        fc.string({ maxLength: 20 }),
        (sizes, percent, seed) => {
          const county = roster(sizes)
          const drawn = drawCountySample(county, seed, percent)
          expect(new Set(drawn.map((d) => d.householdId)).size).toBe(drawn.length)
          for (const villageId of new Set(county.map((h) => h.villageId))) {
            const size = county.filter((h) => h.villageId === villageId).length
            expect(drawn.filter((d) => d.villageId === villageId).length).toBe(stratumSize(size, percent))
          }
          expect(drawCountySample(county, seed, percent)).toEqual(drawn)
        },
      ),
    )
  })

  it('uses the published FNV-1a and the same mulberry32 as the demo generator (so another program can redraw the list)', () => {
    // FNV-1a 32-bit test vectors: "" and "a"
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    const ours = mulberry32(fnv1a('青山县'))
    const demo = createRandom(fnv1a('青山县'))
    expect(Array.from({ length: 5 }, () => ours())).toEqual(Array.from({ length: 5 }, () => demo()))
  })
})

describe('the county sample pace', () => {
  const windows = [
    { phase: 'fullInspection' as const, starts_on: '2026-10-01', ends_on: '2026-11-20' },
    { phase: 'supervision' as const, starts_on: '2026-11-21', ends_on: '2026-12-10' },
  ]
  const base = { sampled: 100, checked: 50, nearRelative: { total: 4, checked: 4 }, reported: { total: 2, checked: 2 }, drawnOn: '2026-11-10', windows }

  it('is on pace when the share checked keeps up with the time gone since the draw', () => {
    // 20 of 30 days gone (66.6%): 70 checked is on pace, 60 is behind
    expect(samplePace({ ...base, checked: 70, today: '2026-11-30' }).behind).toBe(false)
    expect(samplePace({ ...base, checked: 60, today: '2026-11-30' })).toMatchObject({ behind: true, reasons: ['pace'], elapsedPermille: 666 })
  })

  it('is behind once 检查督导 has begun and a near-relative or reported household is unchecked', () => {
    const open = { ...base, checked: 100, reported: { total: 2, checked: 1 } }
    expect(samplePace({ ...open, today: '2026-11-20' }).behind).toBe(false)
    expect(samplePace({ ...open, today: '2026-11-21' })).toMatchObject({ behind: true, reasons: ['fullLists'] })
  })

  it('is never behind without a campaign to keep pace with', () => {
    expect(samplePace({ ...base, checked: 0, nearRelative: { total: 3, checked: 0 }, windows: [], today: '2027-01-01' }).behind).toBe(false)
  })
})

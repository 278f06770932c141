import { describe, expect, it } from 'vitest'
import { validateWindows, type WindowInput } from '../../workflows/rules/windows'

const seedWindows: WindowInput[] = [
  { phase: 'mobilisation', starts_on: '2014-06-01', ends_on: '2014-06-30' },
  { phase: 'fullInspection', starts_on: '2014-07-01', ends_on: '2014-08-20' },
  { phase: 'supervision', starts_on: '2014-08-21', ends_on: '2014-09-10' },
  { phase: 'summary', starts_on: '2014-09-11', ends_on: '2014-09-22' },
]

describe('phase windows of a campaign', () => {
  it('accepts the windows of 篇一', () => {
    expect(validateWindows(seedWindows)).toEqual([])
  })
  it('refuses a window that ends before it starts', () => {
    const w = seedWindows.map((x) => (x.phase === 'summary' ? { ...x, ends_on: '2014-09-01' } : x))
    expect(validateWindows(w)).toEqual([{ phase: 'summary', field: 'ends_on', code: 'endsBeforeStart' }])
  })
  it('refuses a phase that starts before the previous one ends', () => {
    const w = seedWindows.map((x) => (x.phase === 'supervision' ? { ...x, starts_on: '2014-08-20' } : x))
    expect(validateWindows(w)).toEqual([{ phase: 'supervision', field: 'starts_on', code: 'overlapsPrevious', previous: 'fullInspection' }])
  })
  it('refuses dates that do not exist', () => {
    const w = seedWindows.map((x) => (x.phase === 'fullInspection' ? { ...x, ends_on: '2014-02-30' } : x))
    expect(validateWindows(w)).toContainEqual({ phase: 'fullInspection', field: 'ends_on', code: 'invalidDate' })
  })
})

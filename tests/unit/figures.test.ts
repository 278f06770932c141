// One percentage helper that rounds down (issue 11, finding 17): a bar at 4,319 of 4,320 once showed "100%" in
// green while the exported report said 99.9%.
import fc from 'fast-check'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ProgressBar } from '../../app/components/ProgressBar'
import { percent } from '../../app/models/county.server'
import { percentText } from '../../app/models/exports.server'
import { percentFloor, percentFloorText } from '../../app/utils/format'

describe('coverage percentages', () => {
  it('show 99.9% at 4,319 of 4,320 households, never 100% before the last one', () => {
    expect(percentFloor(4319, 4320)).toBe(99.9)
    expect(percentFloorText(4319, 4320)).toBe('99.9')
    expect(percentFloor(4320, 4320)).toBe(100)
    expect(percentFloor(0, 0)).toBe(0)
  })

  it('draw the progress bar at 4,319 of 4,320 as 99.9% and not in the finished colour', () => {
    const html = renderToString(createElement(ProgressBar, { label: '自查面', done: 4319, total: 4320 }))
    expect(html).toContain('99.9%')
    expect(html).not.toContain('100%')
    expect(html).not.toContain('bg-green-600')
    expect(renderToString(createElement(ProgressBar, { label: '自查面', done: 4320, total: 4320 }))).toContain('bg-green-600')
  })

  it('agree between the page, the dashboard export and the files for any count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 0, max: 2_000_000 }), (total, d) => {
        const done = Math.min(d, total)
        const value = percentFloor(done, total)
        expect(percent(done, total)).toBe(value)
        expect(percentText(done, total)).toBe(`${value.toFixed(1)}%`)
        // rounded down: never above the true ratio, and 100 only when everything is done
        expect(value * total).toBeLessThanOrEqual(done * 100 + 1e-6)
        expect(value === 100).toBe(done === total)
      }),
    )
  })
})

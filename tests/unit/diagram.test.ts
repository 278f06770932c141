// The workflow diagram is read off the machine, so it cannot drift from it: these tests compare it with two
// independent walks of the machine (its structure, via xstate/graph's toDirectedGraph, and its behaviour, via
// every event in every reachable state) and check the rendered SVG marks exactly the current state.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { AnyStateNode } from 'xstate'
import { getAdjacencyMap, getStateNodes, toDirectedGraph, type DirectedGraphNode } from 'xstate/graph'
import { DIAGRAM_LEGEND_LINES, WorkflowDiagram } from '../../app/components/WorkflowDiagram'
import { campaignDiagramLayout } from '../../app/models/workflowDiagram.server'
import { zhCN } from '../../app/i18n/zh-CN'
import { applyEvent, campaignMachine, stateKey, type CampaignSnapshot } from '../../workflows/campaignMachine'
import { buildDiagramModel, layoutDiagram, type Box } from '../../workflows/diagram'
import { PHASES } from '../../workflows/phases'
import { CAMPAIGN_EVENTS } from '../support/campaignEvents'

const model = buildDiagramModel()
const layout = layoutDiagram(model, { eventLabels: zhCN.workflowEvents, legendLines: 3 })

const LEAF_STATES = getStateNodes(campaignMachine.root)
  .filter((node) => node.type === 'atomic' || node.type === 'final')
  .map((node) => node.path.join('.'))

/** Where the machine lands when it targets `node`: a compound state enters its initial child. */
function landing(node: AnyStateNode): string {
  return node.type === 'compound' ? landing(node.initial.target[0]) : node.path.join('.')
}

// facts that pass and facts that fail each guard
const EVENTS = CAMPAIGN_EVENTS

const render = (current: string) => renderToStaticMarkup(createElement(WorkflowDiagram, { current, layout: campaignDiagramLayout(DIAGRAM_LEGEND_LINES) }))
const count = (html: string, pattern: RegExp) => (html.match(new RegExp(pattern.source, 'g')) ?? []).length

describe('the workflow diagram model', () => {
  it('shows every state of the campaign, in its phase, with a Chinese name', () => {
    expect(model.states.map((s) => s.id).sort()).toEqual([...LEAF_STATES].sort())
    expect(model.phases.map((p) => p.id)).toEqual([...PHASES])
    for (const state of model.states) {
      expect(zhCN.states[state.labelKey], state.id).toBeTruthy()
      expect(state.phase === 'closed' ? state.id : state.id.split('.')[0]).toBe(state.phase)
      if (state.phase !== 'closed') expect(model.phases.find((p) => p.id === state.phase)!.states).toContain(state.id)
    }
    expect(model.initial).toBe('mobilisation')
    expect(model.states.filter((s) => s.final).map((s) => s.id)).toEqual(['closed'])
  })

  it('shows every transition the machine declares', () => {
    // structural walk with xstate's own graph tool
    const declared: string[] = []
    const collect = (node: DirectedGraphNode) => {
      for (const edge of node.edges) {
        declared.push(`${edge.source.path.join('.')} ${edge.label.text} ${landing(edge.target)} ${edge.transition.guard ? 'guarded' : 'open'}`)
      }
      node.children.forEach(collect)
    }
    collect(toDirectedGraph(campaignMachine))
    const drawn = model.edges.map((e) => `${e.from} ${e.event} ${e.to} ${e.guarded ? 'guarded' : 'open'}`)
    expect(drawn.sort()).toEqual(declared.sort())
    expect(drawn).toHaveLength(18)
  })

  it('has an arrow for every move the machine really makes, and no arrow it never takes', () => {
    const adjacency = getAdjacencyMap(campaignMachine, {
      events: EVENTS,
      serializeState: (s: CampaignSnapshot) => JSON.stringify([s.value, s.context.keySupervision]),
    })
    const used = new Set<string>()
    for (const { state } of Object.values(adjacency)) {
      const from = stateKey(state)
      for (const event of EVENTS) {
        const result = applyEvent(state, event)
        if (!result.accepted) continue
        const arrow = model.edges.find(
          (e) => e.event === event.type && e.to === result.to && (e.scope === 'state' ? e.from === from : from.startsWith(`${e.from}.`)),
        )
        expect(arrow, `${from} --${event.type}--> ${result.to}`).toBeDefined()
        used.add(arrow!.id)
      }
    }
    expect(model.edges.filter((e) => !used.has(e.id)).map((e) => e.id)).toEqual([])
  })

  it('lays the picture out inside a 360-unit-wide view with nothing overlapping', () => {
    expect(layout.width).toBe(360)
    const inside = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height
    const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    const boxes = layout.states.map((s) => s.box)
    const labels = layout.connectors.map((c) => c.label.box)
    for (const b of [...boxes, ...labels, ...layout.phases.map((p) => p.box)]) expect(inside(b), JSON.stringify(b)).toBe(true)
    for (const [i, a] of [...boxes, ...labels].entries()) {
      for (const b of [...boxes, ...labels].slice(i + 1)) expect(overlap(a, b), `${JSON.stringify(a)} × ${JSON.stringify(b)}`).toBe(false)
    }
    // phases top→bottom in campaign order, each state inside its phase box
    const tops = layout.phases.map((p) => p.box.y)
    expect([...tops].sort((a, b) => a - b)).toEqual(tops)
    for (const state of layout.states) {
      const phase = layout.phases.find((p) => p.id === state.phase)
      if (phase) expect(overlap(phase.box, state.box) && state.box.y + state.box.height <= phase.box.y + phase.box.height).toBe(true)
    }
    // every transition is drawn: as an arrow, or written inside its state's box when it comes back to it
    const drawnEdges = [
      ...layout.connectors.flatMap((c) => c.edges.map((e) => e.id)),
      ...model.edges.filter((e) => e.scope === 'state' && e.from === e.to).map((e) => e.id),
    ]
    expect(drawnEdges.sort()).toEqual(model.edges.map((e) => e.id).sort())
  })
})

describe('the workflow diagram', () => {
  it.each(LEAF_STATES)('highlights exactly the current state: %s', (current) => {
    const html = render(current)
    expect(count(html, /data-current="true"/)).toBe(1)
    expect(count(html, /aria-current="step"/)).toBe(1)
    expect(html).toContain(`data-state="${current}" data-current="true" aria-current="step"`)
    expect(count(html, />当前<\/text>/)).toBe(1)
    const name = zhCN.states[current]
    expect(html).toMatch(new RegExp(`<svg[^>]*role="img"[^>]*aria-label="[^"]*${name}`))
    expect(html).toContain(`<title>${zhCN.village.diagram}：当前状态为“${name}”`)
  })

  it('fits a phone: scales to the width it is given and labels everything in Chinese', () => {
    const html = render('supervision.orderedToRectify')
    expect(html).toContain(`viewBox="0 0 ${layout.width} ${layout.height}"`)
    expect(html).toContain('width="100%"')
    const text = html.replace(/<[^>]+>/g, '')
    for (const label of Object.values(zhCN.workflowEvents)) expect(text).toContain(label)
    for (const phase of PHASES) expect(text).toContain(zhCN.phases[phase])
    for (const state of LEAF_STATES) expect(text).toContain(zhCN.states[state])
    // no script, no external resources: it works with JavaScript off
    expect(html).not.toMatch(/<script|href=|xlink:href/)
  })

  it('draws no highlight for a state it does not know', () => {
    const html = render('nowhere')
    expect(count(html, /data-current="true"/)).toBe(0)
    expect(html).toContain(`aria-label="${zhCN.village.diagram}"`)
  })
})

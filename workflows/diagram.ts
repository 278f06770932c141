// Over 400 lines on purpose: the model derived from the machine and its layout share one set of types and are tested as one (tests/unit/diagram.test.ts).
// The campaign workflow as a picture: a diagram model derived from the machine definition itself (its state
// nodes and their `on` transitions, never a hand-kept list), and a small layout that turns it into SVG
// coordinates. Pure: no React, no I/O; the component in app/components/WorkflowDiagram.tsx only draws.
//
// Layout (portrait, so it fits a 360 px phone): the phases are stacked top→bottom in PHASES order, each a box
// with its sub-states stacked inside it in definition order; a final state (closed) sits below, outside any
// phase box. Arrows:
//   spine  – a state to the state in the next row: straight down the middle
//   loop   – a state to itself: written inside the state's box (↻ …)
//   enter  – from a phase's border into one of its own sub-states ("from any state of this phase")
//   phase  – from a phase's border to a state in another phase (SEND_BACK): along the left margin
//   lane   – any other state→state arrow: along a lane in the right margin
import type { AnyStateNode } from 'xstate'
import { campaignMachine, type CampaignEventType } from './campaignMachine'
import { textWidth } from './diagramText'
import { PHASES, isPhase, type PhaseId } from './phases'
import { present } from './present'

// ---------------------------------------------------------------------------------------------------------
// Model

export interface DiagramPhase {
  id: PhaseId
  /** key into the dictionary's `phases` section */
  labelKey: string
  /** dotted keys of its sub-states, in definition order (an atomic phase holds just itself) */
  states: string[]
}

export interface DiagramState {
  /** dotted state key, as `stateKey` gives it: 'supervision.orderedToRectify' */
  id: string
  /** the phase box it is drawn in; 'closed' for the final state, which has none */
  phase: PhaseId | 'closed'
  /** key into the dictionary's `states` section */
  labelKey: string
  /** the state a new village starts in */
  initial: boolean
  final: boolean
}

export interface DiagramEdge {
  id: string
  /** a dotted state key, or a phase id when the transition is declared on the phase (scope 'phase') */
  from: string
  /** 'phase': the transition is declared on the phase node, so it applies in every one of its sub-states */
  scope: 'state' | 'phase'
  /** the dotted key of the state the machine lands in (a phase target resolved through its initial state) */
  to: string
  event: CampaignEventType
  guarded: boolean
  /** the guard's name, e.g. 'checklistComplete' */
  guard: string | null
  /** position among this event's transitions on the same node: > 0 is only tried when earlier ones fail */
  branch: number
}

export interface DiagramModel {
  initial: string
  phases: DiagramPhase[]
  states: DiagramState[]
  edges: DiagramEdge[]
}

const keyOf = (node: AnyStateNode) => node.path.join('.')

/** The leaf state a transition into `node` ends in (a compound state enters its initial child). */
function landingState(node: AnyStateNode): AnyStateNode {
  let current = node
  while (current.type === 'compound') current = current.initial.target[0]
  if (current.type !== 'atomic' && current.type !== 'final') {
    throw new Error(`diagram: ${current.type} state '${keyOf(current)}' is not supported`)
  }
  return current
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null
  if (typeof guard === 'string') return guard
  if (typeof guard === 'function') return guard.name || 'inline'
  if (typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type)
  return 'inline'
}

/** Read the diagram model off the machine: every leaf state, every phase and every declared transition. */
export function buildDiagramModel(machine: typeof campaignMachine = campaignMachine): DiagramModel {
  const root = machine.root
  const phases: DiagramPhase[] = []
  const states: DiagramState[] = []
  const edges: DiagramEdge[] = []
  const initial = keyOf(landingState(root))

  const topLevel = Object.values(root.states) as AnyStateNode[]
  for (const top of topLevel) {
    if (top.type === 'final') {
      states.push({ id: top.key, phase: 'closed', labelKey: top.key, initial: false, final: true })
      continue
    }
    if (!isPhase(top.key)) throw new Error(`diagram: top-level state '${top.key}' is neither a phase nor final`)
    const leaves = top.type === 'atomic' ? [top] : (Object.values(top.states) as AnyStateNode[])
    for (const leaf of leaves) {
      if (leaf.type !== 'atomic' && leaf.type !== 'final') throw new Error(`diagram: nested ${leaf.type} state '${keyOf(leaf)}' is not supported`)
      states.push({ id: keyOf(leaf), phase: top.key, labelKey: keyOf(leaf), initial: keyOf(leaf) === initial, final: leaf.type === 'final' })
    }
    phases.push({ id: top.key, labelKey: top.key, states: leaves.map(keyOf) })
  }
  phases.sort((a, b) => PHASES.indexOf(a.id) - PHASES.indexOf(b.id))

  const visit = (node: AnyStateNode) => {
    if (node.always?.length || node.after.length || node.invoke.length) {
      throw new Error(`diagram: '${keyOf(node)}' has eventless, delayed or invoked transitions, which are not drawn`)
    }
    const scope: DiagramEdge['scope'] = node.type === 'compound' ? 'phase' : 'state'
    for (const [event, transitions] of Object.entries(node.on)) {
      transitions.forEach((transition, branch) => {
        if (!transition.target?.length) throw new Error(`diagram: '${keyOf(node)}' has a targetless ${event} transition, which is not drawn`)
        const to = keyOf(landingState(transition.target[0]))
        const guard = guardName(transition.guard)
        edges.push({
          id: `${keyOf(node)}:${event}:${branch}`,
          from: keyOf(node),
          scope,
          to,
          event: event as CampaignEventType,
          guarded: guard !== null,
          guard,
          branch,
        })
      })
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child)
  }
  for (const top of topLevel) visit(top)

  return { initial, phases, states, edges }
}

// ---------------------------------------------------------------------------------------------------------
// Layout

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export type Point = [number, number]

export interface LabelLine {
  event: CampaignEventType
  guarded: boolean
  /** the text to draw: the event's label, with '◆' in front when a condition must hold */
  text: string
}

export interface DiagramLabel {
  lines: LabelLine[]
  /** where the text goes: for 'start' the left end, for 'middle' the centre; y is the first baseline */
  x: number
  y: number
  anchor: 'start' | 'middle'
  /** characters stacked top→bottom (labels along the left margin) */
  vertical: boolean
  /** the area the label covers, for a background behind it */
  box: Box
}

export interface LaidOutPhase extends DiagramPhase {
  box: Box
  /** baseline of the phase title */
  titleY: number
}

export interface LaidOutState extends DiagramState {
  box: Box
  /** transitions that come back to this state, listed inside its box */
  loops: LabelLine[]
}

export interface Connector {
  id: string
  kind: 'spine' | 'enter' | 'phase' | 'lane'
  edges: DiagramEdge[]
  /** polyline from the source's border to the target's border; the arrowhead sits on the last point */
  points: Point[]
  arrowhead: Point[]
  /** a small dot where the arrow leaves a phase border ("from any state of this phase") */
  origin: Point | null
  label: DiagramLabel
}

export interface DiagramLayout {
  width: number
  height: number
  phases: LaidOutPhase[]
  states: LaidOutState[]
  connectors: Connector[]
  /** top of the area left free for a legend */
  legendY: number
  fontSize: { phase: number; state: number; label: number; loop: number }
}

export interface LayoutOptions {
  /** short label for each event type (the dictionary's workflowEvents) */
  eventLabels: Record<string, string>
  /** lines of legend to leave room for under the diagram */
  legendLines?: number
}

// geometry, in viewBox units (1 unit ≈ 1 CSS px on a 360 px phone)
const WIDTH = 360
const PHASE_X = 30
const PHASE_RIGHT = 352
const BOX_X = 82
const BOX_W = 140
const BOX_RIGHT = BOX_X + BOX_W
const CENTRE = BOX_X + BOX_W / 2
const BOX_H = 42
const HEADER_H = 26
const ROW_GAP = 40
const PHASE_PAD_BOTTOM = 12
const PHASE_GAP = 48
const TOP = 8
const LEFT_LANE_X = 21
const RIGHT_LANE_X = BOX_RIGHT + 20
const RIGHT_LANE_STEP = 32
const PORT_STEP = 12
const FONT = { phase: 14, state: 13, label: 11.5, loop: 11 }
const LINE_H = 14
const LEGEND_LINE_H = 17
const LABEL_MARGIN = 3

export { textWidth }

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function segmentBox([x1, y1]: Point, [x2, y2]: Point): Box {
  return { x: Math.min(x1, x2) - 1, y: Math.min(y1, y2) - 1, width: Math.abs(x2 - x1) + 2, height: Math.abs(y2 - y1) + 2 }
}

function arrowhead(from: Point, to: Point): Point[] {
  const [x1, y1] = from
  const [x2, y2] = to
  const length = Math.hypot(x2 - x1, y2 - y1) || 1
  const ux = (x2 - x1) / length
  const uy = (y2 - y1) / length
  const size = 7
  const half = 3.5
  return [
    [x2, y2],
    [x2 - ux * size - uy * half, y2 - uy * size + ux * half],
    [x2 - ux * size + uy * half, y2 - uy * size - ux * half],
  ]
}

/** Lay out the model for an SVG of `width` × `height` viewBox units. */
export function layoutDiagram(model: DiagramModel, options: LayoutOptions): DiagramLayout {
  const lineOf = (edge: DiagramEdge): LabelLine => {
    const label = options.eventLabels[edge.event] ?? edge.event
    return { event: edge.event, guarded: edge.guarded, text: edge.guarded ? `◆${label}` : label }
  }

  // rows: phases top→bottom, their states inside; final states below
  const phases: LaidOutPhase[] = []
  const stateById = new Map<string, LaidOutState>()
  const rowOf = new Map<string, number>()
  let y = TOP
  let row = 0
  const place = (state: DiagramState, top: number) => {
    const laidOut: LaidOutState = { ...state, box: { x: BOX_X, y: top, width: BOX_W, height: BOX_H }, loops: [] }
    stateById.set(state.id, laidOut)
    rowOf.set(state.id, row++)
  }
  const stateAt = (id: string) => present(stateById.get(id), `the laid-out state ${id}`)
  const rowAt = (id: string) => present(rowOf.get(id), `the row of ${id}`)
  for (const phase of model.phases) {
    let top = y + HEADER_H + 8
    for (const id of phase.states) {
      place(
        present(
          model.states.find((s) => s.id === id),
          `the state ${id}`,
        ),
        top,
      )
      top += BOX_H + ROW_GAP
    }
    const bottom = top - ROW_GAP + PHASE_PAD_BOTTOM
    phases.push({ ...phase, box: { x: PHASE_X, y, width: PHASE_RIGHT - PHASE_X, height: bottom - y }, titleY: y + 18 })
    y = bottom + PHASE_GAP
  }
  // final states (closed) below the last phase, outside any phase box
  y -= PHASE_GAP - 36
  for (const state of model.states.filter((s) => s.phase === 'closed')) {
    place(state, y)
    y += BOX_H + 20
  }
  const states = model.states.map((s) => stateAt(s.id))
  const phaseById = new Map(phases.map((p) => [p.id as string, p]))
  const cy = (id: string) => {
    const box = stateAt(id).box
    return box.y + box.height / 2
  }

  // one connector per (scope, from, to): parallel transitions share an arrow and list their events
  const groups = new Map<string, DiagramEdge[]>()
  for (const edge of model.edges) {
    const key = `${edge.scope}|${edge.from}|${edge.to}`
    groups.set(key, [...(groups.get(key) ?? []), edge])
  }

  type Pending = { id: string; kind: Connector['kind']; edges: DiagramEdge[]; from: string; to: string; lane?: number }
  const pending: Pending[] = []
  for (const [key, edges] of groups) {
    const { from, to, scope } = edges[0]
    if (scope === 'state' && from === to) {
      stateAt(from).loops.push(...edges.map(lineOf))
      continue
    }
    if (scope === 'phase') {
      pending.push({ id: key, kind: stateAt(to).phase === from ? 'enter' : 'phase', edges, from, to })
      continue
    }
    pending.push({ id: key, kind: rowAt(to) === rowAt(from) + 1 ? 'spine' : 'lane', edges, from, to })
  }

  // right-margin lanes: shortest spans nearest the boxes; lanes whose spans do not overlap share an x
  const span = (p: Pending): [number, number] => [Math.min(rowAt(p.from), rowAt(p.to)), Math.max(rowAt(p.from), rowAt(p.to))]
  const laneUse: Array<Array<[number, number]>> = []
  for (const p of pending.filter((c) => c.kind === 'lane').sort((a, b) => span(a)[1] - span(a)[0] - (span(b)[1] - span(b)[0]))) {
    const [lo, hi] = span(p)
    let lane = laneUse.findIndex((used) => used.every(([a, b]) => hi <= a || lo >= b))
    if (lane === -1) lane = laneUse.push([]) - 1
    laneUse[lane].push([lo, hi])
    p.lane = lane
  }
  const laneX = (p: Pending) => RIGHT_LANE_X + (p.lane ?? 0) * RIGHT_LANE_STEP

  // ports on the right side of each box: arrows going up on top (inner lanes first), arrows going down below
  // (outer lanes first), so that no lane crosses another's horizontal stub
  const rightPorts = new Map<string, Array<{ p: Pending; up: boolean }>>()
  for (const p of pending.filter((c) => c.kind === 'lane')) {
    for (const [end, other] of [
      [p.from, p.to],
      [p.to, p.from],
    ] as const) {
      const list = rightPorts.get(end) ?? []
      list.push({ p, up: rowAt(other) < rowAt(end) })
      rightPorts.set(end, list)
    }
  }
  const portY = new Map<string, number>()
  for (const [stateId, list] of rightPorts) {
    list.sort((a, b) => (a.up !== b.up ? (a.up ? -1 : 1) : a.up ? laneX(a.p) - laneX(b.p) : laneX(b.p) - laneX(a.p)))
    list.forEach(({ p }, i) => portY.set(`${p.id}@${stateId}`, cy(stateId) + (i - (list.length - 1) / 2) * PORT_STEP))
  }

  const connectors: Connector[] = []
  // what a label must not cover: the state boxes, and the top and bottom borders of the phase boxes
  const obstacles: Box[] = [
    ...states.map((s) => s.box),
    ...phases.flatMap(({ box }) => [
      { x: box.x, y: box.y - 1, width: box.width, height: 2 },
      { x: box.x, y: box.y + box.height - 1, width: box.width, height: 2 },
    ]),
  ]
  const segmentsOf = new Map<string, Box[]>()
  for (const p of pending) {
    const toBox = stateAt(p.to).box
    let points: Point[]
    let origin: Point | null = null
    switch (p.kind) {
      case 'spine': {
        const fromBox = stateAt(p.from).box
        const down = toBox.y > fromBox.y
        points = down
          ? [
              [CENTRE, fromBox.y + fromBox.height],
              [CENTRE, toBox.y],
            ]
          : [
              [CENTRE, fromBox.y],
              [CENTRE, toBox.y + toBox.height],
            ]
        break
      }
      case 'enter': {
        points = [
          [PHASE_X, cy(p.to)],
          [BOX_X, cy(p.to)],
        ]
        origin = points[0]
        break
      }
      case 'phase': {
        const phase = present(phaseById.get(p.from), `the phase ${p.from}`)
        const startY = phase.box.y + HEADER_H / 2
        points = [
          [PHASE_X, startY],
          [LEFT_LANE_X, startY],
          [LEFT_LANE_X, cy(p.to)],
          [BOX_X, cy(p.to)],
        ]
        origin = points[0]
        break
      }
      case 'lane': {
        const x = laneX(p)
        const y1 = present(portY.get(`${p.id}@${p.from}`), 'a port')
        const y2 = present(portY.get(`${p.id}@${p.to}`), 'a port')
        points = [
          [BOX_RIGHT, y1],
          [x, y1],
          [x, y2],
          [BOX_RIGHT, y2],
        ]
        break
      }
    }
    const segments = points.slice(1).map((point, i) => segmentBox(points[i], point))
    segmentsOf.set(p.id, segments)
    connectors.push({
      id: p.id,
      kind: p.kind,
      edges: p.edges,
      points,
      arrowhead: arrowhead(points[points.length - 2], points[points.length - 1]),
      origin,
      label: { lines: p.edges.map(lineOf), x: 0, y: 0, anchor: 'start', vertical: false, box: { x: 0, y: 0, width: 0, height: 0 } },
    })
  }

  // labels: fixed spots for spine, enter and phase arrows; lane labels slide along their lane to a free spot
  const placed: Box[] = []
  const labelSize = (lines: LabelLine[]) => ({
    width: Math.max(...lines.map((l) => textWidth(l.text, FONT.label))) + 6,
    height: lines.length * LINE_H + 4,
  })
  const setLabel = (c: Connector, x: number, top: number, anchor: DiagramLabel['anchor'], vertical = false) => {
    const { width, height } = vertical ? { width: FONT.label + 4, height: c.label.lines[0].text.length * LINE_H + 4 } : labelSize(c.label.lines)
    const box = { x: anchor === 'middle' ? x - width / 2 : x - 3, y: top, width, height }
    c.label = { ...c.label, x, y: top + 2 + FONT.label * 0.88, anchor, vertical, box }
    placed.push(box)
  }
  for (const c of connectors.filter((c) => c.kind !== 'lane')) {
    const [start, end] = [c.points[0], c.points[c.points.length - 1]]
    if (c.kind === 'spine') {
      const { height } = labelSize(c.label.lines)
      setLabel(c, CENTRE + 8, (start[1] + end[1]) / 2 - height / 2, 'start')
    } else if (c.kind === 'enter') {
      const { height } = labelSize(c.label.lines)
      setLabel(c, PHASE_X + 3, end[1] - height - 1, 'start')
    } else {
      // along the left margin, characters stacked, centred on the vertical stretch
      const [, top] = c.points[1]
      const [, bottom] = c.points[2]
      const height = c.label.lines[0].text.length * LINE_H + 4
      setLabel(c, LEFT_LANE_X - 11, (top + bottom) / 2 - height / 2, 'middle', true)
    }
  }
  for (const c of connectors.filter((c) => c.kind === 'lane')) {
    const [, [x, y1], [, y2]] = c.points
    const { width, height } = labelSize(c.label.lines)
    const [lo, hi] = [Math.min(y1, y2), Math.max(y1, y2)]
    const others = [...obstacles, ...connectors.filter((o) => o !== c).flatMap((o) => segmentsOf.get(o.id) ?? [])]
    const leftFor = (centreX: number) => Math.min(Math.max(centreX - width / 2, BOX_RIGHT + 2), WIDTH - width - 1)
    // try spots along the lane, nearest its middle first, and for each a few shifts sideways (the lane stays
    // under the label); the first spot that touches no box, other line or label wins
    const mid = (lo + hi) / 2
    const spots: Array<[number, number]> = []
    for (let dy = 0; dy <= (hi - lo) / 2; dy += 4) {
      for (const centreY of dy ? [mid - dy, mid + dy] : [mid]) {
        for (let dx = 0; dx <= width / 2 - 8; dx += 4) {
          for (const centreX of dx ? [x - dx, x + dx] : [x]) spots.push([leftFor(centreX), centreY])
        }
      }
    }
    const fits = ([left, centreY]: [number, number]) => {
      // a little air around the label so it never touches another line
      const box = { x: left - LABEL_MARGIN, y: centreY - height / 2 - LABEL_MARGIN, width: width + 2 * LABEL_MARGIN, height: height + 2 * LABEL_MARGIN }
      return centreY - height / 2 >= lo - 4 && centreY + height / 2 <= hi + 4 && ![...others, ...placed].some((o) => overlaps(box, o))
    }
    // a label between two rows reads better than one beside a box, where other arrows come and go
    const betweenRows = ([, centreY]: [number, number]) =>
      !states.some((s) => centreY + height / 2 > s.box.y - 2 && centreY - height / 2 < s.box.y + s.box.height + 2)
    const free = spots.find((spot) => betweenRows(spot) && fits(spot)) ?? spots.find(fits)
    const [left, centreY] = free ?? [leftFor(x), mid]
    setLabel(c, left + width / 2, centreY - height / 2, 'middle')
  }

  const legendLines = options.legendLines ?? 0
  const legendY = y
  return {
    width: WIDTH,
    height: Math.ceil(legendY + legendLines * LEGEND_LINE_H + (legendLines ? 8 : 0)),
    phases,
    states,
    connectors,
    legendY,
    fontSize: FONT,
  }
}

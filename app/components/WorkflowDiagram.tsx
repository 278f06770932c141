// The village campaign workflow as an inline SVG, drawn from the machine definition (workflows/diagram.ts).
// The layout is computed on the server (app/models/workflowDiagram.server.ts) and handed in by the loader, so the
// page's browser script carries neither XState nor the layout code; no chart library; it scales to the width it is
// given (a viewBox 360 units wide, so a phone shows it at about 1:1).
import { village } from '~/i18n/zh-CN/dashboard'
import { phases, states } from '~/i18n/zh-CN/workflow'
import type { DiagramLabel, DiagramLayout, LabelLine, LaidOutState, Point } from '../../workflows/diagram'
import { textWidth } from '../../workflows/diagramText'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { phases, states, village }

// Wording used only by this picture.
const TEXT = {
  currentTag: '当前',
  ariaLabel: (state: string, phase: string) => `${t.village.diagram}：当前状态为“${state}”（${phase}阶段）`,
  ariaLabelUnknown: `${t.village.diagram}`,
  legend: [
    { icon: 'guard', text: '须满足办理条件（如清单完成、自查面100%）' },
    { icon: 'origin', text: '从阶段边框出发：本阶段任何状态下均可办理' },
    { icon: 'loop', text: '写在框内：办理后仍停留在该状态' },
  ] as const,
}

/** How many legend lines the layout must leave room for below the diagram. */
export const DIAGRAM_LEGEND_LINES = TEXT.legend.length
const FONT_FAMILY = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif'

const COLOURS = {
  phaseFill: '#f8fafc',
  phaseStroke: '#cbd5e1',
  currentPhaseFill: '#eff6ff',
  currentPhaseStroke: '#93c5fd',
  boxFill: '#ffffff',
  boxStroke: '#64748b',
  currentFill: '#1d4ed8',
  currentStroke: '#1e3a8a',
  tagFill: '#fbbf24',
  tagText: '#78350f',
  text: '#0f172a',
  muted: '#475569',
  line: '#475569',
  guard: '#b45309',
}

const pointsAttr = (points: Point[]) => points.map(([x, y]) => `${x},${y}`).join(' ')

function LineText({ line }: { line: LabelLine }) {
  const label = line.guarded ? line.text.slice(1) : line.text
  return (
    <>
      {line.guarded ? <tspan fill={COLOURS.guard}>◆</tspan> : null}
      {label}
    </>
  )
}

function Label({ label, size }: { label: DiagramLabel; size: number }) {
  const { box } = label
  return (
    <g>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={3} fill="#ffffff" fillOpacity={0.92} />
      {label.vertical ? (
        <text x={label.x} y={label.y} fontSize={size} textAnchor="middle" fill={COLOURS.text}>
          {[...label.lines[0].text].map((ch, i) => (
            <tspan key={i} x={label.x} dy={i === 0 ? 0 : 14} fill={ch === '◆' ? COLOURS.guard : undefined}>
              {ch}
            </tspan>
          ))}
        </text>
      ) : (
        label.lines.map((line, i) => (
          <text key={line.event + i} x={label.x} y={label.y + i * 14} fontSize={size} textAnchor={label.anchor} fill={COLOURS.text}>
            <LineText line={line} />
          </text>
        ))
      )}
    </g>
  )
}

/** A small circular arrow: "stays in this state". */
function LoopIcon({ x, y, colour }: { x: number; y: number; colour: string }) {
  return (
    <g fill="none" stroke={colour} strokeWidth={1.3}>
      <path d={`M ${x + 4.5} ${y - 3} A 4.5 4.5 0 1 0 ${x + 4.8} ${y + 1.5}`} />
      <polygon points={`${x + 2.3},${y - 4.6} ${x + 6.6},${y - 5.4} ${x + 5.4},${y - 1.2}`} fill={colour} stroke="none" />
    </g>
  )
}

function StateBox({ state, current, fontSize }: { state: LaidOutState; current: boolean; fontSize: DiagramLayout['fontSize'] }) {
  const { box } = state
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const textColour = current ? '#ffffff' : COLOURS.text
  const loopText = state.loops.map((l) => l.text).join('、')
  const loopWidth = 13 + textWidth(loopText, fontSize.loop)
  return (
    <g data-state={state.id} data-current={current ? 'true' : undefined} aria-current={current ? 'step' : undefined}>
      <rect
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        rx={state.final ? box.height / 2 : 6}
        fill={current ? COLOURS.currentFill : COLOURS.boxFill}
        stroke={current ? COLOURS.currentStroke : COLOURS.boxStroke}
        strokeWidth={current ? 2.5 : 1.2}
      />
      <text x={cx} y={state.loops.length ? cy - 3 : cy + 4.5} fontSize={fontSize.state} fontWeight={current ? 700 : 500} textAnchor="middle" fill={textColour}>
        {t.states[state.labelKey] ?? state.id}
      </text>
      {state.loops.length ? (
        <g>
          <LoopIcon x={cx - loopWidth / 2} y={cy + 11} colour={current ? '#ffffff' : COLOURS.muted} />
          <text x={cx - loopWidth / 2 + 13} y={cy + 14.5} fontSize={fontSize.loop} fill={current ? '#ffffff' : COLOURS.muted}>
            {state.loops.map((line, i) => (
              <tspan key={line.event + i}>
                {i > 0 ? '、' : null}
                {line.guarded ? <tspan fill={current ? '#fde68a' : COLOURS.guard}>◆</tspan> : null}
                {line.guarded ? line.text.slice(1) : line.text}
              </tspan>
            ))}
          </text>
        </g>
      ) : null}
      {current ? (
        <g>
          <rect
            x={box.x + box.width - 40}
            y={box.y - 9}
            width={36}
            height={17}
            rx={8.5}
            fill={COLOURS.tagFill}
            stroke={COLOURS.currentStroke}
            strokeWidth={1}
          />
          <text x={box.x + box.width - 22} y={box.y + 3.5} fontSize={11} fontWeight={700} textAnchor="middle" fill={COLOURS.tagText}>
            {TEXT.currentTag}
          </text>
        </g>
      ) : null}
    </g>
  )
}

export function WorkflowDiagram({ current, layout }: { current: string; layout: DiagramLayout }) {
  const currentState = layout.states.find((s) => s.id === current)
  const currentPhase = currentState?.phase
  const ariaLabel = currentState ? TEXT.ariaLabel(t.states[currentState.labelKey] ?? currentState.id, t.phases[currentState.phase]) : TEXT.ariaLabelUnknown
  const phaseNames = layout.phases.map((p) => t.phases[p.id]).join(' → ')
  return (
    <svg
      role="img"
      aria-label={ariaLabel}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      style={{ maxWidth: '34rem', height: 'auto', display: 'block' }}
      fontFamily={FONT_FAMILY}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{ariaLabel}</title>
      <desc>{`${phaseNames} → ${t.phases.closed}`}</desc>

      {layout.phases.map((phase) => {
        const here = phase.id === currentPhase
        return (
          <g key={phase.id} data-phase={phase.id}>
            <rect
              x={phase.box.x}
              y={phase.box.y}
              width={phase.box.width}
              height={phase.box.height}
              rx={10}
              fill={here ? COLOURS.currentPhaseFill : COLOURS.phaseFill}
              stroke={here ? COLOURS.currentPhaseStroke : COLOURS.phaseStroke}
              strokeWidth={here ? 2 : 1.2}
            />
            <text x={phase.box.x + 10} y={phase.titleY} fontSize={layout.fontSize.phase} fontWeight={700} fill={COLOURS.text}>
              {`${layout.phases.indexOf(phase) + 1}. ${t.phases[phase.id]}`}
            </text>
          </g>
        )
      })}

      {layout.connectors.map((c) => (
        <g key={c.id} data-connector={c.kind} fill="none" stroke={COLOURS.line} strokeWidth={1.4}>
          <polyline points={pointsAttr(c.points)} strokeLinejoin="round" />
          <polygon points={pointsAttr(c.arrowhead)} fill={COLOURS.line} stroke="none" />
          {c.origin ? <circle cx={c.origin[0]} cy={c.origin[1]} r={3.2} fill={COLOURS.line} stroke="none" /> : null}
        </g>
      ))}

      {layout.states.map((state) => (
        <StateBox key={state.id} state={state} current={state.id === current} fontSize={layout.fontSize} />
      ))}

      {layout.connectors.map((c) => (
        <Label key={c.id} label={c.label} size={layout.fontSize.label} />
      ))}

      <g fontSize={11} fill={COLOURS.muted}>
        {TEXT.legend.map((item, i) => {
          const x = layout.phases[0]?.box.x ?? 0
          const y = layout.legendY + 12 + i * 17
          return (
            <g key={item.icon}>
              {item.icon === 'guard' ? (
                <text x={x} y={y} fill={COLOURS.guard}>
                  ◆
                </text>
              ) : item.icon === 'origin' ? (
                <circle cx={x + 5} cy={y - 4} r={3.2} fill={COLOURS.line} />
              ) : (
                <LoopIcon x={x} y={y - 4} colour={COLOURS.muted} />
              )}
              <text x={x + 16} y={y}>
                {item.text}
              </text>
            </g>
          )
        })}
      </g>
    </svg>
  )
}

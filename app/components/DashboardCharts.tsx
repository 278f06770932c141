// The dashboard's Recharts charts. Loaded only in the browser, after the page has rendered (ChartSlot in
// TownshipDashboard.tsx imports this module lazily): Recharts draws nothing on the server, and a page without
// JavaScript shows the same figures as the text tables beside each chart. The charts are aria-hidden for that
// reason: screen readers read the tables. Recharts 3's keyboard layer (`accessibilityLayer`, on by default) would make
// each hidden chart a tab stop that announces nothing, so it is off.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { dashboard } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { dashboard, dashboardPanels }

const COLOURS = { blue: '#1d4ed8', green: '#15803d', amber: '#d97706', red: '#b91c1c', slate: '#94a3b8', violet: '#6d28d9' }
const AXIS = { fontSize: 12, fill: '#334155' }
const LEGEND = { fontSize: 12 }

export interface CoverageDatum {
  name: string
  selfInspection: number
  homeVisits: number
}

/** Self-inspection and home-visit coverage (percent) of each village (or township), one bar pair each. */
export function CoverageChart({ data }: { data: CoverageDatum[] }) {
  return (
    <HorizontalBars
      data={data}
      height={Math.max(160, data.length * 34 + 60)}
      category="name"
      percent
      series={[
        { key: 'selfInspection', name: t.dashboard.selfInspection, colour: COLOURS.blue },
        { key: 'homeVisits', name: t.dashboard.homeVisits, colour: COLOURS.green },
      ]}
    />
  )
}

export interface PhaseDatum {
  label: string
  villages: number
  planned: number
}

/** Villages in each phase now, beside where the plan puts them today. */
export function PhaseChart({ data }: { data: PhaseDatum[] }) {
  const c = t.dashboardPanels.charts
  return (
    <HorizontalBars
      data={data}
      height={260}
      category="label"
      categoryWidth={64}
      series={[
        { key: 'villages', name: c.phaseActual, colour: COLOURS.blue },
        { key: 'planned', name: c.phasePlanned, colour: COLOURS.slate },
      ]}
    />
  )
}

export interface CategoryDatum {
  label: string
  count: number
}

export function CategoryChart({ data }: { data: CategoryDatum[] }) {
  const c = t.dashboardPanels.charts
  return <HorizontalBars data={data} height={260} category="label" legend={false} series={[{ key: 'count', name: c.problemCount, colour: COLOURS.amber }]} />
}

export interface HistoryDatum {
  day: string
  selfInspection: number
  homeVisits: number
}

/** A hollow square marker: tells the dashed series apart from the round one where the lines overlap. */
function SquareDot(props: { cx?: number; cy?: number; index?: number }) {
  if (props.cx === undefined || props.cy === undefined) return <g key={props.index} />
  return <rect key={props.index} x={props.cx - 4} y={props.cy - 4} width={8} height={8} fill="#ffffff" stroke={COLOURS.green} strokeWidth={2} />
}

/** The township's coverage (percent of roster households) day by day. */
export function HistoryChart({ data }: { data: HistoryDatum[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 16, bottom: 4, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" tick={{ ...AXIS, fontSize: 11 }} tickFormatter={(day: string) => day.slice(5)} minTickGap={16} />
        <YAxis domain={[0, 100]} unit="%" tick={AXIS} />
        <Tooltip formatter={(value) => `${value}%`} />
        <Legend wrapperStyle={LEGEND} itemSorter={null} />
        {/* the two series often coincide (every review with its home visit): one solid with round markers, drawn
            over the other dashed with square markers, so neither hides the other; the figures are in the table */}
        <Line
          type="stepAfter"
          dataKey="homeVisits"
          name={t.dashboard.homeVisits}
          stroke={COLOURS.green}
          strokeWidth={3}
          strokeDasharray="8 5"
          legendType="plainline"
          dot={SquareDot}
          activeDot={false}
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="selfInspection"
          name={t.dashboard.selfInspection}
          stroke={COLOURS.blue}
          strokeWidth={2}
          legendType="plainline"
          dot={{ r: 3, fill: COLOURS.blue, strokeWidth: 0 }}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  )
}

export interface OutcomeDatum {
  name: string
  exits: number
  newEnrolments: number
  fraudCases: number
}

/** Outcomes by village: exits, new enrolments and fraud cases (the amounts are in the text beside it). */
export function OutcomesChart({ data }: { data: OutcomeDatum[] }) {
  const c = t.dashboardPanels.charts
  return (
    <HorizontalBars
      data={data}
      height={Math.max(160, data.length * 30 + 60)}
      category="name"
      series={[
        { key: 'exits', name: c.exits, colour: COLOURS.red, stackId: 'o' },
        { key: 'newEnrolments', name: c.newEnrolments, colour: COLOURS.violet, stackId: 'o' },
        { key: 'fraudCases', name: c.fraudCases, colour: COLOURS.amber, stackId: 'o' },
      ]}
    />
  )
}

interface BarSeries<T> {
  key: keyof T & string
  name: string
  colour: string
  /** bars with the same stack id are drawn end to end */
  stackId?: string
}

/** Horizontal bars, one row per item: counts (whole numbers) or, with percent, shares on a 0–100 axis. */
function HorizontalBars<T extends object>({
  data,
  height,
  category,
  categoryWidth = 72,
  series,
  percent = false,
  legend = true,
}: {
  data: T[]
  height: number
  category: keyof T & string
  categoryWidth?: number
  series: Array<BarSeries<T>>
  percent?: boolean
  legend?: boolean
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        {percent ? <XAxis type="number" domain={[0, 100]} unit="%" tick={AXIS} /> : <XAxis type="number" allowDecimals={false} tick={AXIS} />}
        <YAxis type="category" dataKey={category as string} width={categoryWidth} tick={AXIS} interval={0} />
        {percent ? <Tooltip formatter={(value) => `${value}%`} /> : <Tooltip />}
        {legend ? <Legend wrapperStyle={LEGEND} itemSorter={null} /> : null}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key as string} name={s.name} stackId={s.stackId} fill={s.colour} isAnimationActive={false} maxBarSize={28} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}

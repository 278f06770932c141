// The township dashboard (工作总览): what needs attention first, then the township's totals, the village table
// and the charts. Every figure a chart draws is also on the page as text or a progress bar (the charts are
// drawn in the browser only).
import type { ReactNode } from 'react'
import { format } from '~/i18n'
import { dashboard, followUps, village } from '~/i18n/zh-CN/dashboard'
import { dashboardPanels } from '~/i18n/zh-CN/dashboardPanels'
import { followUpList } from '~/i18n/zh-CN/leaderDay'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import { paymentLedger } from '~/i18n/zh-CN/paymentLedger'
import { phases, states } from '~/i18n/zh-CN/workflow'
import type { FollowUp, OverdueFollowUp } from '~/models/campaign.server'
import type { AttentionSection } from '~/models/attentionGroups.server'
import type { CampaignDuties } from '~/models/summarySubmission.server'
import type { TownshipOverview } from '~/models/townshipOverview.server'
import { yuan as money } from '~/utils/format'
import { ApprovalTotals } from './ApprovalProgress'
import { ChartPanels } from './ChartPanels'
import { DailyBrief } from './DailyBrief'
import { CampaignClosed, CampaignCreated, EarlierCampaigns, NoCampaign, type CampaignListItem } from './DashboardCampaign'
import { DashboardTable, type SortState } from './DashboardTable'
import { ProgressBar } from './ProgressBar'
import { ScheduleBadge } from './ScheduleBadge'
import { TownshipTaskSection } from './TownshipTasks'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { dashboard, dashboardPanels, followUpList, followUps, nearRelatives, paymentLedger, phases, states, village }

type AttentionLists = { overdue: AttentionSection<OverdueFollowUp>; dueSoon: AttentionSection<FollowUp> }

function Responsible({ name }: { name: string | null }) {
  const a = t.dashboardPanels.attention
  return name ? <span className="text-slate-600">{format(a.responsible, { name })}</span> : <span className="text-slate-500">{a.noResponsible}</span>
}

function FollowUpItem({ f, when, urgent }: { f: FollowUp; when: string; urgent: boolean }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 border-b border-slate-100 py-1 last:border-0">
      <span className={urgent ? 'font-medium text-red-700' : 'text-amber-800'}>{when}</span>
      <span className="badge bg-slate-100">{t.followUps[f.kind]}</span>
      <a href={`/villages/${f.villageId}`}>{f.villageName}</a>
      {f.path ? (
        <a href={f.path} className="min-w-0 text-slate-800">
          {f.title}
        </a>
      ) : (
        <span className="min-w-0 text-slate-800">{f.title}</span>
      )}
      {f.extendedFrom != null ? (
        <span className="badge bg-amber-100 text-amber-900">
          {f.extendedFrom ? format(t.followUps.extendedFrom, { date: f.extendedFrom }) : t.followUps.extended}
        </span>
      ) : null}
      <Responsible name={f.responsible} />
    </li>
  )
}

/**
 * One overdue or due-soon list: every serious item (责令整改, 举报核实, 专人督办) in the open, the other kinds in a
 * group each with its count — a <details> that opens without JavaScript, and a GET link for the whole group.
 */
function FollowUpSection<T extends FollowUp>({
  section,
  none,
  when,
  urgent,
  hrefFor,
}: {
  section: AttentionSection<T>
  none: string
  when: (f: T) => string
  urgent: boolean
  hrefFor: (kind: string) => string
}) {
  const a = t.dashboardPanels.attention
  if (section.total === 0) return <p className="text-sm text-slate-600">{none}</p>
  return (
    <div className="space-y-1">
      {section.serious.length > 0 ? (
        <ul className="text-sm" aria-label={a.seriousLabel}>
          {section.serious.map((f) => (
            <FollowUpItem key={`${f.kind}-${f.id}`} f={f} when={when(f)} urgent={urgent} />
          ))}
        </ul>
      ) : null}
      {section.groups.map((g) => (
        <details key={g.kind} open={g.open} className="rounded border border-slate-200 px-2 py-1 text-sm">
          <summary className="cursor-pointer font-medium">{format(a.group, { kind: t.followUps[g.kind], count: g.total })}</summary>
          <ul>
            {g.items.map((f) => (
              <FollowUpItem key={`${f.kind}-${f.id}`} f={f} when={when(f)} urgent={urgent} />
            ))}
          </ul>
          {g.expanded ? null : (
            <p className="mt-1">
              {format(a.shownOf, { shown: g.items.length })}
              <a href={hrefFor(g.kind)} className="ml-2">
                {format(a.showAll, { total: g.total, kind: t.followUps[g.kind] })}
              </a>
            </p>
          )}
        </details>
      ))}
    </div>
  )
}

/** One attention list: its items, or the words for none. */
function AttentionList<T>({ items, none, children: item }: { items: T[]; none: string; children: (item: T) => ReactNode }) {
  return items.length === 0 ? <p className="text-sm text-slate-600">{none}</p> : <ul className="text-sm">{items.map(item)}</ul>
}

/** A village named on an attention list, linked to its page, with what the list says about it. */
function VillageLine({ village, children }: { village: { name: string; path: string }; children: ReactNode }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 py-0.5">
      <a href={village.path} className="font-medium">
        {village.name}
      </a>
      {children}
    </li>
  )
}

function Attention({ overview, lists, hrefFor }: { overview: TownshipOverview; lists: AttentionLists; hrefFor: (kind: string) => string }) {
  const { attention } = overview
  const d = t.dashboard
  const a = t.dashboardPanels.attention
  return (
    <section aria-labelledby="attention" className="card border-amber-300">
      <h2 id="attention">{d.attention}</h2>
      <div className="mt-2 grid gap-4 md:grid-cols-2">
        <div>
          <h3 className="font-medium">{d.zeroReportVillages}</h3>
          <AttentionList items={attention.zeroReport} none={d.zeroReportNone}>
            {(v) => (
              <VillageLine key={v.id} village={v}>
                <span className={v.keyInspections > 0 ? 'text-green-700' : 'font-medium text-red-700'}>
                  {v.keyInspections > 0 ? `${d.keyInspectionDone}（${format(a.keyInspections, { count: v.keyInspections })}）` : d.keyInspectionPending}
                </span>
                <a href={`${v.path}/report`} className="text-xs">
                  {a.report}
                </a>
              </VillageLine>
            )}
          </AttentionList>
        </div>
        <div>
          <h3 className="font-medium">{d.behindVillages}</h3>
          <AttentionList items={attention.behind} none={d.behindNone}>
            {(v) => (
              <VillageLine key={v.id} village={v}>
                <span>{format(a.behindIn, { phase: t.phases[v.phase], state: t.states[v.state] ?? v.state })}</span>
                <ScheduleBadge status={v.schedule} />
              </VillageLine>
            )}
          </AttentionList>
        </div>
        <div>
          <h3 className="font-medium">
            {d.overdue}
            {lists.overdue.total > 0 ? (
              <span className="ml-1 text-sm font-normal text-red-700">{format(t.dashboardPanels.attention.count, { count: lists.overdue.total })}</span>
            ) : null}
          </h3>
          <FollowUpSection
            section={lists.overdue}
            none={d.overdueNone}
            when={(f: OverdueFollowUp) => format(d.daysOverdue, { days: f.daysOverdue })}
            urgent
            hrefFor={hrefFor}
          />
        </div>
        <div>
          <h3 className="font-medium">
            {d.dueSoon}
            {lists.dueSoon.total > 0 ? (
              <span className="ml-1 text-sm font-normal text-amber-800">{format(t.dashboardPanels.attention.count, { count: lists.dueSoon.total })}</span>
            ) : null}
          </h3>
          <p className="text-xs text-slate-600">{format(a.dueSoonWindow, { until: attention.dueSoonUntil })}</p>
          {attention.uncoveredYears.length > 0 ? (
            <p role="note" className="mt-1 rounded bg-amber-50 p-2 text-xs text-amber-900">
              {format(a.uncovered, { years: attention.uncoveredYears.join('、') })}
            </p>
          ) : null}
          <FollowUpSection section={lists.dueSoon} none={d.dueSoonNone} when={(f) => format(d.dueOn, { date: f.deadline })} urgent={false} hrefFor={hrefFor} />
        </div>
      </div>
    </section>
  )
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded border border-slate-200 px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold">{value}</dd>
    </div>
  )
}

function Totals({ overview }: { overview: TownshipOverview }) {
  const { totals } = overview
  const d = t.dashboard
  const s = t.dashboardPanels.summary
  return (
    <section aria-labelledby="totals" className="card">
      <h2 id="totals">{s.title}</h2>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        <ProgressBar label={format(s.selfInspection, { count: totals.households })} done={totals.reviewed} total={totals.households} />
        <ProgressBar label={format(s.homeVisits, { count: totals.households })} done={totals.homeVisited} total={totals.households} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
        <Figure label={d.problems} value={totals.problems} />
        <Figure label={s.unresolvedProblems} value={totals.unresolvedProblems} />
        <Figure label={s.activeHouseholds} value={totals.activeHouseholds} />
        <Figure label={s.exits} value={totals.exits} />
        <Figure label={s.newEnrolments} value={totals.newEnrolments} />
        <Figure label={s.fraudCases} value={totals.fraudCases} />
        <Figure label={s.fraudRecovered} value={money(totals.fraudRecoveredFen)} />
        <Figure label={s.fraudFine} value={money(totals.fraudFineFen)} />
        <Figure label={s.overdueFollowUps} value={totals.overdueFollowUps} />
      </dl>
      <p className="mt-2 text-xs text-slate-600">{s.definitions}</p>
      <ApprovalTotals approvals={totals.approvals} seriousSupervised={totals.seriousSupervised} />
    </section>
  )
}

export function TownshipDashboard({
  overview,
  today,
  sort,
  attentionLists,
  brief,
  exportQuery,
  duties,
  campaigns = [],
  chosenCampaign = false,
  canEdit = false,
  campaignCreated = false,
  basePath = '/dashboard',
}: {
  overview: TownshipOverview
  today: string
  sort: SortState
  /** the overdue and due-soon follow-ups: every serious one, the rest grouped by kind */
  attentionLists: AttentionLists
  /** 每日简报's text: shown on the township's own dashboard (not for an earlier campaign, nor the county's drill-down) */
  brief?: string
  /** the export links' query (?township=…), or undefined for no export links */
  exportQuery?: string
  /** the campaign's township duties and summary submission */
  duties?: CampaignDuties | null
  /** the township's campaigns, newest first */
  campaigns?: CampaignListItem[]
  /** an earlier campaign asked for by ?campaign=ID */
  chosenCampaign?: boolean
  /** a leader or administrator of the township: edits duties, submits the summary, creates a campaign */
  canEdit?: boolean
  /** just created (?campaignCreated=1) */
  campaignCreated?: boolean
  /** this page's path, for the earlier campaigns' links */
  basePath?: string
}) {
  const { township, campaign, villages, plannedPhase } = overview
  const e = t.dashboardPanels.export
  // an earlier campaign's page keeps it in its links and exports
  const campaignQuery = chosenCampaign && campaign ? `campaign=${campaign.id}` : ''
  const withCampaign = (query: string) => (campaignQuery ? `${query}${query ? '&' : '?'}${campaignQuery}` : query)
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1>{format(t.dashboard.title, { township: township.name })}</h1>
          {campaign ? (
            <p className="mt-1 text-sm text-slate-600">
              {format(t.dashboard.campaign, { name: campaign.name })} ·{' '}
              {format(t.dashboard.today, { date: today, phase: plannedPhase ? t.phases[plannedPhase] : t.phases.closed })} ·{' '}
              {format(t.dashboard.villageCount, { count: villages.length })}
            </p>
          ) : (
            <p className="mt-1 text-sm text-slate-600">{t.village.noCampaign}</p>
          )}
        </div>
        {exportQuery !== undefined ? (
          <nav aria-label={e.title} className="no-print flex flex-wrap gap-2 text-sm">
            <a href={`/dashboard.csv${withCampaign(exportQuery)}`} download className="btn-secondary min-h-0 py-1">
              {e.csv}
            </a>
            <a href={`/dashboard.json${withCampaign(exportQuery)}`} className="btn-secondary min-h-0 py-1">
              {e.json}
            </a>
          </nav>
        ) : null}
      </div>
      {campaignCreated ? <CampaignCreated /> : null}
      {campaign?.status === 'closed' ? <CampaignClosed closedOn={duties?.campaign.closedOn ?? null} /> : null}
      {campaign ? null : <NoCampaign canCreate={canEdit} />}
      {campaign ? (
        <>
          <Attention
            overview={overview}
            lists={attentionLists}
            hrefFor={(kind) => `?sort=${sort.sort}&dir=${sort.dir}&attention=${kind}${campaignQuery ? `&${campaignQuery}` : ''}#attention`}
          />
          {brief && !chosenCampaign ? <DailyBrief text={brief} /> : null}
          <p className="text-sm">
            <a href={`/follow-ups${exportQuery ?? ''}`}>{t.followUpList.dashboardLink}</a>
          </p>
          {duties ? <TownshipTaskSection duties={duties} today={today} canEdit={canEdit} /> : null}
          <p className="text-sm">
            <a href={`/near-relatives?township=${township.id}`}>{format(t.nearRelatives.register.dashboardLine, { ...overview.nearRelatives })}</a>
          </p>
          <p className="text-sm">
            <a href={`/ledger?township=${township.id}`}>{t.paymentLedger.dashboardLink}</a>
          </p>
          <Totals overview={overview} />
          <DashboardTable villages={villages} sort={sort} />
          <ChartPanels
            rows={villages}
            totals={overview.totals}
            phaseCounts={overview.phaseCounts}
            planText={format(t.dashboardPanels.charts.phasesPlan, { phase: plannedPhase ? t.phases[plannedPhase] : t.phases.closed, count: villages.length })}
            history={overview.history}
            byVillage
          />
        </>
      ) : null}
      <EarlierCampaigns campaigns={campaigns} shownId={campaign?.id ?? null} basePath={basePath} />
    </div>
  )
}

// The dashboard's notices about the campaign itself: none yet (with the way to create one), just created, closed
// (read only), and the township's earlier campaigns, each readable on the dashboard (?campaign=ID).
import { format } from '~/i18n'
import { townshipTasks } from '~/i18n/zh-CN/townshipTasks'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { townshipTasks }

export interface CampaignListItem {
  id: number
  name: string
  status: 'open' | 'closed'
  startedOn: string | null
  closedOn: string | null
}

/** No campaign yet: leaders and administrators are offered to create one. */
export function NoCampaign({ canCreate }: { canCreate: boolean }) {
  const c = t.townshipTasks.campaign
  return (
    <section aria-labelledby="no-campaign" className="card">
      <h2 id="no-campaign">{c.none}</h2>
      {canCreate ? (
        <p className="mt-2">
          <a href="/campaigns/new" className="btn">
            {c.create}
          </a>
        </p>
      ) : null}
    </section>
  )
}

export function CampaignCreated() {
  return (
    <p role="status" className="rounded bg-green-50 p-2 text-green-800">
      {t.townshipTasks.campaign.created}
    </p>
  )
}

/** A closed campaign is shown read only. */
export function CampaignClosed({ closedOn }: { closedOn: string | null }) {
  return (
    <p role="note" className="rounded border border-slate-300 bg-slate-50 p-2 text-slate-800">
      {format(t.townshipTasks.campaign.closed, { date: closedOn ?? '—' })}
    </p>
  )
}

/** 往期专项整治: every campaign of the township but the one shown, newest first, each opening on the dashboard. */
export function EarlierCampaigns({ campaigns, shownId, basePath }: { campaigns: CampaignListItem[]; shownId: number | null; basePath: string }) {
  const c = t.townshipTasks.campaign
  const newest = campaigns[0]
  const others = campaigns.filter((item) => item.id !== shownId)
  if (others.length === 0) return null
  return (
    <section aria-labelledby="earlier-campaigns" className="card">
      <h2 id="earlier-campaigns">{c.earlier}</h2>
      <ul className="mt-2 space-y-1 text-sm">
        {others.map((item) => (
          <li key={item.id} className="flex flex-wrap items-baseline gap-x-2">
            <a href={item.id === newest?.id ? basePath : `${basePath}?campaign=${item.id}`}>{item.name}</a>
            <span className="text-slate-700">
              {item.startedOn
                ? item.closedOn
                  ? format(c.dates, { from: item.startedOn, to: item.closedOn })
                  : format(c.from, { from: item.startedOn })
                : null}
            </span>
            <span className="badge bg-slate-100">{item.status === 'open' ? c.open : c.closedStatus}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

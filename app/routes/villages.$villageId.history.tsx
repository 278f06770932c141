import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { beijingTime, bracketed, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { village } from '~/i18n/zh-CN/dashboard'
import { villageHistory } from '~/i18n/zh-CN/history'
import { getVillageHistory } from '~/models/villageHistory.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, village, villageHistory }

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.villageHistory.title, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const entries = await getVillageHistory(getDb(), village.id, user)
  // words only: the page gets no action or field codes
  return json({
    village,
    entries: entries.map((e) => ({ id: e.id, at: e.at, actorName: e.actorName, label: e.label, subject: e.subject, details: e.details })),
  })
}

export default function VillageHistoryPage() {
  const { village, entries } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link to={`/villages/${village.id}`}>{format(t.village.title, { village: village.name })}</Link>
      </p>
      <h1>{format(t.villageHistory.title, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{t.villageHistory.intro}</p>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t.villageHistory.empty}</p>
      ) : (
        <ol className="card space-y-1 text-sm">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at} className="text-slate-500">
                {beijingTime(e.at)}
              </time>{' '}
              {e.actorName ?? t.village.systemActor}：{e.label}
              {e.subject ? <> · {e.subject.path ? <Link to={e.subject.path}>{e.subject.name}</Link> : e.subject.name}</> : null}
              {e.details.length ? <span className="text-slate-600">{bracketed(e.details)}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

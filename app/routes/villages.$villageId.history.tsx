import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { beijingTime, format, t } from '~/i18n'
import { getVillageHistory } from '~/models/villageHistory.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${format(t.villageHistory.title, { village: data.village.name })} · ${t.app.name}` : t.app.name }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  return json({ village, entries: await getVillageHistory(getDb(), village.id, user) })
}

export default function VillageHistoryPage() {
  const { village, entries } = useLoaderData<typeof loader>()
  const actions = t.villageHistory.actions as Record<string, string>
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm"><Link to={`/villages/${village.id}`}>{format(t.village.title, { village: village.name })}</Link></p>
      <h1>{format(t.villageHistory.title, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{t.villageHistory.intro}</p>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{t.villageHistory.empty}</p>
      ) : (
        <ol className="card space-y-1 text-sm">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at} className="text-slate-500">{beijingTime(e.at)}</time> {e.actorName ?? t.village.systemActor}：{actions[e.action] ?? e.action}
              {e.fields.length ? <span className="text-slate-600">（{e.fields.join('、')}）</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

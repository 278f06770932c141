import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ProgressBar } from '~/components/ProgressBar'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { myVillages } from '~/i18n/zh-CN/liaison'
import { phases } from '~/i18n/zh-CN/workflow'
import { listLiaisonVillages } from '~/models/liaison.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, myVillages, phases }

export const meta: MetaFunction = () => [{ title: `${t.myVillages.title} · ${t.app.name}` }]

// 我的包村: a 包村干部's villages with the dashboard's figures; each links to the village's page, where he works as
// an inspector does. Only the liaison himself opens it.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['liaison'])
  if (!user.townshipId) forbidden()
  return json(await listLiaisonVillages(getDb(), { id: user.id, townshipId: user.townshipId }, today()))
}

export default function MyVillagesPage() {
  const { campaign, villages } = useLoaderData<typeof loader>()
  const m = t.myVillages
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{m.title}</h1>
      <p className="text-sm text-slate-600">{m.intro}</p>
      <p className="text-sm">{campaign ? format(m.campaign, { name: campaign.name }) : m.noCampaign}</p>
      {villages.length === 0 ? (
        <p className="card text-sm">{m.empty}</p>
      ) : (
        <ul className="space-y-3">
          {villages.map((v) => (
            <li key={v.id} className="card space-y-2">
              <h2>
                <Link to={v.path}>{v.name}</Link>
              </h2>
              <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-600">{m.phase}</dt>
                <dd>{v.phase ? t.phases[v.phase] : m.noPhase}</dd>
                <dt className="text-slate-600">{m.openFollowUps}</dt>
                <dd>{format(m.count, { n: v.openFollowUps })}</dd>
                <dt className="text-slate-600">{m.overdueFollowUps}</dt>
                <dd className={v.overdueFollowUps > 0 ? 'font-semibold text-red-700' : undefined}>{format(m.count, { n: v.overdueFollowUps })}</dd>
              </dl>
              <ProgressBar label={`${v.name}${m.selfInspection}`} done={v.reviewed} total={v.households} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

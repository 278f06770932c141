// /exports — 打印与导出 for the signed-in user's scope: the township's summary report (.docx), problem register and
// rectification list (.xlsx), and a link to each village's own page (review forms, public notice). Leaders,
// inspectors and admins see their township; the county bureau every township of the county; a cadre is sent to
// their own village's page.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { getExportsPage } from '~/models/exports.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, exports: exportStrings }

const x = t.exports

export const meta: MetaFunction = () => [{ title: `${x.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['leader', 'inspector', 'admin', 'county', 'cadre'])
  if (user.role === 'cadre') {
    if (!user.villageId) forbidden()
    throw redirect(`/villages/${user.villageId}/exports`)
  }
  return json(await getExportsPage(getDb(), user))
}

export default function ExportsPage() {
  const { townships, canSummary } = useLoaderData<typeof loader>()
  const several = townships.length > 1
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <h1>{several || townships.length === 0 ? x.title : format(x.townshipTitle, { township: townships[0].name })}</h1>
      <p className="text-sm text-slate-600">{x.intro}</p>
      <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{x.privacy}</p>
      {several ? <h2>{x.countyTownships}</h2> : null}
      {townships.map((tw) => {
        const base = `/exports/${tw.id}`
        const Heading = several ? 'h3' : 'h2'
        return (
          <section key={tw.id} className="card space-y-4" aria-label={tw.name}>
            {several ? <h2 className="text-xl">{tw.name}</h2> : null}
            <div className="space-y-3">
              <Heading className="font-semibold">{x.townshipFiles}</Heading>
              {tw.hasCampaign ? (
                <ul className="space-y-3">
                  {canSummary ? (
                    <li>
                      <a href={`${base}/summary.docx`} download>
                        {format(x.docxOf, { title: x.summary.title })}
                      </a>
                      <p className="text-sm text-slate-600">{x.summary.description}</p>
                    </li>
                  ) : null}
                  <li>
                    <a href={`${base}/problems.xlsx`} download>
                      {format(x.xlsxOf, { title: x.problems.title })}
                    </a>
                    <p className="text-sm text-slate-600">{x.problems.description}</p>
                  </li>
                  <li>
                    <a href={`${base}/rectification.xlsx`} download>
                      {format(x.xlsxOf, { title: x.rectification.title })}
                    </a>
                    <p className="text-sm text-slate-600">{x.rectification.description}</p>
                  </li>
                </ul>
              ) : (
                <p>{x.noCampaign}</p>
              )}
              {!canSummary ? <p className="text-xs text-slate-500">{x.summary.onlyLeaders}</p> : null}
            </div>
            <div className="space-y-2">
              <Heading className="font-semibold">{x.villages}</Heading>
              <p className="text-sm text-slate-600">{x.villagesIntro}</p>
              <p className="text-xs text-slate-600">{x.villageLinkNote}</p>
              <ul className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
                {tw.villages.map((v) => (
                  <li key={v.id}>
                    <Link to={`/villages/${v.id}/exports`}>{format(x.villageLink, { village: v.name, count: v.activeHouseholds })}</Link>
                  </li>
                ))}
              </ul>
            </div>
          </section>
        )
      })}
    </div>
  )
}

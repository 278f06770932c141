import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ProgressBar } from '~/components/ProgressBar'
import { format, t } from '~/i18n'
import { listCountyTownships } from '~/models/county.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

export const meta: MetaFunction = () => [{ title: `${t.nav.county} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['county'])
  if (!user.countyName) forbidden()
  return json({ countyName: user.countyName!, townships: await listCountyTownships(getDb(), user.countyName!, today()) })
}

export default function CountyPage() {
  const { countyName, townships } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1>{format(t.county.title, { county: countyName })}</h1>
      <section className="card overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t.county.township}</th>
              <th scope="col">{t.county.villages}</th>
              <th scope="col">{t.county.households}</th>
              <th scope="col">{t.county.coverage}</th>
              <th scope="col">{t.dashboard.homeVisits}</th>
              <th scope="col">{t.county.zeroReports}</th>
              <th scope="col">{t.county.behind}</th>
              <th scope="col">{t.dashboard.overdue}</th>
            </tr>
          </thead>
          <tbody>
            {townships.map((tw) => (
              <tr key={tw.id}>
                <th scope="row">
                  <Link to={`/townships/${tw.id}`}>{tw.name}</Link>
                </th>
                <td>{tw.villages}</td>
                <td>{tw.households}</td>
                <td><ProgressBar label={`${tw.name}${t.county.coverage}`} done={tw.reviewed} total={tw.households} /></td>
                <td><ProgressBar label={`${tw.name}${t.dashboard.homeVisits}`} done={tw.homeVisited} total={tw.households} /></td>
                <td>{tw.zeroReports}</td>
                <td>{tw.behind}</td>
                <td>{tw.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

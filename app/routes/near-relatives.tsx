// 近亲属备案登记: every household of the township filed as a near relative of a village cadre or a staff member, with
// the related official, the day it was filed, and whether it was reviewed in the current campaign and by whom.
// The township's leaders, inspectors and administrators; a county user opens a township of the county with
// ?township=ID. ID numbers are masked.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { beijingTime, format } from '~/i18n'
import { app, roles } from '~/i18n/zh-CN/common'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import { getCurrentCampaign } from '~/models/campaign.server'
import { listNearRelativeRegister } from '~/models/nearRelatives.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole, requireTownshipAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, nearRelatives, roles }

const r = t.nearRelatives.register

export const meta: MetaFunction = () => [{ title: `${r.title} · ${t.app.name}` }]

async function townshipOf(request: Request): Promise<number> {
  const asked = new URL(request.url).searchParams.get('township')
  if (asked !== null) return (await requireTownshipAccess(request, asked, ['leader', 'inspector', 'admin', 'county'])).township.id
  const user = await requireRole(request, ['leader', 'inspector', 'admin'])
  if (!user.townshipId) forbidden()
  return user.townshipId
}

export async function loader({ request }: LoaderFunctionArgs) {
  const townshipId = await townshipOf(request)
  const db = getDb()
  const campaign = await getCurrentCampaign(db, townshipId)
  const register = await listNearRelativeRegister(db, { townshipId, campaignId: campaign?.id ?? null })
  return json({ campaign: campaign ? { id: campaign.id, name: campaign.name } : null, ...register })
}

export default function NearRelativeRegisterPage() {
  const { campaign, rows, counts } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-3">
      <h1>{r.title}</h1>
      <p className="text-sm text-slate-600">{r.intro}</p>
      <p className="text-sm">{campaign ? format(r.counts, counts) : r.noCampaign}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{r.none}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col">{r.village}</th>
                <th scope="col">{r.head}</th>
                <th scope="col">{r.idNumber}</th>
                <th scope="col">{r.official}</th>
                <th scope="col">{r.officialRole}</th>
                <th scope="col">{r.filedOn}</th>
                <th scope="col">{r.reviewed}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.householdId} className="border-t border-slate-200">
                  <td>{row.villageName}</td>
                  <td>
                    <Link to={`/villages/${row.villageId}/households/${row.householdId}`}>{row.headName}</Link>
                  </td>
                  <td className="font-mono">{row.maskedIdNumber}</td>
                  <td>
                    {row.officialName ?? '—'}
                    {row.note ? <span className="block text-xs text-slate-600">{row.note}</span> : null}
                  </td>
                  <td>
                    {row.officialRole
                      ? `${t.roles[row.officialRole]}${row.officialVillageName ? `·${row.officialVillageName}` : ''}`
                      : row.officialName
                        ? r.noAccount
                        : '—'}
                  </td>
                  <td>{row.filedOn ?? t.nearRelatives.noDate}</td>
                  <td>
                    {row.reviewedAt ? <span title={beijingTime(row.reviewedAt)}>{format(r.reviewedBy, { name: row.reviewedBy ?? '—' })}</span> : r.notReviewed}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

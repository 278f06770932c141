import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { format } from '~/i18n'
import { accountImport } from '~/i18n/zh-CN/accountImport'
import { admin, users } from '~/i18n/zh-CN/admin'
import { app, roles } from '~/i18n/zh-CN/common'
import { campaignWindows } from '~/i18n/zh-CN/dashboard'
import { reportPhone } from '~/i18n/zh-CN/publicNotices'
import { getTownshipName } from '~/models/townshipAdmin.server'
import { listTownshipUsers } from '~/models/users.server'
import { getDb } from '~/utils/db.server'
import { forbidden, requireRole } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { accountImport, admin, app, campaignWindows, reportPhone, roles, users }

export const meta: MetaFunction = () => [{ title: `${t.admin.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['admin'])
  const townshipId = user.townshipId
  if (!townshipId) forbidden()
  const db = getDb()
  const [townshipName, users] = await Promise.all([getTownshipName(db, townshipId), listTownshipUsers(db, townshipId)])
  return json({ townshipName, users })
}

export default function AdminPage() {
  const { townshipName, users } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1>{t.admin.title}</h1>
      <p className="text-sm text-slate-600">{format(t.admin.township, { name: townshipName })}</p>
      <ul className="flex flex-wrap gap-3 text-sm">
        <li>
          <Link to="/admin/holidays">{t.admin.holidaysLink}</Link>
        </li>
        <li>
          <Link to="/campaign/windows">{t.campaignWindows.title}</Link>
        </li>
        <li>
          <Link to="/admin/users/new">{t.admin.newUser}</Link>
        </li>
        <li>
          <Link to="/admin/users/import">{t.accountImport.link}</Link>
        </li>
        <li>
          <Link to="/admin/villages">{t.admin.villagesLink}</Link>
        </li>
        <li>
          <Link to="/admin/township">{t.reportPhone.link}</Link>
        </li>
      </ul>
      <section className="card overflow-x-auto" aria-labelledby="users-heading">
        <h2 id="users-heading">{t.admin.users}</h2>
        <table className="table mt-2">
          <thead>
            <tr>
              <th scope="col">{t.admin.username}</th>
              <th scope="col">{t.admin.displayName}</th>
              <th scope="col">{t.admin.role}</th>
              <th scope="col">{t.admin.scope}</th>
              <th scope="col">{t.admin.active}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`} aria-label={`${t.admin.edit} ${u.username}`}>
                    {u.username}
                  </Link>
                </td>
                <td>{u.display_name}</td>
                <td>
                  {t.roles[u.role]}
                  {u.civil_affairs === 1 ? <span className="badge ml-1 bg-sky-100 text-sky-900">{t.users.civilAffairsBadge}</span> : null}
                </td>
                <td>
                  {u.liaisonVillages.length
                    ? format(t.admin.liaisonScope, { names: u.liaisonVillages.map((v) => v.name).join('、') })
                    : (u.villageName ?? townshipName)}
                </td>
                <td>{u.active ? t.admin.activeYes : t.admin.activeNo}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

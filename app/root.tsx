import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import stylesheet from '~/tailwind.css'
import { format } from '~/i18n'
import { app, errors, nav, requestLimits, roles } from '~/i18n/zh-CN/common'
import { getCurrentUser, type CurrentUser } from '~/utils/auth.server'
import { navCountsFor } from '~/models/navCounts.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { useNonce } from '~/utils/nonce'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, errors, nav, requestLimits, roles }

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: `${t.app.name} · ${t.app.tagline}` }]

// The root loader only finds out who is signed in, for the navigation. It protects nothing:
// every route checks access itself (app/utils/permissions.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request)
  // how many items wait on each of the person's work pages, for the count beside its link (app/models/navCounts.server.ts)
  const navCounts = await navCountsFor(getDb(), user, today())
  return json({ user, navCounts })
}

const NAV = {
  dashboard: { to: '/dashboard', label: t.nav.dashboard },
  complaints: { to: '/complaints', label: t.nav.complaints },
  exports: { to: '/exports', label: t.nav.exports },
  import: { to: '/import', label: t.nav.import },
  windows: { to: '/campaign/windows', label: t.nav.campaignWindows },
  admin: { to: '/admin', label: t.nav.admin },
  county: { to: '/county', label: t.nav.county },
  countyAdmin: { to: '/county/admin', label: t.nav.countyAdmin },
  myVillages: { to: '/my-villages', label: t.nav.myVillages },
  work: { to: '/work', label: t.nav.work },
  approvals: { to: '/approvals', label: t.nav.approvals },
  crosscheck: { to: '/crosscheck', label: t.nav.crosscheck },
  countySample: { to: '/county/sample', label: t.nav.countySample },
}
type NavKey = keyof typeof NAV

/** The navigation of each township-wide role; any other has 工作总览, 举报 and 打印与导出. */
const NAV_BY_ROLE: Partial<Record<CurrentUser['role'], NavKey[]>> = {
  county: ['county', 'countySample', 'crosscheck', 'exports'],
  admin: ['dashboard', 'complaints', 'exports', 'import', 'windows', 'admin'],
  leader: ['dashboard', 'complaints', 'exports', 'import', 'windows', 'crosscheck', 'countySample'],
  // 包村干部: only his villages, nothing township-wide (docs/decisions/009)
  liaison: ['work', 'myVillages'],
  inspector: ['work', 'dashboard', 'complaints', 'exports'],
}

function navFor(user: CurrentUser): Array<{ to: string; label: string }> {
  // 审批 (ADR 010): for those who act in the chain — the village's cadre, a leader, the 镇民政所, the county
  const approvals = user.role === 'cadre' || user.role === 'leader' || user.role === 'county' || user.civilAffairs ? [NAV.approvals] : []
  if (user.role === 'cadre') return user.villageId ? [{ to: `/villages/${user.villageId}`, label: t.nav.myVillage }, ...approvals] : []
  if (user.role === 'county' && user.countyAdmin)
    return [...(['county', 'countySample', 'crosscheck', 'countyAdmin', 'exports'] as const).map((key) => NAV[key]), ...approvals]
  return [...(NAV_BY_ROLE[user.role] ?? ['dashboard', 'complaints', 'exports']).map((key) => NAV[key]), ...approvals]
}

function Shell({ user, navCounts = {}, children }: { user: CurrentUser | null; navCounts?: Record<string, number>; children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only">
          {t.app.skipToContent}
        </a>
        <header className="no-print border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2">
            <Link to="/" className="text-lg font-bold text-blue-800 no-underline">
              {t.app.name}
            </Link>
            {user ? (
              <>
                <nav aria-label={t.app.mainNav} className="flex flex-wrap gap-3">
                  {navFor(user).map((item) => (
                    <Link key={item.to} to={item.to} className="no-underline hover:underline">
                      {item.label}
                      {/* the count of items waiting there (navCounts, keyed by the link's path) */}
                      {navCounts[item.to] ? (
                        <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white">
                          <span aria-hidden="true">{navCounts[item.to]}</span>
                          <span className="sr-only">{format(t.nav.workCount, { count: navCounts[item.to] })}</span>
                        </span>
                      ) : null}
                    </Link>
                  ))}
                </nav>
                <div className="ml-auto flex items-center gap-2 text-sm text-slate-600">
                  <span>{format(t.app.signedInAs, { name: user.displayName, role: t.roles[user.role] })}</span>
                  <Form method="post" action="/logout">
                    <button type="submit" className="rounded border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-100">
                      {t.app.signOut}
                    </button>
                  </Form>
                </div>
              </>
            ) : null}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-3 py-4">
          {children}
        </main>
        <footer className="no-print mx-auto max-w-6xl px-3 py-6 text-xs text-slate-500">{t.app.footer}</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const { user, navCounts } = useLoaderData<typeof loader>()
  return (
    <Shell user={user} navCounts={navCounts}>
      <Outlet />
    </Shell>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const data = useRouteLoaderData<typeof loader>('root')
  let title: string = t.errors.genericTitle
  let message: string = t.errors.generic
  let status = 500
  if (isRouteErrorResponse(error)) {
    status = error.status
    if (error.status === 403) {
      title = t.errors.forbiddenTitle
      message = t.errors.forbidden
    } else if (error.status === 404) {
      title = t.errors.notFoundTitle
      message = t.errors.notFound
    } else if (typeof error.data?.refusal === 'string') {
      // a form refused before it was parsed (app/utils/forms.server.ts): its Chinese reason, never the input
      title = t.requestLimits.title
      message = error.data.refusal
    }
  }
  return (
    <Shell user={data?.user ?? null} navCounts={data?.navCounts}>
      <div className="card mx-auto max-w-lg">
        <h1>{title}</h1>
        <p className="mt-2 text-slate-700">{message}</p>
        <p className="mt-1 text-xs text-slate-500">HTTP {status}</p>
        <p className="mt-4">
          <Link to="/">{t.errors.backHome}</Link>
        </p>
      </div>
    </Shell>
  )
}

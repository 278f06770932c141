// 我的待办: where an inspector or a 包村干部 lands. Everything that is theirs to do now, each with its deadline and a
// one-tap link to the page where it is done (app/models/inspectorWorkList.server.ts decides what and whose).
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { workList } from '~/i18n/zh-CN/inspectorDay'
import { problems } from '~/i18n/zh-CN/problems'
import { listInspectorWork } from '~/models/inspectorWorkList.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireRole } from '~/utils/permissions.server'
import { daysBetween } from '../../workflows/rules/dates'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, problems, workList }

export const meta: MetaFunction = () => [{ title: `${t.workList.title} · ${t.app.name}` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['inspector', 'liaison'])
  const day = today()
  const items = await listInspectorWork(getDb(), user, day)
  return json({ items, today: day, liaison: user.role === 'liaison' })
}

export default function WorkListPage() {
  const { items, today: day, liaison } = useLoaderData<typeof loader>()
  const w = t.workList
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1>{w.title}</h1>
      <p className="text-sm text-slate-600">{liaison ? w.introLiaison : w.introInspector}</p>
      {liaison ? (
        <p className="text-sm">
          <Link to="/my-villages">{w.myVillages}</Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p className="card text-sm">{w.empty}</p>
      ) : (
        <>
          <p className="text-sm font-medium">{format(w.total, { count: items.length })}</p>
          <ul className="space-y-3">
            {items.map((item) => {
              const title = format(w.titles[item.kind], { village: item.villageName, id: item.recordId ?? '' })
              return (
                <li key={item.key} className="card space-y-2">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="badge bg-slate-100">{w.kinds[item.kind]}</span>
                    {item.overdue && item.deadlineOn ? (
                      <span className="badge bg-red-100 text-red-800">{format(w.overdue, { days: daysBetween(item.deadlineOn, day) })}</span>
                    ) : null}
                    <span className={item.overdue ? 'font-medium text-red-700' : 'text-slate-600'}>
                      {item.deadlineOn ? format(w.deadline, { date: item.deadlineOn }) : w.noDeadline}
                    </span>
                  </p>
                  <h2 className="text-base">{title}</h2>
                  {item.summary ? <p className="line-clamp-2 break-words text-sm text-slate-700">{item.summary}</p> : null}
                  {item.problemStatus ? (
                    <p className="text-sm text-slate-600">{format(w.problemStatus, { status: t.problems.statuses[item.problemStatus] })}</p>
                  ) : null}
                  <Link to={item.path} className="btn no-underline" aria-label={`${w.actions[item.kind]}：${title}`}>
                    {w.actions[item.kind]}
                  </Link>
                </li>
              )
            })}
          </ul>
        </>
      )}
    </div>
  )
}

// 待办事项 on the village page (issue 17): what waits on the village, each with its deadline and one link that says
// what to do, then what waits on the township. Plain links: works without JavaScript on a 360-px phone.
import { Link } from '@remix-run/react'
import { format } from '~/i18n'
import { villageWork } from '~/i18n/zh-CN/villageWork'
import type { VillageWorkItem, VillageWorkList as WorkList } from '~/models/villageWorkList.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { villageWork }

function Deadline({ item }: { item: VillageWorkItem }) {
  const w = t.villageWork
  if (item.deadline === null) return item.kind === 'report' ? null : <span className="text-slate-500">{w.noDeadline}</span>
  const due = format(item.deadlineIsNoticeEnd ? w.noticeEnds : w.deadline, { date: item.deadline })
  // overdue is said in words and in red, never by colour alone
  if (item.daysOverdue > 0)
    return (
      <span className="font-medium text-red-700">
        {due} · {format(w.overdue, { days: item.daysOverdue })}
      </span>
    )
  const left = item.workingDaysLeft === 0 ? w.dueToday : format(w.workingDaysLeft, { days: item.workingDaysLeft ?? 0 })
  return (
    <span className={item.workingDaysLeft !== null && item.workingDaysLeft <= 1 ? 'text-amber-800' : 'text-slate-700'}>
      {due} · {left}
    </span>
  )
}

function Item({ item }: { item: VillageWorkItem }) {
  const w = t.villageWork
  return (
    <li className="py-2">
      <p className="text-sm">
        <span className="badge bg-slate-100 text-slate-800">{w.kinds[item.kind]}</span> <span className="text-slate-600">{item.state}</span>
      </p>
      <p className="mt-0.5 break-words">{item.title}</p>
      <div className="mt-1 flex flex-wrap items-center justify-between gap-2 text-sm">
        <Deadline item={item} />
        {item.next ? (
          <Link
            to={item.next.path}
            className="btn-secondary no-underline"
            aria-label={format(w.actionFor, { action: item.next.label, item: item.title.slice(0, 40) })}
          >
            {item.next.label}
          </Link>
        ) : null}
      </div>
    </li>
  )
}

export function VillageWorkList({ list }: { list: WorkList }) {
  const w = t.villageWork
  return (
    <section className="card" aria-labelledby="work-list-heading">
      <h2 id="work-list-heading">{w.title}</h2>
      <h3 className="mt-2 font-medium">{format(w.villageHeading, { count: list.village.length })}</h3>
      {list.village.length === 0 ? (
        <p className="text-sm text-slate-600">{w.none}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.village.map((item) => (
            <Item key={item.key} item={item} />
          ))}
        </ul>
      )}
      {list.township.length > 0 ? (
        <>
          <h3 className="mt-3 font-medium">{format(w.townshipHeading, { count: list.township.length })}</h3>
          <ul className="divide-y divide-slate-100">
            {list.township.map((item) => (
              <Item key={item.key} item={item} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

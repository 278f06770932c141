// The conflict page's notice (first written for the review form): someone saved this record after the form was
// opened, so nothing was saved; each changed item with their value, what this person sent, who and when.
// Used by the review form, the user form, the phase windows and the checklist.
import type { ReactNode } from 'react'
import { beijingTime } from '~/i18n'
import { households } from '~/i18n/zh-CN/households'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { households }

export interface ConflictItem {
  key: string
  label: string
  theirs: string
  mine: string
  by: string | null
  at: string | null
}

export function ConflictNotice({ title, intro, items, children }: { title: string; intro: string; items: ConflictItem[]; children?: ReactNode }) {
  const c = t.households.conflict
  return (
    <section role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
      <h2 className="text-base">{title}</h2>
      <p className="mt-1 text-sm">{intro}</p>
      <ul className="mt-2 space-y-2 text-sm">
        {items.map((item) => (
          <li key={item.key} className="rounded bg-white p-2">
            <p className="font-medium">{item.label}</p>
            <p>
              {c.theirs}：{item.theirs}
            </p>
            <p>
              {c.mine}：{item.mine}
            </p>
            <p className="text-xs text-slate-600">
              {c.who}：{item.by ?? '—'}
              {item.at ? `，${c.when}：${beijingTime(item.at)}` : ''}
            </p>
          </li>
        ))}
      </ul>
      {children}
    </section>
  )
}

/** A stored or sent value as the notice shows it: empty as （空）, booleans as 是/否. */
export function shownValue(value: unknown): string {
  const c = t.households.conflict
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return c.empty
  if (typeof value === 'boolean') return value ? c.yes : c.no
  return String(value)
}

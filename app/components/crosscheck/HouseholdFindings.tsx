// 信息核对发现: what other departments' lists say of a household (its head or members), each with its source and the
// data's date, on the household's review form. The review asks for a note on it (重点核查, 情况说明).
import { format } from '~/i18n'
import { departmentLists } from '~/i18n/zh-CN/departmentLists'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { departmentLists }

export interface FindingItem {
  sourceLabel: string
  personName: string
  isHead: boolean
  line: string
}

export function HouseholdFindings({ findings }: { findings: FindingItem[] }) {
  const h = t.departmentLists.household
  if (findings.length === 0) return null
  return (
    <section className="card space-y-2 border-amber-300 bg-amber-50" aria-labelledby="household-crosscheck">
      <h2 id="household-crosscheck" className="text-base">
        {h.heading}
      </h2>
      <p className="text-sm text-slate-700">{h.intro}</p>
      <ul className="list-disc space-y-1 pl-5 text-sm text-amber-900">
        {findings.map((f, i) => (
          <li key={i}>
            {f.isHead ? null : format(h.person, { name: f.personName })}
            {f.line}
          </li>
        ))}
      </ul>
    </section>
  )
}

// 家庭成员 as a read-only table (ID numbers masked by the model): the household's review page, the members page and
// the printed 复核认定情况登记表 show it. On a narrow phone the table scrolls sideways inside its own box.
import { format } from '~/i18n'
import { members } from '~/i18n/zh-CN/members'
import type { MemberView } from '~/models/householdMembers.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { members }

const m = t.members

/** The member table; `caption` names it for screen readers (and on paper). */
export function MemberTable({ members, caption, className }: { members: MemberView[]; caption?: string; className?: string }) {
  if (members.length === 0) return <p className="text-sm text-slate-600">{m.none}</p>
  return (
    // a box that scrolls is reachable by keyboard and named (axe: scrollable-region-focusable)
    <div className={className ?? 'overflow-x-auto'} role="region" aria-label={caption ?? m.table} tabIndex={0}>
      <table className="table [&_td]:px-1.5 [&_th]:px-1.5">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{m.columns.name}</th>
            <th scope="col">{m.columns.relation}</th>
            <th scope="col">{m.columns.idNumber}</th>
            <th scope="col">{m.columns.covered}</th>
            <th scope="col">{m.columns.health}</th>
            <th scope="col">{m.columns.disability}</th>
            <th scope="col">{m.columns.workStatus}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <th scope="row" className="whitespace-nowrap bg-white font-normal">
                {member.name}
              </th>
              <td className="whitespace-nowrap">{m.relations[member.relation]}</td>
              <td className="whitespace-nowrap font-mono">{member.maskedIdNumber ?? '—'}</td>
              <td>{member.covered ? m.yes : m.no}</td>
              <td className="whitespace-nowrap">{m.health[member.health]}</td>
              <td>{m.disability[member.disability]}</td>
              <td>{m.workStatus[member.workStatus]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** 家庭成员（N人，保障M人） */
export function memberSectionTitle(members: MemberView[]): string {
  return format(m.section, { members: members.length, covered: members.filter((x) => x.covered).length })
}

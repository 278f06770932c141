// 审批进度 on the dashboard: a village's proposals by where they are (待镇审核 · 公示中(异议) · 已批准 · 退回 · 逾期), as a
// table cell that wraps on a 360-px phone, and the township's figures.
import { format } from '~/i18n'
import { approvalProgress } from '~/i18n/zh-CN/approvalProgress'
import type { ApprovalCounts } from '~/models/approvalBuckets'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { approvalProgress }

const SHOWN = ['proposed', 'inNotice', 'countyApproved', 'returned', 'overdue'] as const

/** One village's cell: each non-zero bucket as "待镇审核 2", objections beside the notice; "无" when it has none. */
export function ApprovalProgressCell({ village, approvals }: { village: string; approvals: ApprovalCounts }) {
  const a = t.approvalProgress
  const any = SHOWN.some((k) => approvals[k] > 0)
  if (!any) return <span className="text-slate-600">{a.none}</span>
  return (
    <ul aria-label={format(a.cellLabel, { village, ...approvals })} className="flex min-w-[6.5rem] flex-wrap gap-x-2 text-xs">
      {SHOWN.filter((k) => approvals[k] > 0).map((k) => (
        <li key={k} className={k === 'overdue' ? 'whitespace-nowrap font-semibold text-red-700' : 'whitespace-nowrap'}>
          {a[k]} {approvals[k]}
          {k === 'inNotice' && approvals.objections > 0 ? (
            <span className="text-amber-800">
              （{a.objections} {approvals.objections}）
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

/** The township's approval figures, for the totals panel. */
export function ApprovalTotals({ approvals, seriousSupervised }: { approvals: ApprovalCounts; seriousSupervised: number }) {
  const a = t.approvalProgress
  const figures: Array<[string, number, boolean]> = [
    [a.proposed, approvals.proposed, false],
    [a.townshipReviewed, approvals.townshipReviewed, false],
    [a.inNotice, approvals.inNotice, false],
    [a.objections, approvals.objections, approvals.objections > 0],
    [a.countyApproved, approvals.countyApproved, false],
    [a.returned, approvals.returned, false],
    [a.overdue, approvals.overdue, approvals.overdue > 0],
    [a.seriousSupervised, seriousSupervised, false],
  ]
  return (
    <section aria-labelledby="approval-progress" className="mt-3">
      <h3 id="approval-progress" className="font-medium">
        {a.title}
      </h3>
      <p className="text-xs text-slate-600">{a.totalsHint}</p>
      <dl className="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
        {figures.map(([label, n, urgent]) => (
          <div key={label} className="rounded border border-slate-200 px-3 py-2">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className={urgent ? 'text-lg font-semibold text-red-700' : 'text-lg font-semibold'}>{n}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

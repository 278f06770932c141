import { format } from '~/i18n'
import { schedule } from '~/i18n/zh-CN/workflow'
import type { ScheduleStatus } from '../../workflows/rules/schedule'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { schedule }

export function ScheduleBadge({ status }: { status: ScheduleStatus }) {
  if (status.kind === 'behind') return <span className="badge bg-red-100 text-red-800">{format(t.schedule.behind, { days: status.days })}</span>
  if (status.kind === 'done') return <span className="badge bg-green-100 text-green-800">{t.schedule.done}</span>
  return <span className="badge bg-slate-100 text-slate-700">{t.schedule.onSchedule}</span>
}

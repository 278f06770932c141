// The four phases as a plain progress line (动员部署 → 全面排查 → 检查督导 → 总结整改): done steps ticked, the
// current one marked, and in words what the next step forward still waits for. The full state chart is one link away.
import { Link } from '@remix-run/react'
import { format } from '~/i18n'
import { phaseProgress } from '~/i18n/zh-CN/inspectorDay'
import { phases, workflowEvents, workflowRefusals } from '~/i18n/zh-CN/workflow'
import type { PhaseProgressView } from '~/models/phaseProgress.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { phaseProgress, phases, workflowEvents, workflowRefusals }

const MARK = { done: '✓', current: '●', todo: '○' } as const
const STYLE = {
  done: 'border-green-600 bg-green-50 text-green-900',
  current: 'border-blue-700 bg-blue-700 text-white font-semibold',
  todo: 'border-slate-300 bg-white text-slate-600',
} as const

export function PhaseProgress({ progress, detailPath }: { progress: PhaseProgressView; detailPath: string }) {
  const p = t.phaseProgress
  return (
    <div className="space-y-2">
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {progress.steps.map((step) => (
          <li
            key={step.phase}
            aria-current={step.status === 'current' ? 'step' : undefined}
            className={`rounded border px-2 py-1 text-sm ${STYLE[step.status]}`}
          >
            <span aria-hidden="true">{MARK[step.status]} </span>
            {t.phases[step.phase]}
            <span className="sr-only">（{p[step.status]}）</span>
          </li>
        ))}
      </ol>
      {progress.closed ? <p className="text-sm">{p.closed}</p> : null}
      {progress.next ? (
        <p className="text-sm">
          {format(p.next, { event: t.workflowEvents[progress.next] })}
          {progress.refusal ? format(p.blocked, { reason: format(t.workflowRefusals[progress.refusal.code], progress.refusal.params) }) : p.ready}
        </p>
      ) : null}
      <p className="no-print text-sm">
        <Link to={detailPath}>{p.detailLink}</Link>
      </p>
    </div>
  )
}

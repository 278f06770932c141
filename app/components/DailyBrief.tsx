// 每日简报 on the dashboard: the text in a read-only text area (selectable and copyable by hand without JavaScript),
// and, once the page's script runs, a button that copies it.
import { useEffect, useState } from 'react'
import { dailyBrief } from '~/i18n/zh-CN/leaderDay'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { dailyBrief }

export function DailyBrief({ text }: { text: string }) {
  const b = t.dailyBrief
  const [canCopy, setCanCopy] = useState(false)
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => setCanCopy(typeof navigator !== 'undefined' && Boolean(navigator.clipboard)), [])
  const rows = Math.min(14, text.split('\n').length + 1)
  return (
    <section aria-labelledby="daily-brief" className="card">
      <h2 id="daily-brief">{b.title}</h2>
      <p className="mt-1 text-sm text-slate-600">{b.intro}</p>
      <label htmlFor="daily-brief-text" className="mt-2 block text-sm font-medium">
        {b.label}
      </label>
      <textarea id="daily-brief-text" readOnly rows={rows} value={text} className="mt-1 w-full rounded border border-slate-300 p-2 text-sm leading-relaxed" />
      <div className="mt-1 flex flex-wrap items-center gap-3 text-sm">
        {canCopy ? (
          <button
            type="button"
            className="btn-secondary min-h-0 py-1"
            onClick={() => {
              navigator.clipboard.writeText(text).then(
                () => setStatus('copied'),
                () => setStatus('failed'),
              )
            }}
          >
            {b.copy}
          </button>
        ) : (
          <span className="text-slate-600">{b.selectHint}</span>
        )}
        <a href="/brief.txt">{b.txtLink}</a>
        <span role="status" className={status === 'failed' ? 'text-red-700' : 'text-green-700'}>
          {status === 'copied' ? b.copied : status === 'failed' ? b.copyFailed : ''}
        </span>
      </div>
    </section>
  )
}

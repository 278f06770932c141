// A progress bar that is also text: the figure is readable without CSS, charts or JavaScript.
import { percentFloor } from '~/utils/format'

/** `showLabel={false}` where a table header already names the figure: the label then stays for screen readers. */
export function ProgressBar({ label, done, total, showLabel = true }: { label: string; done: number; total: number; showLabel?: boolean }) {
  const percent = percentFloor(done, total)
  const colour = percent >= 100 ? 'bg-green-600' : percent >= 80 ? 'bg-blue-600' : percent >= 50 ? 'bg-amber-500' : 'bg-red-500'
  return (
    <div className="min-w-[7rem]">
      <div className="flex justify-between gap-2 text-xs text-slate-600">
        {showLabel ? <span>{label}</span> : null}
        <span>
          {percent}%（{done}/{total}）
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%，${done}/${total}`}
        className="mt-0.5 h-2 w-full rounded bg-slate-200"
      >
        <div className={`h-2 rounded ${colour}`} style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
    </div>
  )
}

// The frame a single record's page shares (a report, a rectification order): its heading with the way back, the
// notice of what was just saved, and its history as a dated list. The words come from the page (app/i18n).
import { Link } from '@remix-run/react'
import { beijingTime, format } from '~/i18n'
import { problems } from '~/i18n/zh-CN/problems'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { problems }

/** The page's kicker, its heading and the link back to the list it belongs to. */
export function RecordHeading({ kicker, heading, backTo, backLabel }: { kicker: string; heading: string; backTo: string; backLabel: string }) {
  return (
    <>
      <div>
        <p className="text-sm text-slate-600">{kicker}</p>
        <h1 className="break-words">{heading}</h1>
      </div>
      <p className="no-print text-sm">
        <Link to={backTo}>{backLabel}</Link>
      </p>
    </>
  )
}

/** What the last save did, and the years a working-day deadline ran into that the official calendar does not hold. */
export function SavedNotices({ done, uncoveredYears }: { done: string | null; uncoveredYears: string | null }) {
  return (
    <>
      {done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {done}
        </p>
      ) : null}
      {uncoveredYears ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-amber-900">
          {format(t.problems.deadline.uncovered, { years: uncoveredYears })}
        </p>
      ) : null}
    </>
  )
}

export interface HistoryItem {
  key: string | number
  /** when, as an ISO instant */
  at: string
  /** who did what */
  text: string
  /** what was recorded with it, one line each */
  details: string[]
  /** a step of the village's workflow rather than of the record itself, shown quieter */
  muted?: boolean
}

/** A record's history, oldest first, with the page's own title and its words for "nothing yet". */
export function HistorySection({ title, empty, items }: { title: string; empty: string; items: HistoryItem[] }) {
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{title}</h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ol className="mt-2 space-y-2 text-sm">
          {items.map((h) => (
            <li key={h.key} className={h.muted ? 'border-b border-slate-100 pb-1 text-slate-600' : 'border-b border-slate-100 pb-1'}>
              <time dateTime={h.at} className="text-slate-500">
                {beijingTime(h.at)}
              </time>{' '}
              {h.text}
              {h.details.map((d, i) => (
                <span key={i} className="block whitespace-pre-line break-words text-slate-700">
                  {d}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

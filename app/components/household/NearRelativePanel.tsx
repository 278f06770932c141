// The household page's 近亲属备案 panel: whether the household is filed as a near relative of a cadre or staff
// member, the related official and the day; the link to the filing form for those who may file; and, for the
// related official, the recusal in place of the review form.
import { Link } from '@remix-run/react'
import { format } from '~/i18n'
import { nearRelatives } from '~/i18n/zh-CN/nearRelatives'
import type { MustReviewBy, NearRelativeFilingView } from '~/models/nearRelatives.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { nearRelatives }

const n = t.nearRelatives

export function recusalMessage(by: MustReviewBy): string {
  return by.kind === 'leader' ? format(n.recusedLeader, { name: by.name }) : n.recusedOffice
}

export function NearRelativePanel({
  filing,
  editPath,
  saved,
  standIn = false,
}: {
  filing: NearRelativeFilingView
  editPath: string | null
  saved: boolean
  /** a leader, inspector or 包村干部 who may review this filed household in the village's place */
  standIn?: boolean
}) {
  return (
    <section className="card text-sm" aria-labelledby="near-relative">
      <h2 id="near-relative" className="text-base">
        {n.section}
      </h2>
      {saved ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-800">
          {n.saved}
        </p>
      ) : null}
      {filing.filed ? (
        <p>
          {n.filedYes}。{format(n.summary, { official: filing.officialName ?? '—', date: filing.filedOn ?? n.noDate })}
          {filing.note ? `（${filing.note}）` : ''}
        </p>
      ) : (
        <p className="text-slate-600">{n.notFiled}</p>
      )}
      {standIn ? <p className="mt-1 text-slate-700">{n.standIn}</p> : null}
      {editPath ? (
        <p className="mt-1">
          <Link to={editPath}>{n.edit}</Link>
        </p>
      ) : null}
    </section>
  )
}

/** In place of the review form, for the related official (or the refusal of their save). */
export function RecusalNotice({ mustReviewBy, message }: { mustReviewBy: MustReviewBy | null; message: string | null }) {
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
      {message ?? (mustReviewBy ? recusalMessage(mustReviewBy) : n.recusedOffice)}
    </p>
  )
}

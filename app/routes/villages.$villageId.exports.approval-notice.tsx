// 审核结果公示 of a village, print-ready (A4; readable on a phone): the proposals in their notice period, one sheet per
// period, with the 举报电话 and where to object. Everyone who may open the village may print it (recorded); the
// township's leaders, administrators and 镇民政所 post it with 发布公示 (a plain POST; not without a 举报电话).
import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { PrintButton } from '~/components/ReviewFormSheet'
import { beijingTime, format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { paper } from '~/i18n/zh-CN/paper'
import { approvalNotice, reportPhone } from '~/i18n/zh-CN/publicNotices'
import { parsePublishForm } from '~/forms/approvalNotice.server'
import { getApprovalNoticePage, mayPublishNotice, publishApprovalNotice } from '~/models/approvalNoticePublish.server'
import { exportContext } from '~/models/exports.server'
import { clientAddress } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { yuanDigits } from '~/utils/format'
import { readForm, refusal } from '~/utils/forms.server'
import { forbidden, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvalNotice, exports: exportStrings, paper, reportPhone }

const a = t.approvalNotice
const x = t.exports

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(a.pageTitle, { village: data.notice.village.name })} · ${t.app.name}` : t.app.name },
]

// personal data: no cache keeps the page
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const page = await getApprovalNoticePage(getDb(), exportContext(request, user), village)
  return json({ ...page, isAdmin: user.role === 'admin' })
}

const REFUSALS = { nothingToPublish: [a.nothingToPublish, 422], stale: [a.stale, 409], alreadyPublished: [a.alreadyPublished, 409] } as const

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  if (!mayPublishNotice(user)) forbidden()
  const form = parsePublishForm(await readForm(request))
  // thrown, not returned: a refused form renders the error page, so the page's loader (which records a print) does not run
  if (!form) throw refusal('malformed', new URL(request.url).pathname)
  const result = await publishApprovalNotice(getDb(), { village, ...form, actor: user, at: now(), ip: clientAddress(request) })
  if (result.ok) return redirect(`/villages/${village.id}/exports/approval-notice?published=1`)
  const [message, status] = result.kind === 'noPhone' ? [t.reportPhone.missing, 422] : REFUSALS[result.kind]
  return json({ message }, { status })
}

const NOTICE_CSS = `
@page { size: A4 portrait; margin: 16mm 18mm 16mm 18mm; }
@media print {
  html, body { background: #fff !important; font-size: 11pt; }
  main { max-width: none !important; padding: 0 !important; }
  .notice-sheet { box-shadow: none !important; border: 0 !important; border-radius: 0 !important; padding: 0 !important; max-width: none !important; }
  .notice-sheet + .notice-sheet { break-before: page; page-break-before: always; }
  .notice-sheet thead { display: table-header-group; }
  .notice-sheet tr { break-inside: avoid; page-break-inside: avoid; }
  .notice-sheet th { background: transparent !important; }
}
.notice-sheet table { border-collapse: collapse; width: 100%; }
.notice-sheet th, .notice-sheet td { border: 1px solid #334155; padding: 4px 6px; }
.notice-sheet th { background: #f1f5f9; font-weight: 600; text-align: center; }
.notice-sheet td.amount { text-align: right; font-variant-numeric: tabular-nums; }
`

export default function ApprovalNoticePage() {
  const { notice, published, mayPublish, isAdmin } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const [search] = useSearchParams()
  const base = `/villages/${notice.village.id}/exports`
  const count = notice.sheets.reduce((n, s) => n + s.rows.length, 0)
  return (
    <div className="mx-auto max-w-3xl">
      <style dangerouslySetInnerHTML={{ __html: NOTICE_CSS }} />
      <div className="no-print mb-4 space-y-3">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to={base}>{x.backToExports}</Link>
          <a href={`${base}/approval-notice.xlsx`} download>
            {x.xlsx}
          </a>
          <Link to={`${base}/objection-record`}>{t.paper.objections.title}</Link>
        </p>
        <h1>{format(a.pageTitle, { village: notice.village.name })}</h1>
        <p className="text-sm text-slate-600">{a.description}</p>
        <p className="text-sm">{format(a.count, { count })}</p>
        {search.get('published') && !answer ? (
          <p role="status" className="rounded bg-green-50 p-2 text-green-800">
            {a.published}
          </p>
        ) : null}
        {answer ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
            {answer.message}
          </p>
        ) : null}
        {!notice.reportPhone ? (
          <p role="alert" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
            {t.reportPhone.missing} {isAdmin ? <Link to="/admin/township">{a.setPhone}</Link> : null}
          </p>
        ) : null}
        {count ? <PrintButton label={x.printButton} hint={x.printHint} /> : null}
      </div>

      {notice.sheets.length === 0 ? <p className="card">{a.empty}</p> : null}
      {notice.sheets.map((sheet) => (
        <section key={sheet.noticeFrom + sheet.noticeTo} className="mb-6 space-y-2">
          {mayPublish && notice.reportPhone ? (
            <Form method="post" className="no-print flex flex-wrap items-center gap-3">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="from" value={sheet.noticeFrom} />
              <input type="hidden" name="ids" value={sheet.rows.map((r) => r.proposalId).join(',')} />
              <button type="submit" className="btn">
                {a.publish}
              </button>
              <span className="text-xs text-slate-600">{a.publishHint}</span>
            </Form>
          ) : null}
          <article className="notice-sheet card mx-auto bg-white" aria-label={`${sheet.heading} ${sheet.period}`}>
            <h2 className="text-center text-xl font-bold sm:text-2xl">{sheet.heading}</h2>
            <p className="mt-1 text-center text-sm">{sheet.place}</p>
            <p className="mt-4 indent-8 leading-relaxed">{sheet.intro}</p>
            <p className="mt-2 indent-8">{sheet.period}</p>
            <div className="mt-3 overflow-x-auto">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{a.number}</th>
                    <th scope="col">{a.name}</th>
                    <th scope="col">{a.covered}</th>
                    <th scope="col">{a.matter}</th>
                    <th scope="col">{a.amount}</th>
                  </tr>
                </thead>
                <tbody>
                  {sheet.rows.map((row, i) => (
                    <tr key={row.proposalId}>
                      <td className="text-center tabular-nums">{i + 1}</td>
                      <td className="text-center">{row.name}</td>
                      <td className="text-center tabular-nums">{row.coveredCount}</td>
                      <td>{row.matter}</td>
                      <td className="amount">{row.amountFen === null ? a.stopAmount : yuanDigits(row.amountFen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-4 indent-8">{sheet.objection}</p>
            {sheet.phoneLine ? <p className="mt-1 indent-8 font-semibold">{sheet.phoneLine}</p> : null}
            <p className="mt-8 text-right">{sheet.issuer}</p>
            <p className="text-right">{sheet.issuedOn}</p>
          </article>
        </section>
      ))}

      {published.length ? (
        <section className="no-print card mt-4 space-y-2" aria-labelledby="published">
          <h2 id="published">{a.publishedList}</h2>
          <ul className="list-disc pl-5 text-sm">
            {published.map((p) => (
              <li key={p.id}>
                {format(a.publishedItem, { date: beijingTime(p.publishedAt), start: p.noticeFrom, end: p.noticeTo, count: p.households, phone: p.reportPhone })}
                {p.publishedBy ? format(a.publishedBy, { name: p.publishedBy }) : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

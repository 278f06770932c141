// The village's public notice (公示名单), print-ready: the recipient's name and the monthly amount, nothing else
// (篇一: 公示内容不宜超出保障对象、保障资金两项内容). A GET form sets the kind (两榜公示 / 长期公示) and the period
// (default: 7 days from today) and works without JavaScript; every valid request is recorded (who, when, which period).
// The list is of a month (?month=YYYY-MM): who is paid then and how much; the township's 举报电话 is printed under it.
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { NoticePeriodForm } from '~/components/NoticePeriodForm'
import { PrintButton } from '~/components/ReviewFormSheet'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { reportPhone } from '~/i18n/zh-CN/publicNotices'
import { yuanDigits } from '~/utils/format'
import { exportContext } from '~/models/exports.server'
import { printPublicNotice } from '~/models/noticeExport.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, exports: exportStrings, reportPhone }

const x = t.exports
const n = x.notice

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(n.pageTitle, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

// personal data: no cache keeps the page
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const result = await printPublicNotice(getDb(), exportContext(request, user), village, new URL(request.url).searchParams)
  return json(
    {
      village: { id: village.id, name: village.name },
      notice: result.ok ? result.notice : null,
      errors: result.ok ? {} : result.errors,
      values: result.values,
    },
    { status: result.ok ? 200 : 400 },
  )
}

const NOTICE_CSS = `
@page { size: A4 portrait; margin: 16mm 18mm 16mm 18mm; }
@media print {
  html, body { background: #fff !important; font-size: 11pt; }
  main { max-width: none !important; padding: 0 !important; }
  .notice-sheet { box-shadow: none !important; border: 0 !important; border-radius: 0 !important; padding: 0 !important; max-width: none !important; }
  .notice-sheet h2 { font-size: 20pt; }
  .notice-sheet thead { display: table-header-group; }
  .notice-sheet tr { break-inside: avoid; page-break-inside: avoid; }
  .notice-sheet th, .notice-sheet td { padding-top: 2px; padding-bottom: 2px; line-height: 1.35; }
  .notice-sheet th { background: transparent !important; }
}
.notice-sheet table { border-collapse: collapse; width: 100%; }
.notice-sheet th, .notice-sheet td { border: 1px solid #334155; padding: 4px 10px; }
.notice-sheet th { background: #f1f5f9; font-weight: 600; text-align: center; }
.notice-sheet td.amount { text-align: right; padding-right: 14%; font-variant-numeric: tabular-nums; }
`

export default function PublicNoticePage() {
  const { village, notice, errors, values } = useLoaderData<typeof loader>()
  const query = new URLSearchParams({
    kind: values.kind,
    start: values.startOn,
    ...(values.kind === 'standing' ? {} : { end: values.endOn }),
    month: values.month,
  })
  return (
    <div className="mx-auto max-w-3xl">
      <style>{NOTICE_CSS}</style>
      <div className="no-print mb-4 space-y-3">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to={`/villages/${village.id}/exports`}>{x.backToExports}</Link>
          {notice ? (
            <a href={`/villages/${village.id}/exports/notice.xlsx?${query}`} download>
              {x.xlsx}
            </a>
          ) : null}
        </p>
        <h1>{format(n.pageTitle, { village: village.name })}</h1>
        <p className="text-sm text-slate-600">{n.description}</p>
        <section className="card space-y-2" aria-labelledby="notice-form">
          <h2 id="notice-form">{n.form}</h2>
          <NoticePeriodForm action={`/villages/${village.id}/exports/notice`} values={values} errors={errors} />
        </section>
        {notice && !notice.phoneLine ? (
          <p role="alert" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
            {t.reportPhone.missing}
          </p>
        ) : null}
        {notice ? (
          <div className="flex flex-wrap items-center gap-3">
            <PrintButton label={x.printButton} hint={x.printHint} />
          </div>
        ) : null}
      </div>

      {notice ? (
        <article className="notice-sheet card mx-auto max-w-2xl bg-white" aria-labelledby="notice-heading">
          <h2 id="notice-heading" className="text-center text-xl font-bold sm:text-2xl">
            {notice.heading}
          </h2>
          <p className="mt-1 text-center text-sm">{notice.place}</p>
          <p className="mt-4 indent-8 leading-relaxed">{notice.intro}</p>
          <p className="mt-2 indent-8">{notice.period}</p>
          <p className="mt-2 indent-8">{notice.monthLine}</p>
          {notice.rows.length ? (
            <table className="mt-3">
              <thead>
                <tr>
                  <th scope="col" className="w-[16%]">
                    {n.number}
                  </th>
                  <th scope="col" className="w-[42%]">
                    {n.name}
                  </th>
                  <th scope="col">{n.amount}</th>
                </tr>
              </thead>
              <tbody>
                {notice.rows.map((row, i) => (
                  <tr key={i}>
                    <td className="text-center tabular-nums">{i + 1}</td>
                    <td className="text-center">{row.name}</td>
                    <td className="amount">{yuanDigits(row.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="mt-3">{n.empty}</p>
          )}
          <p className="mt-4 indent-8">{notice.objection}</p>
          {notice.phoneLine ? <p className="mt-1 indent-8 font-semibold">{notice.phoneLine}</p> : null}
          <p className="mt-8 text-right">{notice.issuer}</p>
          <p className="text-right">{notice.issuedOn}</p>
        </article>
      ) : null}
    </div>
  )
}

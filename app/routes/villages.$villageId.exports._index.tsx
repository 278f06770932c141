// A village's 打印与导出: its review forms (print, one page a household; .xlsx), its public notice (a period and month
// form, then the print page; .xlsx), its 审核结果公示 and 异议登记表, its problem register and rectification list (.xlsx). Everyone who may open the
// village may open this page; a cadre only their own village.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { NoticePeriodForm } from '~/components/NoticePeriodForm'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { paper } from '~/i18n/zh-CN/paper'
import { problems } from '~/i18n/zh-CN/problems'
import { approvalNotice } from '~/i18n/zh-CN/publicNotices'
import { getVillageExportsPage } from '~/models/exports.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, approvalNotice, exports: exportStrings, paper, problems }

const x = t.exports

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(x.villageTitle, { village: data.village.name })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'view')
  return json(await getVillageExportsPage(getDb(), village, today()))
}

export default function VillageExportsPage() {
  const { village, hasCampaign, households, activeHouseholds, problems, orders, noticeDefaults, inNotice } = useLoaderData<typeof loader>()
  const base = `/villages/${village.id}/exports`
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm">
        <Link to={`/villages/${village.id}`}>{format(x.backToVillage, { village: village.name })}</Link>
      </p>
      <h1>{format(x.villageTitle, { village: village.name })}</h1>
      <p className="text-sm text-slate-600">{x.intro}</p>
      <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">{x.privacy}</p>

      <section className="card space-y-2" aria-labelledby="notice">
        <h2 id="notice">{x.notice.title}</h2>
        <p className="text-sm text-slate-700">{x.notice.description}</p>
        <p className="text-sm">{format(x.noticeCount, { count: activeHouseholds })}</p>
        <NoticePeriodForm action={`${base}/notice`} values={noticeDefaults} />
      </section>

      <section className="card space-y-2" aria-labelledby="approval-notice">
        <h2 id="approval-notice">{t.approvalNotice.title}</h2>
        <p className="text-sm text-slate-700">{t.approvalNotice.description}</p>
        <p className="text-sm">{format(t.approvalNotice.count, { count: inNotice })}</p>
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          <li>
            <Link to={`${base}/approval-notice`}>{format(x.printOf, { title: t.approvalNotice.title })}</Link>
          </li>
          <li>
            <a href={`${base}/approval-notice.xlsx`} download>
              {format(x.xlsxOf, { title: t.approvalNotice.title })}
            </a>
          </li>
          <li>
            <Link to={`${base}/objection-record`}>{t.paper.objections.title}</Link>
          </li>
        </ul>
      </section>

      {hasCampaign ? (
        <>
          <section className="card space-y-2" aria-labelledby="review-forms">
            <h2 id="review-forms">{x.reviewForms.title}</h2>
            <p className="text-sm text-slate-700">{format(x.reviewForms.description, { count: households })}</p>
            <ul className="flex flex-wrap gap-x-6 gap-y-2">
              <li>
                <Link to={`${base}/review-forms`}>{x.reviewForms.printAll}</Link>
              </li>
              <li>
                <a href={`${base}/review-forms.xlsx`} download>
                  {format(x.xlsxOf, { title: x.reviewForms.title })}
                </a>
              </li>
            </ul>
          </section>

          <section className="card space-y-2" aria-labelledby="registers">
            <h2 id="registers">{x.problems.title}</h2>
            <p className="text-sm text-slate-700">{x.problems.description}</p>
            <p className="text-sm">{format(t.problems.total, { count: problems })}</p>
            <p>
              <a href={`${base}/problems.xlsx`} download>
                {format(x.xlsxOf, { title: x.problems.title })}
              </a>
            </p>
          </section>

          <section className="card space-y-2" aria-labelledby="rectification">
            <h2 id="rectification">{x.rectification.title}</h2>
            <p className="text-sm text-slate-700">{x.rectification.description}</p>
            <p className="text-sm">{format(x.registerCount, { problems, orders })}</p>
            <p>
              <a href={`${base}/rectification.xlsx`} download>
                {format(x.xlsxOf, { title: x.rectification.title })}
              </a>
            </p>
          </section>
        </>
      ) : (
        <p className="card">{x.noCampaign}</p>
      )}
    </div>
  )
}

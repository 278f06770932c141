// Every household's 复核认定情况登记表 of a village, one A4 page each (the print stylesheet breaks the page between
// households), for the paper files (一户一档). Works without JavaScript: the browser's 打印 prints it. Recorded.
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton, PrintStyle, ReviewFormSheet } from '~/components/ReviewFormSheet'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { exportContext } from '~/models/exports.server'
import { printVillageReviewForms } from '~/models/reviewFormExport.server'
import { getDb } from '~/utils/db.server'
import { notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, exports: exportStrings }

const x = t.exports
const r = x.reviewForms

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(r.pageTitle, { village: data.place.village, count: data.forms.length })} · ${t.app.name}` : t.app.name },
]

// personal data: no cache keeps the page
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const result = await printVillageReviewForms(getDb(), exportContext(request, user), village)
  if (!result.ok) notFound()
  return json({ villageId: village.id, place: result.place, forms: result.forms, printedOn: result.printedOn })
}

export default function PrintVillageReviewForms() {
  const { villageId, place, forms, printedOn } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl">
      <PrintStyle />
      <div className="no-print mb-3 space-y-2">
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link to={`/villages/${villageId}/exports`}>{x.backToExports}</Link>
          <a href={`/villages/${villageId}/exports/review-forms.xlsx`} download>
            {x.xlsx}
          </a>
        </p>
        <h1>{format(r.pageTitle, { village: place.village, count: forms.length })}</h1>
        <p className="text-sm text-slate-600">{forms.length ? format(r.count, { count: forms.length }) : r.empty}</p>
        <div className="flex flex-wrap items-center gap-3">
          <PrintButton label={x.printButton} hint={x.printHint} />
        </div>
      </div>
      <div className="space-y-4 print:space-y-0">
        {forms.map((form) => (
          <ReviewFormSheet key={form.household.id} place={place} household={form.household} values={form.values} printedOn={printedOn} paper={form.paper} />
        ))}
      </div>
    </div>
  )
}

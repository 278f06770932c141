// The filled review form on paper, for the household's file (一户一档): an A4 page with signature lines.
// Readable and printable from the browser menu without JavaScript; the 打印 button appears once scripts run.
// Printing is an export of personal data: the loader records it (who, when, which household).
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton, PrintStyle, ReviewFormSheet } from '~/components/ReviewFormSheet'
import { format } from '~/i18n'
import { app } from '~/i18n/zh-CN/common'
import { exportStrings } from '~/i18n/zh-CN/exports'
import { households } from '~/i18n/zh-CN/households'
import { exportContext } from '~/models/exports.server'
import { printReviewForm } from '~/models/reviewFormExport.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess } from '~/utils/permissions.server'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { app, exports: exportStrings, households }

const p = t.households.print

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(t.households.form.pageTitle, { name: data.form.household.headName })} · ${t.app.name}` : t.app.name },
]

// personal data: no cache keeps the page
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, village } = await requireVillageAccess(request, params.villageId, 'view')
  const householdId = Number(params.householdId)
  if (!Number.isInteger(householdId) || householdId <= 0) notFound()
  const result = await printReviewForm(getDb(), exportContext(request, user), village, householdId)
  if (!result.ok) {
    // a household of another village is refused like another village
    if (result.reason === 'notInVillage') forbidden()
    notFound()
  }
  return json({ villageId: village.id, place: result.place, form: result.forms[0], printedOn: result.printedOn })
}

export default function PrintReviewPage() {
  const { villageId, place, form, printedOn } = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-3xl">
      <PrintStyle />
      <div className="no-print mb-3 flex flex-wrap items-center gap-3">
        <Link to={`/villages/${villageId}/households/${form.household.id}`}>{p.back}</Link>
        <a href={`/villages/${villageId}/exports/review-forms.xlsx?household=${form.household.id}`} download>
          {t.exports.reviewForms.xlsxOne}
        </a>
        <PrintButton label={p.printButton} hint={p.printHint} />
      </div>
      <ReviewFormSheet place={place} household={form.household} values={form.values} printedOn={printedOn} headingLevel="h1" paper={form.paper} />
    </div>
  )
}

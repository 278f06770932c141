// The filled review form on paper, for the household's file (一户一档): an A4 page with signature lines.
// Readable and printable from the browser menu without JavaScript; the 打印 button appears once scripts run.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { format, t, yuan } from '~/i18n'
import { getCurrentCampaign } from '~/models/campaign.server'
import { getHouseholdReviewForPrint } from '~/models/households.server'
import { today } from '~/utils/clock.server'
import { getDb } from '~/utils/db.server'
import { forbidden, notFound, requireVillageAccess } from '~/utils/permissions.server'
import { KEY_CHECK_SITUATIONS, REVIEW_OUTCOMES, RISK_SIGNALS } from '../../workflows/rules/vocabulary'

const h = t.households
const f = h.form
const p = h.print

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${format(f.pageTitle, { name: data.review.household.headName })} · ${t.app.name}` : t.app.name },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { village } = await requireVillageAccess(request, params.villageId, 'view')
  const householdId = Number(params.householdId)
  if (!Number.isInteger(householdId) || householdId <= 0) notFound()
  const db = getDb()
  const campaign = await getCurrentCampaign(db, village.townshipId)
  if (!campaign) notFound()
  const review = await getHouseholdReviewForPrint(db, { campaignId: campaign!.id, villageId: village.id, householdId })
  if (!review) forbidden()
  return json({ villageId: village.id, review: review!, printedOn: today() })
}

// A4 portrait; the site's header and footer are .no-print already.
const PRINT_CSS = `
@page { size: A4 portrait; margin: 15mm 15mm 15mm 15mm; }
@media print {
  html, body { background: #fff !important; font-size: 11pt; }
  main { max-width: none !important; padding: 0 !important; }
  .sheet { box-shadow: none !important; border: 0 !important; padding: 0 !important; }
  .sheet table { page-break-inside: auto; }
  .sheet tr { page-break-inside: avoid; }
}
.sheet table { border-collapse: collapse; width: 100%; }
.sheet th, .sheet td { border: 1px solid #334155; padding: 4px 6px; vertical-align: top; text-align: left; }
.sheet th { background: #f1f5f9; font-weight: 500; width: 18%; }
.sheet td.id { word-break: break-all; }
@media print { .sheet th { background: transparent; width: 16%; } }
`

function Box({ on }: { on: boolean }) {
  return <span aria-hidden="true">{on ? p.checked : p.unchecked}</span>
}

function Ticks<K extends string>({ keys, chosen, labels }: { keys: readonly K[]; chosen: readonly string[]; labels: Record<K, string> }) {
  return (
    <span className="flex flex-wrap gap-x-4">
      {keys.map((k) => (
        <span key={k}>
          <Box on={chosen.includes(k)} />
          {labels[k]}
          <span className="sr-only">{chosen.includes(k) ? h.conflict.yes : h.conflict.no}</span>
        </span>
      ))}
    </span>
  )
}

export default function PrintReviewPage() {
  const { villageId, review, printedOn } = useLoaderData<typeof loader>()
  const { household, values, place } = review
  const [scripts, setScripts] = useState(false)
  useEffect(() => setScripts(true), [])
  const amount = (fen: number | null) => (fen === null ? '' : format(p.amountYuan, { amount: yuan(fen).replace('¥', '') }))
  const title = place.county ? format(p.title, { county: place.county }) : p.titleNoCounty
  return (
    <div className="mx-auto max-w-3xl">
      <style>{PRINT_CSS}</style>
      <div className="no-print mb-3 flex flex-wrap items-center gap-3">
        <Link to={`/villages/${villageId}/households/${household.id}`}>{p.back}</Link>
        {scripts ? (
          <button type="button" className="btn" onClick={() => window.print()}>
            {p.printButton}
          </button>
        ) : null}
        <p className="w-full text-xs text-slate-600">{p.printHint}</p>
      </div>

      <article className="sheet card bg-white p-4 text-sm">
        <h1 className="mb-3 text-center text-lg font-bold sm:text-xl">{title}</h1>
        <p className="mb-2 flex flex-wrap justify-between gap-2">
          <span>{p.township}：{place.township}</span>
          <span>{p.village}：{place.village}</span>
        </p>
        <table>
          <tbody>
            <tr>
              <th scope="row">{f.headName}</th>
              <td>{household.headName}</td>
              <th scope="row">{f.idNumber}</th>
              <td className="id font-mono">{household.maskedIdNumber}</td>
            </tr>
            <tr>
              <th scope="row">{f.members}</th>
              <td>{household.memberCount}</td>
              <th scope="row">{f.covered}</th>
              <td>{household.coveredCount}</td>
            </tr>
            <tr>
              <th scope="row">{f.category}</th>
              <td>{household.category}</td>
              <th scope="row">{f.monthly}</th>
              <td>{amount(household.monthlyAmountFen)}</td>
            </tr>
            <tr>
              <th scope="row">{f.responsibleCadre}</th>
              <td>{household.responsibleCadre ?? ''}</td>
              <th scope="row">{f.enrolment}</th>
              <td>{household.enrolment === 'roster' ? f.enrolmentRoster : f.enrolmentNew}</td>
            </tr>
            <tr>
              <th scope="row">{f.checks}</th>
              <td colSpan={3}>
                <span className="mr-4"><Box on={values.incomeChecked} />{f.incomeChecked}</span>
                <span><Box on={values.propertyChecked} />{f.propertyChecked}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">{f.homeVisitOn}</th>
              <td>{values.homeVisitOn ?? ''}</td>
              <th scope="row">{f.homeVisitBy}</th>
              <td>{values.homeVisitBy ?? ''}</td>
            </tr>
            <tr>
              <th scope="row">{f.keyCheck}</th>
              <td colSpan={3}><Ticks keys={KEY_CHECK_SITUATIONS} chosen={values.keyCheckSituations} labels={h.keyCheckSituations} /></td>
            </tr>
            <tr>
              <th scope="row">{f.risk}</th>
              <td colSpan={3}><Ticks keys={RISK_SIGNALS} chosen={values.riskSignals} labels={h.riskSignals} /></td>
            </tr>
            <tr>
              <th scope="row">{f.nearRelative}</th>
              <td colSpan={3}>
                <Box on={values.nearRelativeFiling} />
                {f.nearRelativeFiling}
                {values.nearRelativeNote ? `（${values.nearRelativeNote}）` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">{f.outcome}</th>
              <td colSpan={3}><Ticks keys={REVIEW_OUTCOMES} chosen={values.outcome ? [values.outcome] : []} labels={h.outcomes} /></td>
            </tr>
            <tr>
              <th scope="row">{f.adjustedAmount}</th>
              <td>{amount(values.adjustedAmountFen)}</td>
              <th scope="row">{f.exitOn}</th>
              <td>{values.exitOn ?? ''}</td>
            </tr>
            <tr>
              <th scope="row">{f.exitReason}</th>
              <td colSpan={3}>{values.exitReason ?? ''}</td>
            </tr>
            <tr>
              <th scope="row">{f.fraudRecovered}</th>
              <td>{amount(values.fraudRecoveredFen)}</td>
              <th scope="row">{f.fraudFine}</th>
              <td>{amount(values.fraudFineFen)}</td>
            </tr>
            <tr>
              <th scope="row">{f.notes}</th>
              <td colSpan={3} className="h-16 whitespace-pre-wrap">{values.notes ?? ''}</td>
            </tr>
            <tr>
              <th scope="row">{p.reviewer}</th>
              <td colSpan={3} className="h-16">
                <span className="float-right self-end pt-8">{p.date}：{p.signatureDate}</span>
              </td>
            </tr>
            <tr>
              <th scope="row">{p.committee}</th>
              <td colSpan={3} className="h-24">
                <span className="float-right pt-16">{p.date}：{p.signatureDate}</span>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="mt-2 text-right text-xs text-slate-500">{format(p.printedOn, { date: printedOn })}</p>
      </article>
    </div>
  )
}

// One filled 复核认定情况登记表 as an A4 sheet with signature lines: the one-household print page and the whole
// village's print page (one sheet a page) both render this, so the two cannot drift apart. With `paper` it adds the
// member table, the economic check, the conclusion and the four signature lines (components/paper).
import { useEffect, useState } from 'react'
import { format } from '~/i18n'
import { households } from '~/i18n/zh-CN/households'
import { yuanDigits } from '~/utils/format'
import type { HouseholdView } from '~/models/householdReview.server'
import type { ReviewValues } from '~/models/householdReviewForm.server'
import type { ReviewPaper } from '~/models/reviewPaper.server'
import { ReviewPaperSections } from './paper/ReviewPaperSections'
import { KEY_CHECK_SITUATIONS, REVIEW_OUTCOMES, RISK_SIGNALS } from '../../workflows/rules/vocabulary'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { households }

const h = t.households
const f = h.form
const p = h.print

// A4 portrait, one household a page; the site's header and footer are .no-print already.
const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm 14mm 12mm 14mm; }
@media print {
  html, body { background: #fff !important; font-size: 10.5pt; }
  main { max-width: none !important; padding: 0 !important; }
  .sheet { box-shadow: none !important; border: 0 !important; border-radius: 0 !important; padding: 0 !important; margin: 0 !important; }
  .sheet + .sheet { break-before: page; page-break-before: always; }
  .sheet table { page-break-inside: auto; }
  .sheet tr { page-break-inside: avoid; }
  .sheet th { background: transparent !important; }
  .sheet td.notes { height: 30mm; }
  .sheet td.sign { height: 26mm; }
}
.sheet table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.sheet th, .sheet td { border: 1px solid #334155; padding: 4px 6px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
.sheet th { background: #f1f5f9; font-weight: 500; width: 19%; }
.sheet td.id { word-break: break-all; }
.sheet .ticks > span { white-space: nowrap; }
.sheet .members-box table, .sheet table.economic { table-layout: auto; }
.sheet .members-box th, .sheet table.economic thead th { width: auto; }
.sheet h3 { break-after: avoid; page-break-after: avoid; }
`

/**
 * The sheet's print layout, as a <style> element of the page. Given as raw text: React 18 escapes a <style>'s text
 * children on the server (`>` became `&gt;`), which broke the selector without JavaScript and, with it, failed
 * hydration (the browser's text did not match).
 */
export function PrintStyle() {
  return <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
}

function Box({ on }: { on: boolean }) {
  return <span aria-hidden="true">{on ? p.checked : p.unchecked}</span>
}

function Ticks<K extends string>({ keys, chosen, labels }: { keys: readonly K[]; chosen: readonly string[]; labels: Record<K, string> }) {
  return (
    <span className="ticks flex flex-wrap gap-x-4">
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

export interface ReviewFormSheetProps {
  place: { county: string; township: string; village: string }
  household: HouseholdView
  values: ReviewValues
  printedOn: string
  /** h1 when the page is this one form; h2 under the village page's own h1 */
  headingLevel?: 'h1' | 'h2'
  /** members, economic check, conclusion and signatures (reviewPaper.server.ts) */
  paper?: ReviewPaper
}

export function ReviewFormSheet({ place, household, values, printedOn, headingLevel = 'h2', paper }: ReviewFormSheetProps) {
  const Heading = headingLevel
  const amount = (fen: number | null) => (fen === null ? '' : format(p.amountYuan, { amount: yuanDigits(fen) }))
  const title = place.county ? format(p.title, { county: place.county }) : p.titleNoCounty
  return (
    <article className="sheet card bg-white p-3 text-sm sm:p-4" aria-label={`${title}：${household.headName}`}>
      <Heading className="mb-3 text-center text-lg font-bold sm:text-xl">{title}</Heading>
      <p className="mb-2 flex flex-wrap justify-between gap-2">
        <span>
          {p.township}：{place.township}
        </span>
        <span>
          {p.village}：{place.village}
        </span>
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
            <td colSpan={3} className="ticks">
              <span className="mr-4">
                <Box on={values.incomeChecked} />
                {f.incomeChecked}
              </span>
              <span>
                <Box on={values.propertyChecked} />
                {f.propertyChecked}
              </span>
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
            <td colSpan={3}>
              <Ticks keys={KEY_CHECK_SITUATIONS} chosen={values.keyCheckSituations} labels={h.keyCheckSituations} />
            </td>
          </tr>
          <tr>
            <th scope="row">{f.risk}</th>
            <td colSpan={3}>
              <Ticks keys={RISK_SIGNALS} chosen={values.riskSignals} labels={h.riskSignals} />
            </td>
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
            <td colSpan={3}>
              <Ticks keys={REVIEW_OUTCOMES} chosen={values.outcome ? [values.outcome] : []} labels={h.outcomes} />
            </td>
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
            <td colSpan={3} className="notes h-16 whitespace-pre-wrap">
              {values.notes ?? ''}
            </td>
          </tr>
          {paper ? null : (
            <>
              <tr>
                <th scope="row">{p.reviewer}</th>
                <td colSpan={3} className="sign h-16 align-bottom">
                  <span className="block pt-8 text-right">
                    {p.date}：{p.signatureDate}
                  </span>
                </td>
              </tr>
              <tr>
                <th scope="row">{p.committee}</th>
                <td colSpan={3} className="sign h-24 align-bottom">
                  <span className="block pt-16 text-right">
                    {p.date}：{p.signatureDate}
                  </span>
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
      {paper ? <ReviewPaperSections paper={paper} headName={household.headName} /> : null}
      <p className="mt-2 text-right text-xs text-slate-500">{format(p.printedOn, { date: printedOn })}</p>
    </article>
  )
}

/** The 打印 button: it needs JavaScript, so it appears once scripts run; the browser's own menu prints either way. */
export function PrintButton({ label, hint }: { label: string; hint: string }) {
  const [scripts, setScripts] = useState(false)
  useEffect(() => setScripts(true), [])
  return (
    <>
      {scripts ? (
        <button type="button" className="btn" onClick={() => window.print()}>
          {label}
        </button>
      ) : null}
      <p className="w-full text-xs text-slate-600">{hint}</p>
    </>
  )
}

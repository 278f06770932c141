// Beside the review's conclusion: per-capita income against the 低保标准 in force (which one, from when), the amount the
// rules give (补差 + 分类施保) beside the current amount; and above the form what the review still lacks, saying that an
// incomplete review does not count toward coverage (自查面).
import { format } from '~/i18n'
import { economicCheck, reviewCompleteness } from '~/i18n/zh-CN/economicCheck'
import { yuan } from '~/utils/format'
import type { ReviewAssessment } from '~/models/reviewAssessment.server'
import type { MissingItem } from '../../../workflows/rules/reviewCompleteness'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { economicCheck, reviewCompleteness }

const ec = t.economicCheck
const rc = t.reviewCompleteness

export function missingText(missing: readonly MissingItem[]): string {
  const labels = rc.reasons as Record<string, string>
  const items = missing.map((m) =>
    m.item === 'situationNote' ? format(rc.missing.situationNote, { situation: labels[m.situation] ?? m.situation }) : rc.missing[m.item],
  )
  return format(rc.missingList, { items: items.join(rc.separator) })
}

/** What is missing (or that the review is complete), as last saved. */
export function ReviewCompletenessNotice({ assessment, reviewed }: { assessment: ReviewAssessment; reviewed: boolean }) {
  if (assessment.missing.length === 0)
    return (
      <p role="status" className="rounded bg-green-50 p-2 text-sm text-green-800">
        {rc.complete}
      </p>
    )
  return (
    <div role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
      <p className="font-medium">{missingText(assessment.missing)}</p>
      {reviewed ? <p>{rc.incomplete}</p> : null}
    </div>
  )
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-3 border-t border-slate-100 py-1">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  )
}

export function ReviewAssessmentPanel({ assessment }: { assessment: ReviewAssessment }) {
  const a = assessment
  const standard = a.standard
  return (
    <section className="card text-sm" aria-labelledby="assessment-heading">
      <h2 id="assessment-heading" className="text-base">
        {ec.assessmentTitle}
      </h2>
      <dl className="mt-1">
        <Row label={ec.standard}>
          {standard
            ? format(ec.standardNamed, { area: ec.areas[standard.area], amount: yuan(standard.monthlyFen), from: standard.effectiveFrom })
            : ec.noStandard}
        </Row>
        {a.totalIncomeFen === null || a.perCapitaFen === null ? (
          <Row label={ec.perCapita}>{ec.noCheck}</Row>
        ) : (
          <>
            <Row label={ec.totalIncome}>{yuan(a.totalIncomeFen)}</Row>
            <Row label={ec.perCapita}>
              {format(ec.perCapitaOf, { amount: yuan(a.perCapitaFen), members: a.memberCount })}
              {a.allowance ? `（${a.allowance.belowStandard ? ec.belowStandard : ec.notBelowStandard}）` : null}
            </Row>
          </>
        )}
        {a.allowance && standard && a.perCapitaFen !== null ? (
          <>
            <Row label={ec.base}>
              {format(ec.baseFormula, {
                standard: yuan(standard.monthlyFen),
                perCapita: yuan(Math.min(a.perCapitaFen, standard.monthlyFen)),
                covered: a.coveredCount,
                amount: yuan(a.allowance.baseFen),
              })}
            </Row>
            <Row label={ec.supplement}>{yuan(a.allowance.supplementFen)}</Row>
            <Row label={ec.ruleAmount}>
              <strong>{yuan(a.allowance.amountFen)}</strong>
            </Row>
          </>
        ) : null}
        <Row label={ec.currentAmount}>{yuan(a.currentAmountFen)}</Row>
      </dl>
      {a.allowance && a.allowance.propertyProblems.length ? (
        <p className="mt-1 text-amber-900">{format(ec.propertyProblems, { items: a.allowance.propertyProblems.map((p) => ec.propertyItems[p]).join('、') })}</p>
      ) : null}
    </section>
  )
}

// The review form's conflict: someone saved this household's review after the form was opened, so nothing was
// saved. Each field they changed with their value and what this person sent; then what this person typed in fields
// the other did not touch (not saved either), so nothing typed is lost.
import { ConflictNotice } from '~/components/ConflictNotice'
import { yuan } from '~/i18n'
import { economicCheck, reviewCompleteness } from '~/i18n/zh-CN/economicCheck'
import { households } from '~/i18n/zh-CN/households'
import type { ReviewField } from '~/models/householdReviewForm.server'
import { INCOME_KINDS, PROPERTY_ITEMS, type EconomicCheck } from '../../../workflows/rules/economicCheck'

// the dictionary's sections this module reads, and no others: the browser downloads only these (ADR 015)
const t = { economicCheck, households, reviewCompleteness }

const h = t.households
const ec = t.economicCheck

/** The check in one line: each income with its source, then the property found. */
function economicCheckText(check: EconomicCheck): string {
  const incomes = INCOME_KINDS.map((k) => {
    const { monthlyFen, source } = check.incomes[k]
    return `${ec.incomeKinds[k]} ${yuan(monthlyFen)}${source ? `（${ec.figureSources[source]}）` : ''}`
  })
  const property = PROPERTY_ITEMS.filter((i) => check.property[i].present).map((i) => ec.propertyItems[i])
  return [...incomes, ...property].join('、')
}
const f = h.form

const FIELD_LABELS: Record<ReviewField, string> = {
  incomeChecked: f.incomeChecked,
  propertyChecked: f.propertyChecked,
  homeVisitOn: f.homeVisitOn,
  homeVisitBy: f.homeVisitBy,
  keyCheckSituations: f.keyCheck,
  riskSignals: f.risk,
  economicCheck: t.economicCheck.section,
  situationNotes: t.reviewCompleteness.keyCheckTitle,
  outcome: f.outcome,
  adjustedAmountFen: f.adjustedAmount,
  exitReason: f.exitReason,
  exitOn: f.exitOn,
  fraudRecoveredFen: f.fraudRecovered,
  fraudFineFen: f.fraudFine,
  notes: f.notes,
}

function shown(field: ReviewField, value: unknown): string {
  const c = h.conflict
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return c.empty
  if (typeof value === 'boolean') return value ? c.yes : c.no
  if (field === 'keyCheckSituations') return (value as string[]).map((k) => (h.keyCheckSituations as Record<string, string>)[k] ?? k).join('、')
  if (field === 'riskSignals') return (value as string[]).map((k) => (h.riskSignals as Record<string, string>)[k] ?? k).join('、')
  if (field === 'economicCheck') return economicCheckText(value as EconomicCheck)
  if (field === 'situationNotes') {
    const notes = Object.entries(value as Record<string, string>)
    if (notes.length === 0) return c.empty
    return notes.map(([k, note]) => `${(t.reviewCompleteness.reasons as Record<string, string>)[k] ?? k}：${note}`).join('；')
  }
  if (field === 'outcome') return (h.outcomes as Record<string, string>)[value as string] ?? String(value)
  if (field.endsWith('Fen') && typeof value === 'number') return yuan(value)
  return String(value)
}

export function ReviewConflictNotice({
  changes,
  unsaved,
}: {
  /** what the other person changed: their value, what this person sent, who and when */
  changes: Array<{ field: ReviewField; theirs?: unknown; mine?: unknown; by: string | null; at: string | null }>
  /** what this person typed in fields the other did not touch */
  unsaved: Array<{ field: ReviewField; mine?: unknown }>
}) {
  return (
    <ConflictNotice
      title={h.conflict.title}
      intro={h.conflict.intro}
      items={changes.map((c) => ({
        key: c.field,
        label: FIELD_LABELS[c.field],
        theirs: shown(c.field, c.theirs),
        mine: shown(c.field, c.mine),
        by: c.by,
        at: c.at,
      }))}
    >
      {unsaved.length ? (
        <>
          <h3 className="mt-3 text-sm font-semibold">{h.conflict.unsaved}</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {unsaved.map((c) => (
              <li key={c.field} className="rounded bg-white p-2">
                <span className="font-medium">{FIELD_LABELS[c.field]}</span>：{shown(c.field, c.mine)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </ConflictNotice>
  )
}

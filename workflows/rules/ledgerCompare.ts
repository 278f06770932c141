// 公示 vs 发放 (篇一 三(一)3): one township's payment ledger of a month against its roster and the standing notice of
// that month. Pure and linear in the rows, so the unit tests and the 100,000-row bench (bench/ledger.ts) share it.
//
// People are matched by ID number only — the full number first, then the 15-digit form (idMatchKey) — never by name:
// the name a ledger gives is reported as a fact, nothing more. The first payment of a household (lowest sheet row) is
// compared with the notice; every further payment of that household in the month is paid twice (重复发放).
import type { LedgerDiscrepancyKind, ProblemCategory } from './vocabulary'

/** One payment as the ledger gives it. */
export interface LedgerPayment {
  /** the entry's position in the ledger (the caller's index, e.g. its array index) */
  index: number
  sheetRow: number
  name: string
  /** the number as written, cleaned (18 or 15 digits), or null when the row has none */
  idNumber: string | null
  amountFen: number
}

/** A person on the roster: a household's head or member. */
export interface RosterPerson {
  householdId: number
  villageId: number
  name: string
  idNumber: string
}

/** A household of the township as the check needs it. */
export interface RosterHousehold {
  householdId: number
  villageId: number
  headName: string
  idNumber: string
  status: 'active' | 'exited' | 'applicant' | 'notEnrolled'
  /** 'YYYY-MM': the month the allowance stopped (an approved stop, or the review's exit day), when known */
  exitMonth: string | null
}

/** A person on the deaths list (公安/殡葬). */
export interface DeceasedPerson {
  idNumber: string
  fact: string
}

export interface LedgerCheckInput {
  month: string
  payments: readonly LedgerPayment[]
  households: readonly RosterHousehold[]
  people: readonly RosterPerson[]
  /** the standing notice of the month: household → amount (fen) */
  notice: ReadonlyMap<number, number>
  deceased: readonly DeceasedPerson[]
}

export interface LedgerDiscrepancyFinding {
  kind: LedgerDiscrepancyKind
  householdId: number | null
  villageId: number | null
  /** the payment it is about (null: on the notice but not paid) */
  paymentIndex: number | null
  /** the ledger's name for a payment; the roster's head for a household not paid */
  name: string
  idNumber: string | null
  expectedFen: number | null
  paidFen: number | null
  /** what the reader needs besides the figures: the exit month, the deaths list's fact, the other payment's row */
  detail: string | null
}

/** A payment and whom it reached. */
export interface MatchedPayment {
  paymentIndex: number
  householdId: number | null
  villageId: number | null
}

export interface LedgerCheckResult {
  matches: MatchedPayment[]
  findings: LedgerDiscrepancyFinding[]
  totals: {
    noticeHouseholds: number
    noticeFen: number
    paidRows: number
    paidFen: number
    /** households paid at least once */
    paidHouseholds: number
  }
}

/** Which register category a kind of discrepancy is filed under: 公示不实 when the notice does not show what is paid. */
export const LEDGER_PROBLEM_CATEGORY: Record<LedgerDiscrepancyKind, ProblemCategory> = {
  notOnNotice: 'falseNotice',
  amountDiffers: 'falseNotice',
  notPaid: 'paymentMismatch',
  paidAfterExit: 'paymentMismatch',
  paidTwice: 'paymentMismatch',
  paidDeceased: 'paymentMismatch',
  unknownPerson: 'paymentMismatch',
}

function keyOf(idNumber: string): string {
  // idMatchKey without its cleaning: callers give cleaned numbers
  return idNumber.length === 18 ? idNumber.slice(0, 6) + idNumber.slice(8, 17) : idNumber
}

/** Index people by full number and by 15-digit key; a key shared by two households matches no one. */
function personIndex(people: readonly RosterPerson[], households: readonly RosterHousehold[]) {
  const byFull = new Map<string, number>()
  const byKey = new Map<string, number>()
  const add = (idNumber: string, householdId: number) => {
    if (!byFull.has(idNumber)) byFull.set(idNumber, householdId)
    const key = keyOf(idNumber)
    const seen = byKey.get(key)
    if (seen === undefined) byKey.set(key, householdId)
    else if (seen !== householdId) byKey.set(key, -1)
  }
  // a household's head is one of its people even when the member list lacks them
  for (const h of households) add(h.idNumber, h.householdId)
  for (const p of people) add(p.idNumber, p.householdId)
  return (idNumber: string): number | null => {
    const household = byFull.get(idNumber) ?? byKey.get(keyOf(idNumber))
    return household === undefined || household < 0 ? null : household
  }
}

/** The comparison. Findings come in ledger order, then the households not paid in roster order. */
export function compareLedger(input: LedgerCheckInput): LedgerCheckResult {
  const households = new Map(input.households.map((h) => [h.householdId, h]))
  const find = personIndex(input.people, input.households)
  const deceased = new Map<string, DeceasedPerson>()
  for (const d of input.deceased) {
    deceased.set(d.idNumber, d)
    deceased.set(keyOf(d.idNumber), d)
  }
  const deceasedOf = (idNumber: string) => deceased.get(idNumber) ?? deceased.get(keyOf(idNumber)) ?? null

  const matches: MatchedPayment[] = []
  const findings: LedgerDiscrepancyFinding[] = []
  const firstPayment = new Map<number, LedgerPayment>()
  let paidFen = 0
  const inOrder = input.payments.every((p, i) => i === 0 || input.payments[i - 1].sheetRow <= p.sheetRow)
  const ordered = inOrder ? input.payments : [...input.payments].sort((a, b) => a.sheetRow - b.sheetRow || a.index - b.index)
  for (const payment of ordered) {
    paidFen += payment.amountFen
    const base = { paymentIndex: payment.index, name: payment.name, idNumber: payment.idNumber, paidFen: payment.amountFen }
    const householdId = payment.idNumber ? find(payment.idNumber) : null
    const household = householdId === null ? null : (households.get(householdId) ?? null)
    if (!household) {
      matches.push({ paymentIndex: payment.index, householdId: null, villageId: null })
      findings.push({ ...base, kind: 'unknownPerson', householdId: null, villageId: null, expectedFen: null, detail: payment.idNumber ? null : 'noIdNumber' })
      continue
    }
    matches.push({ paymentIndex: payment.index, householdId: household.householdId, villageId: household.villageId })
    const at = { ...base, householdId: household.householdId, villageId: household.villageId }
    const expected = input.notice.get(household.householdId) ?? null
    const dead = payment.idNumber ? deceasedOf(payment.idNumber) : null
    if (dead) findings.push({ ...at, kind: 'paidDeceased', expectedFen: expected, detail: dead.fact })
    const first = firstPayment.get(household.householdId)
    if (first) {
      findings.push({ ...at, kind: 'paidTwice', expectedFen: expected, detail: String(first.sheetRow) })
      continue
    }
    firstPayment.set(household.householdId, payment)
    if (expected === null) {
      const exited = household.status === 'exited' || (household.exitMonth !== null && household.exitMonth <= input.month)
      findings.push({ ...at, kind: exited ? 'paidAfterExit' : 'notOnNotice', expectedFen: null, detail: exited ? household.exitMonth : null })
    } else if (expected !== payment.amountFen) {
      findings.push({ ...at, kind: 'amountDiffers', expectedFen: expected, detail: null })
    }
  }

  let noticeFen = 0
  let noticeHouseholds = 0
  for (const h of input.households) {
    const expected = input.notice.get(h.householdId)
    if (expected === undefined) continue
    noticeFen += expected
    noticeHouseholds++
    if (firstPayment.has(h.householdId)) continue
    findings.push({
      kind: 'notPaid',
      householdId: h.householdId,
      villageId: h.villageId,
      paymentIndex: null,
      name: h.headName,
      idNumber: h.idNumber,
      expectedFen: expected,
      paidFen: null,
      detail: null,
    })
  }
  return {
    matches,
    findings,
    totals: {
      noticeHouseholds,
      noticeFen,
      paidRows: input.payments.length,
      paidFen,
      paidHouseholds: firstPayment.size,
    },
  }
}

// 检查督导: inspectors' visits (督查记录), key inspections of zero-report villages (重点督查), and rectification
// orders (责令整改) raised when work is found superficial (流于形式、走过场).
//
// An order's way: the inspector flags superficial work on a visit → the order, with a deadline (a date or N working
// days) → the village's cadre answers with the measures taken → the inspector accepts, or rejects with a reason,
// which sends it back to the cadre. Every step is one transaction: the order row (compare-and-set on its version),
// one audit row, and the village's workflow event (ORDER_ / ANSWER_ / REJECT_ / ACCEPT_RECTIFICATION) applied
// after the row is written, so the facts the machine counts include the change. An event the machine refuses
// rolls the whole step back and comes back as the machine's reason.
//
// A key inspection is a visit marked as such; it drives no event of its own, but COMPLETE_SUPERVISION counts it.
// Here: the pieces supervision and reports share (deadlines, text checks, accountability) and the village's
// supervision page (visits and orders listed); one order's page with its history is in supervisionOrder.server.ts, the
// writing steps are in supervisionSteps.server.ts.
import type { Selectable } from 'kysely'
import type { DB } from '../../db/connection.server'
import type { RectificationOrderTable } from '../../db/schema'
import { daysBetween, isDay } from '../../workflows/rules/dates'
import { loadWorkingDayCalendar } from './holidays.server'
import type { DeadlineInput, DeadlineNotes } from './problemWriteParts.server'
import { SUPERVISION_LIMITS, type OrderStatus } from './supervisionRules'
import type { Tx } from './versioned.server'

export type { DeadlineInput, DeadlineNotes }

export type OrderRow = Selectable<RectificationOrderTable>

// ————————————————————————————————————————— shared pieces —————————————————————————————————————————

/** Field error codes; their Chinese is t.supervision.errors[code]. */
export type SupervisionFieldError =
  | 'required'
  | 'tooLong'
  | 'invalidDate'
  | 'dateInFuture'
  | 'deadlinePast'
  | 'deadlineBeforeReceived'
  | 'workingDaysRange'
  | 'notKeySupervision'
  | 'beforeReceived'
  | 'supervisorInvalid'
  | 'problemNotInVillage'
  | 'problemRequired'

export type DeadlineResolution = { ok: true; on: string; notes: DeadlineNotes | null } | { ok: false; error: SupervisionFieldError }

/**
 * A deadline as a form gives it: a calendar day not before `notBefore`, or N working days (工作日) after `from`
 * on the official calendar with the township's corrections.
 */
export async function resolveDeadline(
  db: DB | Tx,
  input: DeadlineInput,
  from: string,
  notBefore = from,
  calendarScope: { townshipId?: number; villageId?: number } = {},
): Promise<DeadlineResolution> {
  if (input.kind === 'date') {
    if (!isDay(input.on)) return { ok: false, error: 'invalidDate' }
    if (input.on < notBefore) return { ok: false, error: 'deadlinePast' }
    return { ok: true, on: input.on, notes: null }
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > SUPERVISION_LIMITS.workingDays) return { ok: false, error: 'workingDaysRange' }
  // the township's own corrections (and its county's), never another township's (issue 11)
  const { day, uncoveredYears } = (await loadWorkingDayCalendar(db, calendarScope)).addWorkingDays(from, input.days)
  // a year the official calendar does not hold yet counts weekends only: the person is told so
  return { ok: true, on: day, notes: uncoveredYears.length ? { uncoveredYears } : null }
}

export function trimOrNull(value: string | null | undefined): string | null {
  const v = value?.trim()
  return v ? v : null
}

/** Required (or not) text within a length, as an error code or null. */
export function textError(value: string | null, max: number, required: boolean): SupervisionFieldError | null {
  if (!value) return required ? 'required' : null
  return [...value].length > max ? 'tooLong' : null
}

/** Who answers for a village and its households (问责): the 包村领导, the village's cadres, each household's 包户干部. */
export interface Accountability {
  villageLeader: string | null
  villageCadres: string[]
  householdCadres: Array<{ householdId: number; headName: string; cadre: string | null }>
}

export async function getAccountability(db: DB | Tx, q: { villageId: number; householdIds?: readonly number[] }): Promise<Accountability> {
  const ids = [...new Set(q.householdIds ?? [])]
  const [leader, cadres, households] = await Promise.all([
    db
      .selectFrom('villages')
      .leftJoin('users', 'users.id', 'villages.leader_user_id')
      .select('users.display_name as name')
      .where('villages.id', '=', q.villageId)
      .executeTakeFirst(),
    db
      .selectFrom('users')
      .select('display_name')
      .where('role', '=', 'cadre')
      .where('village_id', '=', q.villageId)
      .where('active', '=', 1)
      .orderBy('id')
      .execute(),
    ids.length
      ? db
          .selectFrom('households')
          .select(['id', 'head_name', 'responsible_cadre'])
          .where('id', 'in', ids)
          .where('village_id', '=', q.villageId)
          .orderBy('id')
          .execute()
      : Promise.resolve([]),
  ])
  return {
    villageLeader: leader?.name ?? null,
    villageCadres: cadres.map((c) => c.display_name),
    householdCadres: households.map((h) => ({ householdId: h.id, headName: h.head_name, cadre: h.responsible_cadre })),
  }
}

export function isOrderOverdue(o: { status: OrderStatus; deadline_on: string }, today: string): boolean {
  return o.status !== 'accepted' && o.deadline_on < today
}

// ————————————————————————————————————————— reading —————————————————————————————————————————

export interface VisitItem {
  id: number
  visitedOn: string
  inspectors: string
  checked: string
  findings: string
  keyInspection: boolean
  superficial: boolean
  createdByName: string | null
  households: Array<{ id: number; headName: string; responsibleCadre: string | null }>
  orderIds: number[]
}

export interface OrderItem {
  id: number
  visitId: number | null
  reason: string
  deadlineOn: string
  status: OrderStatus
  overdue: boolean
  daysOverdue: number
  createdAt: string
  createdByName: string | null
  version: number
}

export interface HouseholdChoice {
  id: number
  headName: string
  /** last four characters of the ID number, to tell two heads of the same name apart */
  idTail: string
}

export interface SupervisionPage {
  workflow: { state: string; zeroReport: boolean; keySupervision: boolean } | null
  /** newest first */
  visits: VisitItem[]
  /** unresolved first by deadline, then accepted */
  orders: OrderItem[]
  keyInspections: number
  /** the village's households for the visit form (empty unless asked for) */
  households: HouseholdChoice[]
  responsible: Accountability
}

const ORDER_RANK: Record<OrderStatus, number> = { open: 0, answered: 1, accepted: 2 }

export async function getSupervisionPage(
  db: DB,
  q: { campaignId: number; villageId: number; today: string; withHouseholds: boolean },
): Promise<SupervisionPage> {
  const [workflow, visits, links, orders, households, responsible] = await Promise.all([
    db
      .selectFrom('village_workflows')
      .select(['state', 'zero_report', 'key_supervision'])
      .where('campaign_id', '=', q.campaignId)
      .where('village_id', '=', q.villageId)
      .executeTakeFirst(),
    db
      .selectFrom('inspection_visits')
      .leftJoin('users', 'users.id', 'inspection_visits.created_by_user_id')
      .selectAll('inspection_visits')
      .select('users.display_name as createdByName')
      .where('inspection_visits.campaign_id', '=', q.campaignId)
      .where('inspection_visits.village_id', '=', q.villageId)
      .orderBy('inspection_visits.visited_on', 'desc')
      .orderBy('inspection_visits.id', 'desc')
      .execute(),
    db
      .selectFrom('inspection_visit_households')
      .innerJoin('inspection_visits', 'inspection_visits.id', 'inspection_visit_households.visit_id')
      .innerJoin('households', 'households.id', 'inspection_visit_households.household_id')
      .select(['inspection_visit_households.visit_id', 'households.id', 'households.head_name', 'households.responsible_cadre'])
      .where('inspection_visits.campaign_id', '=', q.campaignId)
      .where('inspection_visits.village_id', '=', q.villageId)
      .orderBy('households.id')
      .execute(),
    db
      .selectFrom('rectification_orders')
      .leftJoin('users', 'users.id', 'rectification_orders.created_by_user_id')
      .select([
        'rectification_orders.id',
        'rectification_orders.visit_id',
        'rectification_orders.reason',
        'rectification_orders.deadline_on',
        'rectification_orders.status',
        'rectification_orders.created_at',
        'rectification_orders.version',
        'users.display_name as createdByName',
      ])
      .where('rectification_orders.campaign_id', '=', q.campaignId)
      .where('rectification_orders.village_id', '=', q.villageId)
      .execute(),
    q.withHouseholds
      ? db.selectFrom('households').select(['id', 'head_name', 'id_number']).where('village_id', '=', q.villageId).orderBy('head_name').orderBy('id').execute()
      : Promise.resolve([]),
    getAccountability(db, { villageId: q.villageId }),
  ])
  const orderItems = orders
    .map((o): OrderItem => {
      const overdue = isOrderOverdue(o, q.today)
      return {
        id: o.id,
        visitId: o.visit_id,
        reason: o.reason,
        deadlineOn: o.deadline_on,
        status: o.status,
        overdue,
        daysOverdue: overdue ? daysBetween(o.deadline_on, q.today) : 0,
        createdAt: o.created_at,
        createdByName: o.createdByName,
        version: o.version,
      }
    })
    .sort((a, b) => ORDER_RANK[a.status] - ORDER_RANK[b.status] || a.deadlineOn.localeCompare(b.deadlineOn) || a.id - b.id)
  return {
    workflow: workflow ? { state: workflow.state, zeroReport: workflow.zero_report === 1, keySupervision: workflow.key_supervision === 1 } : null,
    visits: visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on,
      inspectors: v.inspectors,
      checked: v.checked,
      findings: v.findings,
      keyInspection: v.is_key_inspection === 1,
      superficial: v.superficial === 1,
      createdByName: v.createdByName,
      households: links.filter((l) => l.visit_id === v.id).map((l) => ({ id: l.id, headName: l.head_name, responsibleCadre: l.responsible_cadre })),
      orderIds: orderItems.filter((o) => o.visitId === v.id).map((o) => o.id),
    })),
    orders: orderItems,
    keyInspections: visits.filter((v) => v.is_key_inspection === 1).length,
    households: households.map((h) => ({ id: h.id, headName: h.head_name, idTail: h.id_number.slice(-4) })),
    responsible,
  }
}

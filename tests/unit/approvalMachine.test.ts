import { describe, expect, it } from 'vitest'
import { getStateNodes } from 'xstate/graph'
import { format } from '../../app/i18n'
import {
  applyEvent,
  approvalMachine,
  SnapshotVersionError,
  deadlineOf,
  eventsHandled,
  initialSnapshot,
  isOverdue,
  MACHINE_VERSION,
  persist,
  restore,
  stateKey,
  stepOf,
  type ApprovalEvent,
  type ApprovalSnapshot,
} from '../../workflows/approvalMachine'
import {
  APPROVAL_EVENT_LABELS,
  APPROVAL_EVENT_TYPES,
  APPROVAL_REFUSAL_TEXT,
  APPROVAL_ROLE_LABELS,
  APPROVAL_ROLES,
  APPROVAL_STATE_LABELS,
  APPROVAL_STEP_LABELS,
  APPROVAL_STEPS,
  EVENT_ROLES,
  HEARING_FORM_LABELS,
  HEARING_FORMS,
  mayActorSend,
  OBJECTION_RESULT_LABELS,
  OBJECTION_RESULTS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_KINDS,
  type ProposalKind,
} from '../../workflows/approvalSteps'
import { addDays } from '../../workflows/rules/dates'
import { createWorkingDayCalendar } from '../../workflows/rules/workingDays'

const PROPOSED_ON = '2026-07-01' // a Wednesday

function run(events: ApprovalEvent[], start: ApprovalSnapshot = initialSnapshot({ kind: 'stop', proposedOn: PROPOSED_ON })) {
  let snapshot = start
  for (const event of events) {
    const result = applyEvent(snapshot, event)
    if (!result.accepted) throw new Error(`refused ${event.type}: ${result.refusal.code}`)
    snapshot = result.snapshot
  }
  return snapshot
}

const fresh = (kind: ProposalKind = 'stop') => initialSnapshot({ kind, proposedOn: PROPOSED_ON })
// accepted on 07-02: the notice runs 07-02 … 07-08 and may end from 07-09
const inNotice = (kind: ProposalKind = 'stop') => run([{ type: 'ACCEPT', today: '2026-07-02' }], fresh(kind))
const atCounty = (kind: ProposalKind = 'stop') => run([{ type: 'NOTICE_ENDED', today: '2026-07-09' }], inNotice(kind))

describe('a proposal at the township', () => {
  it('waits for the township’s review from the day the village proposed it', () => {
    const s = fresh()
    expect(stateKey(s)).toBe('townshipReview.proposed')
    expect(stepOf(s)).toBe('townshipReview')
    expect(s.context.entries).toEqual([{ step: 'townshipReview', on: PROPOSED_ON }])
    expect(eventsHandled(s).sort()).toEqual(['ACCEPT', 'ORDER_HEARING', 'REFER_BACK', 'RETURN'])
  })

  it('goes on a seven-day notice from the day the township accepts it', () => {
    const s = inNotice()
    expect(stateKey(s)).toBe('inNotice')
    expect(s.context).toMatchObject({ noticeFrom: '2026-07-02', noticeTo: '2026-07-08' })
    expect(deadlineOf(s)).toEqual({ step: 'inNotice', since: '2026-07-02', due: '2026-07-08', uncoveredYears: [] })
  })

  it('runs a longer notice when the template sets one for the proposal', () => {
    const s = run([{ type: 'ACCEPT', today: '2026-07-02' }], initialSnapshot({ kind: 'enrol', proposedOn: PROPOSED_ON, limits: { notice: 10 } }))
    expect(s.context.noticeTo).toBe('2026-07-11')
    expect(s.context.limits).toEqual({ townshipReview: 5, notice: 10, countyReview: 10 })
  })

  it('goes back to the village only with the township’s reason', () => {
    expect(applyEvent(fresh(), { type: 'RETURN', today: PROPOSED_ON, reason: ' ' })).toMatchObject({ accepted: false, refusal: { code: 'reasonRequired' } })
    const s = run([{ type: 'RETURN', today: '2026-07-03', reason: '  家庭收入未写明来源 ' }])
    expect(stateKey(s)).toBe('returned')
    expect(s.context.lastReason).toBe('家庭收入未写明来源')
  })

  it('comes back to the township when the village revises a returned proposal', () => {
    const s = run([
      { type: 'RETURN', today: '2026-07-03', reason: '材料不全' },
      { type: 'REVISE', today: '2026-07-06' },
    ])
    expect(stateKey(s)).toBe('townshipReview.proposed')
    // the township's five working days start again from the revision
    expect(deadlineOf(s)).toMatchObject({ step: 'townshipReview', since: '2026-07-06', due: '2026-07-13' })
  })

  it('ends for good when the village withdraws a returned proposal', () => {
    const s = run([
      { type: 'RETURN', today: '2026-07-03', reason: '不符合停保条件' },
      { type: 'WITHDRAW', today: '2026-07-03' },
    ])
    expect(stateKey(s)).toBe('withdrawn')
    expect(s.status).toBe('done')
    expect(applyEvent(s, { type: 'REVISE', today: '2026-07-04' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
    expect(eventsHandled(s)).toEqual([])
  })

  it('is referred back for further checks with a reason, and comes back when the village resubmits it', () => {
    expect(applyEvent(fresh(), { type: 'REFER_BACK', today: PROPOSED_ON, reason: '' })).toMatchObject({ accepted: false, refusal: { code: 'reasonRequired' } })
    const checking = run([{ type: 'REFER_BACK', today: '2026-07-02', reason: '车辆情况未入户核实' }])
    expect(stateKey(checking)).toBe('furtherChecks')
    expect(applyEvent(checking, { type: 'ACCEPT', today: '2026-07-02' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
    expect(stateKey(run([{ type: 'RESUBMIT', today: '2026-07-07' }], checking))).toBe('townshipReview.proposed')
  })

  it('returns to the township once the record of the ordered hearing is written', () => {
    const hearing = run([{ type: 'ORDER_HEARING', today: '2026-07-02', form: 'democraticReview' }])
    expect(stateKey(hearing)).toBe('hearing')
    expect(hearing.context.hearing).toEqual({ form: 'democraticReview', orderedOn: '2026-07-02', record: null })
    expect(applyEvent(hearing, { type: 'RECORD_HEARING', today: '2026-07-03', record: ' ' })).toMatchObject({
      accepted: false,
      refusal: { code: 'recordRequired' },
    })
    expect(applyEvent(hearing, { type: 'ACCEPT', today: '2026-07-03' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
    const heard = run([{ type: 'RECORD_HEARING', today: '2026-07-05', record: '评议代表11人，9人同意停保' }], hearing)
    expect(stateKey(heard)).toBe('townshipReview.heard')
    expect(heard.context.hearing?.record).toBe('评议代表11人，9人同意停保')
    expect(stateKey(run([{ type: 'ACCEPT', today: '2026-07-06' }], heard))).toBe('inNotice')
  })

  it('refuses any step dated before the step began, or on no calendar day', () => {
    const s = inNotice()
    expect(applyEvent(s, { type: 'OBJECTION', today: '2026-07-01' })).toMatchObject({
      accepted: false,
      refusal: { code: 'badDate', params: { since: '2026-07-02' } },
    })
    expect(applyEvent(s, { type: 'OBJECTION', today: '2026-02-30' })).toMatchObject({ accepted: false, refusal: { code: 'badDate' } })
    expect(applyEvent(fresh(), { type: 'ACCEPT', today: '2026-06-30' })).toMatchObject({ accepted: false, refusal: { code: 'badDate' } })
  })
})

describe('the notice (审核结果公示)', () => {
  it('takes an objection only while the notice runs', () => {
    expect(applyEvent(fresh(), { type: 'OBJECTION', today: PROPOSED_ON })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
    expect(applyEvent(inNotice(), { type: 'OBJECTION', today: '2026-07-09' })).toMatchObject({
      accepted: false,
      refusal: { code: 'outsideNoticePeriod', params: { from: '2026-07-02', to: '2026-07-08' } },
    })
    const s = run([{ type: 'OBJECTION', today: '2026-07-08' }], inNotice())
    expect(stateKey(s)).toBe('inNotice')
    expect(s.context.objections).toEqual([{ no: 1, registeredOn: '2026-07-08', result: null, verifiedOn: null }])
    expect(applyEvent(atCounty(), { type: 'OBJECTION', today: '2026-07-09' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
  })

  it('cannot end before its last day has passed', () => {
    expect(applyEvent(inNotice(), { type: 'NOTICE_ENDED', today: '2026-07-08' })).toMatchObject({
      accepted: false,
      refusal: { code: 'noticeNotOver', params: { to: '2026-07-08' } },
    })
    expect(stateKey(atCounty())).toBe('countyReview')
  })

  it('cannot end while an objection is still to be verified', () => {
    const s = run(
      [
        { type: 'OBJECTION', today: '2026-07-03' },
        { type: 'OBJECTION', today: '2026-07-04' },
      ],
      inNotice(),
    )
    expect(applyEvent(s, { type: 'NOTICE_ENDED', today: '2026-07-09' })).toMatchObject({
      accepted: false,
      refusal: { code: 'openObjections', params: { open: 2 } },
    })
    const one = run([{ type: 'VERIFY_OBJECTION', today: '2026-07-05', no: 2, result: 'unsubstantiated' }], s)
    expect(applyEvent(one, { type: 'NOTICE_ENDED', today: '2026-07-09' })).toMatchObject({
      accepted: false,
      refusal: { code: 'openObjections', params: { open: 1 } },
    })
  })

  it('runs on after an objection found unsubstantiated, and goes to the county when it ends', () => {
    const s = run(
      [
        { type: 'OBJECTION', today: '2026-07-03' },
        { type: 'VERIFY_OBJECTION', today: '2026-07-06', no: 1, result: 'unsubstantiated' },
      ],
      inNotice(),
    )
    expect(stateKey(s)).toBe('inNotice')
    expect(s.context.objections[0]).toMatchObject({ result: 'unsubstantiated', verifiedOn: '2026-07-06' })
    expect(stateKey(run([{ type: 'NOTICE_ENDED', today: '2026-07-10' }], s))).toBe('countyReview')
  })

  it('sends the case back to the township when an objection is substantiated, and a new acceptance starts a new notice', () => {
    const back = run(
      [
        { type: 'OBJECTION', today: '2026-07-03' },
        { type: 'VERIFY_OBJECTION', today: '2026-07-05', no: 1, result: 'substantiated' },
      ],
      inNotice(),
    )
    expect(stateKey(back)).toBe('townshipReview.returnedFromNotice')
    expect(deadlineOf(back)).toMatchObject({ step: 'townshipReview', since: '2026-07-05' })
    const again = run([{ type: 'ACCEPT', today: '2026-07-07' }], back)
    expect(again.context).toMatchObject({ noticeFrom: '2026-07-07', noticeTo: '2026-07-13' })
    expect(applyEvent(again, { type: 'NOTICE_ENDED', today: '2026-07-10' })).toMatchObject({ accepted: false, refusal: { code: 'noticeNotOver' } })
  })

  it('verifies only an objection that is open', () => {
    const s = run([{ type: 'OBJECTION', today: '2026-07-03' }], inNotice())
    expect(applyEvent(s, { type: 'VERIFY_OBJECTION', today: '2026-07-04', no: 2, result: 'unsubstantiated' })).toMatchObject({
      accepted: false,
      refusal: { code: 'objectionNotOpen', params: { no: 2 } },
    })
    const done = run([{ type: 'VERIFY_OBJECTION', today: '2026-07-04', no: 1, result: 'unsubstantiated' }], s)
    expect(applyEvent(done, { type: 'VERIFY_OBJECTION', today: '2026-07-04', no: 1, result: 'substantiated' })).toMatchObject({
      accepted: false,
      refusal: { code: 'objectionNotOpen' },
    })
  })

  it('cannot be skipped: nothing goes to the county or is approved before the notice', () => {
    for (const s of [fresh(), inNotice()]) {
      expect(applyEvent(s, { type: 'APPROVE', today: '2026-07-20', effectiveMonth: '2026-08', exitDate: '2026-07-31' })).toMatchObject({
        accepted: false,
        refusal: { code: 'notNow' },
      })
    }
    expect(applyEvent(fresh(), { type: 'NOTICE_ENDED', today: '2026-07-20' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
  })
})

describe('the county’s decision (县审批)', () => {
  it('approves a stop only with the month it takes effect and the exit date', () => {
    const s = atCounty('stop')
    expect(applyEvent(s, { type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-13', exitDate: '2026-07-31' })).toMatchObject({
      accepted: false,
      refusal: { code: 'effectiveMonthRequired' },
    })
    expect(applyEvent(s, { type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08' })).toMatchObject({
      accepted: false,
      refusal: { code: 'exitDateRequired' },
    })
    const approved = run([{ type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', exitDate: '2026-07-31', amountFen: 50000 }], s)
    expect(stateKey(approved)).toBe('approved')
    expect(approved.status).toBe('done')
    expect(approved.context.decision).toEqual({ effectiveMonth: '2026-08', amountFen: null, exitDate: '2026-07-31' })
  })

  it('approves a stop with recovery (骗保) on the same terms as a stop', () => {
    const s = atCounty('stopAndRecover')
    expect(applyEvent(s, { type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', exitDate: '31/07/2026' })).toMatchObject({
      accepted: false,
      refusal: { code: 'exitDateRequired' },
    })
    expect(stateKey(run([{ type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', exitDate: '2026-07-31' }], s))).toBe('approved')
  })

  it('approves an adjustment or an enrolment only with a monthly amount above zero', () => {
    for (const kind of ['adjust', 'enrol'] as const) {
      const s = atCounty(kind)
      for (const amountFen of [undefined, null, 0, -100, 12.5]) {
        expect(applyEvent(s, { type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', amountFen }), `${kind} ${amountFen}`).toMatchObject({
          accepted: false,
          refusal: { code: 'amountRequired' },
        })
      }
      const approved = run([{ type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', amountFen: 48000, exitDate: '2026-07-31' }], s)
      expect(approved.context.decision).toEqual({ effectiveMonth: '2026-08', amountFen: 48000, exitDate: null })
    }
  })

  it('refuses only with a reason, and a refused proposal is final', () => {
    const s = atCounty()
    expect(applyEvent(s, { type: 'REFUSE', today: '2026-07-10', reason: '' })).toMatchObject({ accepted: false, refusal: { code: 'reasonRequired' } })
    const refused = run([{ type: 'REFUSE', today: '2026-07-10', reason: '停保依据不足' }], s)
    expect(stateKey(refused)).toBe('refused')
    expect(refused.status).toBe('done')
    expect(refused.context).toMatchObject({ lastReason: '停保依据不足', decision: null })
  })

  it('has ten working days from the end of the notice', () => {
    const s = atCounty()
    // 2026-07-09 is a Thursday: ten working days later is Thursday 07-23
    expect(deadlineOf(s)).toEqual({ step: 'countyReview', since: '2026-07-09', due: '2026-07-23', uncoveredYears: [] })
    expect(isOverdue(deadlineOf(s), '2026-07-23')).toBe(false)
    expect(isOverdue(deadlineOf(s), '2026-07-24')).toBe(true)
  })
})

describe('deadlines of the steps', () => {
  it('gives the township five working days, past the National Day holiday and its make-up Saturday', () => {
    const s = initialSnapshot({ kind: 'adjust', proposedOn: '2026-09-30' })
    // 10-01 … 10-07 are days off, 10-10 (Saturday) is worked: 10-08, 10-09, 10-10, 10-12, 10-13
    expect(deadlineOf(s)).toMatchObject({ step: 'townshipReview', since: '2026-09-30', due: '2026-10-13' })
  })

  it('counts the township’s own holiday corrections, and any working-day adder passed in', () => {
    const s = fresh()
    expect(deadlineOf(s)?.due).toBe('2026-07-08')
    expect(deadlineOf(s, createWorkingDayCalendar([{ day: '2026-07-02', kind: 'holiday' }]))?.due).toBe('2026-07-09')
    const everyDayWorks = { addWorkingDays: (day: string, n: number) => ({ day: addDays(day, n), uncoveredYears: [] }) }
    expect(deadlineOf(s, everyDayWorks)?.due).toBe('2026-07-06')
    expect(isOverdue(deadlineOf(s), '2026-07-09')).toBe(true)
  })

  it('takes a template’s own limits for the township and the county', () => {
    const s = initialSnapshot({ kind: 'stop', proposedOn: PROPOSED_ON, limits: { townshipReview: 3, countyReview: 15 } })
    expect(deadlineOf(s)?.due).toBe('2026-07-06')
    expect(() => initialSnapshot({ kind: 'stop', proposedOn: PROPOSED_ON, limits: { notice: 0 } })).toThrow(RangeError)
    expect(() => initialSnapshot({ kind: 'stop', proposedOn: '2026-7-1' })).toThrow(RangeError)
  })

  it('has no deadline while the village or a hearing has the case, nor once it is decided', () => {
    expect(deadlineOf(run([{ type: 'RETURN', today: '2026-07-02', reason: '材料不全' }]))).toBeNull()
    expect(deadlineOf(run([{ type: 'ORDER_HEARING', today: '2026-07-02', form: 'hearing' }]))).toBeNull()
    const approved = run([{ type: 'APPROVE', today: '2026-07-10', effectiveMonth: '2026-08', exitDate: '2026-07-31' }], atCounty())
    expect(deadlineOf(approved)).toBeNull()
    expect(isOverdue(null, '2030-01-01')).toBe(false)
  })

  it('keeps a timeline of every step entered, with its day', () => {
    const s = run(
      [
        { type: 'RETURN', today: '2026-07-02', reason: '材料不全' },
        { type: 'REVISE', today: '2026-07-03' },
        { type: 'ACCEPT', today: '2026-07-06' },
        { type: 'NOTICE_ENDED', today: '2026-07-13' },
        { type: 'REFUSE', today: '2026-07-14', reason: '收入未超标准' },
      ],
      fresh('stop'),
    )
    expect(s.context.entries).toEqual([
      { step: 'townshipReview', on: '2026-07-01' },
      { step: 'returned', on: '2026-07-02' },
      { step: 'townshipReview', on: '2026-07-03' },
      { step: 'inNotice', on: '2026-07-06' },
      { step: 'countyReview', on: '2026-07-13' },
      { step: 'refused', on: '2026-07-14' },
    ])
  })
})

describe('who may do what', () => {
  it('lets village cadres revise, withdraw and resubmit, the township examine and run the notice, and only the county decide', () => {
    expect(APPROVAL_EVENT_TYPES.filter((type) => mayActorSend('cadre', type))).toEqual(['REVISE', 'WITHDRAW', 'RESUBMIT'])
    const township = ['ACCEPT', 'RETURN', 'REFER_BACK', 'ORDER_HEARING', 'RECORD_HEARING', 'OBJECTION', 'VERIFY_OBJECTION', 'NOTICE_ENDED']
    expect(APPROVAL_EVENT_TYPES.filter((type) => mayActorSend('leader', type))).toEqual(township)
    expect(APPROVAL_EVENT_TYPES.filter((type) => mayActorSend('civilAffairs', type))).toEqual(township)
    expect(APPROVAL_EVENT_TYPES.filter((type) => mayActorSend('county', type))).toEqual(['APPROVE', 'REFUSE'])
    for (const role of ['inspector', 'liaison', 'admin', ''])
      expect(
        APPROVAL_EVENT_TYPES.some((type) => mayActorSend(role, type)),
        role,
      ).toBe(false)
  })

  it('names every event of the machine in the role table', () => {
    const machineEvents = [...new Set(getStateNodes(approvalMachine.root).flatMap((node) => node.ownEvents))].sort()
    expect(machineEvents).toEqual([...APPROVAL_EVENT_TYPES].sort())
    expect(Object.keys(EVENT_ROLES).sort()).toEqual([...APPROVAL_EVENT_TYPES].sort())
    for (const roles of Object.values(EVENT_ROLES)) expect(roles.every((r) => (APPROVAL_ROLES as readonly string[]).includes(r))).toBe(true)
  })
})

describe('words and storage', () => {
  it('labels every state, step, event, kind of proposal, role, hearing and verification result in Chinese', () => {
    const leaves = getStateNodes(approvalMachine.root)
      .filter((node) => node.type === 'atomic' || node.type === 'final')
      .map((node) => node.path.join('.'))
    expect(leaves.sort()).toEqual(Object.keys(APPROVAL_STATE_LABELS).sort())
    expect(Object.keys(approvalMachine.root.states).sort()).toEqual([...APPROVAL_STEPS].sort())
    const labels = [
      ...Object.values(APPROVAL_STATE_LABELS),
      ...Object.values(APPROVAL_STEP_LABELS),
      ...Object.values(APPROVAL_EVENT_LABELS),
      ...PROPOSAL_KINDS.map((k) => PROPOSAL_KIND_LABELS[k]),
      ...APPROVAL_ROLES.map((r) => APPROVAL_ROLE_LABELS[r]),
      ...HEARING_FORMS.map((f) => HEARING_FORM_LABELS[f]),
      ...OBJECTION_RESULTS.map((r) => OBJECTION_RESULT_LABELS[r]),
    ]
    for (const label of labels) expect(label).toMatch(/^[\u4e00-\u9fff（）()、/，]+$/)
    for (const [code, sentence] of Object.entries(APPROVAL_REFUSAL_TEXT)) {
      expect(format(sentence, { since: '2026-07-01', from: '2026-07-01', to: '2026-07-07', no: 1, open: 2 }), code).toMatch(/^[^{}]*[\u4e00-\u9fff][^{}]*。$/)
    }
  })

  it('restores a persisted proposal where it was, and refuses a snapshot from an unknown machine version', () => {
    const s = run([{ type: 'OBJECTION', today: '2026-07-03' }], inNotice('adjust'))
    const stored = JSON.parse(JSON.stringify(persist(s)))
    const restored = restore({ machineVersion: MACHINE_VERSION, snapshot: stored })
    expect(stateKey(restored)).toBe('inNotice')
    expect(restored.context).toEqual(s.context)
    expect(applyEvent(restored, { type: 'NOTICE_ENDED', today: '2026-07-09' })).toMatchObject({ accepted: false, refusal: { code: 'openObjections' } })
    expect(() => restore({ machineVersion: MACHINE_VERSION + 1, snapshot: stored })).toThrow(SnapshotVersionError)
  })

  it('upgrades a snapshot of an older machine version through its migration, and refuses one without', () => {
    const current = JSON.parse(JSON.stringify(persist(inNotice()))) as Record<string, unknown>
    // pretend version 0 kept a single notice end under another name
    const { noticeTo, ...rest } = current.context as Record<string, unknown>
    const old = { ...current, context: { ...rest, noticeEnd: noticeTo } }
    const upgrade = {
      [MACHINE_VERSION - 1]: (p: Record<string, unknown>) => {
        const { noticeEnd, ...context } = p.context as Record<string, unknown>
        return { ...p, context: { ...context, noticeTo: noticeEnd } }
      },
    }
    const restored = restore({ machineVersion: MACHINE_VERSION - 1, snapshot: old }, upgrade)
    expect(restored.context.noticeTo).toBe('2026-07-08')
    expect(applyEvent(restored, { type: 'NOTICE_ENDED', today: '2026-07-09' })).toMatchObject({ accepted: true, to: 'countyReview' })
    expect(() => restore({ machineVersion: MACHINE_VERSION - 1, snapshot: old }, {})).toThrow(SnapshotVersionError)
  })
})

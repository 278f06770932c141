import { describe, expect, it } from 'vitest'
import {
  applyEvent,
  initialSnapshot,
  persist,
  restore,
  stateKey,
  MACHINE_VERSION,
  SnapshotVersionError,
  type CampaignEvent,
  type CampaignSnapshot,
} from '../../workflows/campaignMachine'

function run(events: CampaignEvent[], start: CampaignSnapshot = initialSnapshot()) {
  let snapshot = start
  for (const event of events) {
    const result = applyEvent(snapshot, event)
    if (!result.accepted) throw new Error(`refused ${event.type}: ${result.refusal.code}`)
    snapshot = result.snapshot
  }
  return snapshot
}

const toSelfInspecting: CampaignEvent[] = [{ type: 'COMPLETE_MOBILISATION', openChecklistItems: 0 }]
const fullReport = (problemsFound: number): CampaignEvent => ({
  type: 'SUBMIT_SELF_INSPECTION',
  households: 50,
  reviewed: 50,
  homeVisited: 50,
  problemsFound,
  selfInspectionProblems: problemsFound,
  nonKeepOutcomes: 0,
})

describe('village campaign workflow', () => {
  it('starts every village in mobilisation', () => {
    expect(stateKey(initialSnapshot())).toBe('mobilisation')
  })

  it('keeps a village in mobilisation while its checklist has open items', () => {
    const result = applyEvent(initialSnapshot(), { type: 'COMPLETE_MOBILISATION', openChecklistItems: 2 })
    expect(result).toMatchObject({ accepted: false, refusal: { code: 'checklistIncomplete', params: { open: 2 } } })
  })

  it('refuses a self-inspection report below 100% coverage', () => {
    const s = run(toSelfInspecting)
    const r = applyEvent(s, {
      type: 'SUBMIT_SELF_INSPECTION',
      households: 50,
      reviewed: 49,
      homeVisited: 49,
      problemsFound: 3,
      selfInspectionProblems: 3,
      nonKeepOutcomes: 0,
    })
    expect(r).toMatchObject({ accepted: false, refusal: { code: 'coverageIncomplete', params: { done: 49, total: 50 } } })
    const r2 = applyEvent(s, {
      type: 'SUBMIT_SELF_INSPECTION',
      households: 50,
      reviewed: 50,
      homeVisited: 48,
      problemsFound: 3,
      selfInspectionProblems: 3,
      nonKeepOutcomes: 0,
    })
    expect(r2).toMatchObject({ accepted: false, refusal: { code: 'homeVisitsIncomplete' } })
  })

  it('puts a zero-report village on key supervision', () => {
    const s = run([...toSelfInspecting, fullReport(0)])
    expect(stateKey(s)).toBe('fullInspection.reportSubmitted')
    expect(s.context).toMatchObject({ zeroReport: true, keySupervision: true })
    const t = run([...toSelfInspecting, fullReport(4)])
    expect(t.context).toMatchObject({ zeroReport: false, keySupervision: false, problemsFound: 4 })
  })

  it('does not let a key-supervision village leave supervision without a key inspection', () => {
    const s = run([...toSelfInspecting, fullReport(0), { type: 'START_SUPERVISION', openChecklistItems: 0 }])
    const r = applyEvent(s, { type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 0 })
    expect(r).toMatchObject({ accepted: false, refusal: { code: 'keyInspectionMissing' } })
    expect(stateKey(run([{ type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 1 }], s))).toBe('summary.rectifying')
  })

  it('walks a rectification order through answer, rejection and acceptance', () => {
    const s = run([...toSelfInspecting, fullReport(2), { type: 'START_SUPERVISION', openChecklistItems: 0 }, { type: 'ORDER_RECTIFICATION', orderId: 1 }])
    expect(stateKey(s)).toBe('supervision.orderedToRectify')
    const answered = run([{ type: 'ANSWER_RECTIFICATION', orderId: 1, unansweredOrders: 0 }], s)
    expect(stateKey(answered)).toBe('supervision.awaitingVerification')
    const rejected = run([{ type: 'REJECT_RECTIFICATION', orderId: 1 }], answered)
    expect(stateKey(rejected)).toBe('supervision.orderedToRectify')
    const accepted = run(
      [
        { type: 'ANSWER_RECTIFICATION', orderId: 1, unansweredOrders: 0 },
        { type: 'ACCEPT_RECTIFICATION', orderId: 1, openOrders: 0, unansweredOrders: 0 },
      ],
      rejected,
    )
    expect(stateKey(accepted)).toBe('supervision.underSupervision')
    const blocked = applyEvent(s, { type: 'COMPLETE_SUPERVISION', openOrders: 1, keyInspections: 0 })
    expect(blocked).toMatchObject({ accepted: false, refusal: { code: 'openOrders' } })
  })

  it('closes only when the summary is written and every measure is closed', () => {
    const s = run([
      ...toSelfInspecting,
      fullReport(2),
      { type: 'START_SUPERVISION', openChecklistItems: 0 },
      { type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 0 },
    ])
    expect(applyEvent(s, { type: 'CLOSE', openMeasures: 0 })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
    const written = run([{ type: 'WRITE_SUMMARY', openChecklistItems: 0 }], s)
    expect(applyEvent(written, { type: 'CLOSE', openMeasures: 3 })).toMatchObject({ accepted: false, refusal: { code: 'openMeasures', params: { open: 3 } } })
    expect(stateKey(run([{ type: 'CLOSE', openMeasures: 0 }], written))).toBe('closed')
  })

  it('resumes supervision where its open rectification orders left it after a send-back', () => {
    const ordered = run([...toSelfInspecting, fullReport(2), { type: 'START_SUPERVISION', openChecklistItems: 0 }, { type: 'ORDER_RECTIFICATION', orderId: 7 }])
    const back = run([{ type: 'SEND_BACK', reason: '排查不实，重新自查' }, fullReport(3)], ordered)
    const resumed = run([{ type: 'START_SUPERVISION', openChecklistItems: 0, openOrders: 1, unansweredOrders: 1 }], back)
    expect(stateKey(resumed)).toBe('supervision.orderedToRectify')
    expect(stateKey(run([{ type: 'ANSWER_RECTIFICATION', orderId: 7, unansweredOrders: 0 }], resumed))).toBe('supervision.awaitingVerification')
    const answered = run([{ type: 'START_SUPERVISION', openChecklistItems: 0, openOrders: 1, unansweredOrders: 0 }], back)
    expect(stateKey(answered)).toBe('supervision.awaitingVerification')
  })

  it('keeps a village that once reported zero problems on key supervision after a second report', () => {
    const s = run([
      ...toSelfInspecting,
      fullReport(0),
      { type: 'START_SUPERVISION', openChecklistItems: 0 },
      { type: 'SEND_BACK', reason: '零报告不实' },
      fullReport(2),
    ])
    expect(s.context).toMatchObject({ zeroReport: false, keySupervision: true, problemsFound: 2 })
  })

  it('lets a leader send a village back one phase only with a reason', () => {
    const s = run([...toSelfInspecting, fullReport(1), { type: 'START_SUPERVISION', openChecklistItems: 0 }])
    expect(applyEvent(s, { type: 'SEND_BACK', reason: ' ' })).toMatchObject({ accepted: false, refusal: { code: 'reasonRequired' } })
    const back = run([{ type: 'SEND_BACK', reason: '入户调查走过场' }], s)
    expect(stateKey(back)).toBe('fullInspection.selfInspecting')
    expect(back.context.lastSendBackReason).toBe('入户调查走过场')
    expect(applyEvent(initialSnapshot(), { type: 'SEND_BACK', reason: '任意理由' })).toMatchObject({ accepted: false, refusal: { code: 'notNow' } })
  })

  it('restores a persisted snapshot and refuses one from an unknown machine version', () => {
    const s = run([...toSelfInspecting, fullReport(0)])
    const stored = JSON.parse(JSON.stringify(persist(s)))
    const restored = restore({ machineVersion: MACHINE_VERSION, snapshot: stored })
    expect(stateKey(restored)).toBe('fullInspection.reportSubmitted')
    expect(restored.context.keySupervision).toBe(true)
    expect(() => restore({ machineVersion: MACHINE_VERSION + 1, snapshot: stored })).toThrow(SnapshotVersionError)
  })

  it('upgrades a snapshot from an older machine version through its migration, and refuses one without', () => {
    const current = JSON.parse(JSON.stringify(persist(run([...toSelfInspecting, fullReport(0)]))))
    // pretend version 0 called full inspection 'inspection' and had no keySupervision flag
    const old = { ...current, value: { inspection: 'reportSubmitted' }, context: { zeroReport: true, problemsFound: 0, lastSendBackReason: null } }
    const upgrade = {
      [MACHINE_VERSION - 1]: (p: Record<string, unknown>) => ({
        ...p,
        value: { fullInspection: (p.value as { inspection: string }).inspection },
        context: { ...(p.context as object), keySupervision: (p.context as { zeroReport: boolean }).zeroReport },
      }),
    }
    const restored = restore({ machineVersion: MACHINE_VERSION - 1, snapshot: old }, upgrade)
    expect(stateKey(restored)).toBe('fullInspection.reportSubmitted')
    expect(restored.context.keySupervision).toBe(true)
    expect(applyEvent(restored, { type: 'START_SUPERVISION', openChecklistItems: 0 })).toMatchObject({ accepted: true, to: 'supervision.underSupervision' })
    expect(() => restore({ machineVersion: MACHINE_VERSION - 1, snapshot: old }, {})).toThrow(SnapshotVersionError)
  })
})

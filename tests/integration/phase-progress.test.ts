// The village page's progress line (issue 17): the four phases done / current / to come, and the next step forward
// with the machine's own reason it would be refused now, on the demo township.
import { describe, expect, it } from 'vitest'
import { getPhaseProgress } from '../../app/models/phaseProgress.server'
import { useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()

describe('the progress line', () => {
  it('shows 大孙庄村 in 全面排查, its self-inspection report waiting for 100% coverage', async () => {
    const progress = await getPhaseProgress(t.db, t.campaignId, t.village('大孙庄村'))
    expect(progress?.steps).toEqual([
      { phase: 'mobilisation', status: 'done' },
      { phase: 'fullInspection', status: 'current' },
      { phase: 'supervision', status: 'todo' },
      { phase: 'summary', status: 'todo' },
    ])
    expect(progress?.next).toBe('SUBMIT_SELF_INSPECTION')
    expect(progress?.refusal?.code).toBe('coverageIncomplete')
  })

  it('shows 红星村 under an open rectification order, which keeps 检查督导 from ending', async () => {
    const progress = await getPhaseProgress(t.db, t.campaignId, t.village('红星村'))
    expect(progress?.steps.find((s) => s.status === 'current')?.phase).toBe('supervision')
    expect(progress?.next).toBe('COMPLETE_SUPERVISION')
    expect(progress?.refusal).toMatchObject({ code: 'openOrders' })
  })

  it('shows 东风村 ahead in 总结整改, with what its next step still needs or that it may be taken', async () => {
    const progress = await getPhaseProgress(t.db, t.campaignId, t.village('东风村'))
    expect(progress?.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'current'])
    expect(['WRITE_SUMMARY', 'CLOSE']).toContain(progress?.next)
  })
})

import { describe, expect, it } from 'vitest'
import { plannedPhase, scheduleStatus, type PhaseWindow } from '../../workflows/rules/schedule'

const windows: PhaseWindow[] = [
  { phase: 'mobilisation', starts_on: '2026-06-01', ends_on: '2026-06-30' },
  { phase: 'fullInspection', starts_on: '2026-07-01', ends_on: '2026-08-20' },
  { phase: 'supervision', starts_on: '2026-08-21', ends_on: '2026-09-10' },
  { phase: 'summary', starts_on: '2026-09-11', ends_on: '2026-09-22' },
]

describe('schedule status', () => {
  it('counts a village still in full inspection after 08-20 as behind by the days since', () => {
    expect(scheduleStatus('fullInspection', windows, '2026-08-25')).toEqual({ kind: 'behind', days: 5, phase: 'fullInspection' })
  })
  it('counts the last day of the window as on schedule', () => {
    expect(scheduleStatus('fullInspection', windows, '2026-08-20')).toEqual({ kind: 'onSchedule' })
  })
  it('counts a closed village as done', () => {
    expect(scheduleStatus('closed', windows, '2026-10-01')).toEqual({ kind: 'done' })
  })
  it('names the phase the plan expects today', () => {
    expect(plannedPhase(windows, '2026-07-15')).toBe('fullInspection')
    expect(plannedPhase(windows, '2026-09-30')).toBeNull()
  })
})

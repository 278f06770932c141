// Being late is derived, never stored: a village still in a phase after that phase's window closed is behind.
import { daysBetween } from './dates'
import type { PhaseId } from '../phases'

export interface PhaseWindow {
  phase: PhaseId
  starts_on: string
  ends_on: string
}

export type ScheduleStatus = { kind: 'onSchedule' } | { kind: 'behind'; days: number; phase: PhaseId } | { kind: 'done' }

export function scheduleStatus(phase: PhaseId | 'closed', windows: readonly PhaseWindow[], today: string): ScheduleStatus {
  if (phase === 'closed') return { kind: 'done' }
  const window = windows.find((w) => w.phase === phase)
  if (window && window.ends_on < today) return { kind: 'behind', days: daysBetween(window.ends_on, today), phase }
  return { kind: 'onSchedule' }
}

/** The phase the plan puts the campaign in today (the first not yet over), or null once every window closed. */
export function plannedPhase(windows: readonly PhaseWindow[], today: string): PhaseId | null {
  const sorted = [...windows].sort((a, b) => a.starts_on.localeCompare(b.starts_on))
  return sorted.find((w) => today <= w.ends_on)?.phase ?? null
}

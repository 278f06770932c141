// A campaign's phase windows must be real dates, each ending on or after it starts, in phase order, and
// never overlapping. Returns problems as codes per phase and field; the app words them in Chinese.
import { isDay } from './dates'
import { PHASES, type PhaseId } from '../phases'

export interface WindowInput {
  phase: PhaseId
  starts_on: string
  ends_on: string
}

export type WindowProblem =
  | { phase: PhaseId; field: 'starts_on' | 'ends_on'; code: 'invalidDate' }
  | { phase: PhaseId; field: 'ends_on'; code: 'endsBeforeStart' }
  | { phase: PhaseId; field: 'starts_on'; code: 'overlapsPrevious'; previous: PhaseId }
  | { phase: PhaseId; field: 'starts_on'; code: 'missing' }

export function validateWindows(windows: readonly WindowInput[]): WindowProblem[] {
  const problems: WindowProblem[] = []
  const byPhase = new Map(windows.map((w) => [w.phase, w]))
  let previous: WindowInput | null = null
  for (const phase of PHASES) {
    const w = byPhase.get(phase)
    if (!w) {
      problems.push({ phase, field: 'starts_on', code: 'missing' })
      continue
    }
    const startOk = isDay(w.starts_on)
    const endOk = isDay(w.ends_on)
    if (!startOk) problems.push({ phase, field: 'starts_on', code: 'invalidDate' })
    if (!endOk) problems.push({ phase, field: 'ends_on', code: 'invalidDate' })
    if (startOk && endOk && w.ends_on < w.starts_on) problems.push({ phase, field: 'ends_on', code: 'endsBeforeStart' })
    if (startOk && previous && isDay(previous.ends_on) && w.starts_on <= previous.ends_on) {
      problems.push({ phase, field: 'starts_on', code: 'overlapsPrevious', previous: previous.phase })
    }
    previous = w
  }
  return problems
}

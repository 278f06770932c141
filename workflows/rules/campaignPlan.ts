// A new campaign's plan from its template and a chosen start day: the four windows back to back, each as long as
// the template says, and each township duty's due day. Pure, so the page, the command and the tests agree.
import type { CampaignTemplate } from '../template'
import { addDays } from './dates'
import type { PhaseWindow } from './schedule'

/** The template's windows laid end to end from `startOn` (the first phase starts that day). */
export function windowsFromStart(template: CampaignTemplate, startOn: string): PhaseWindow[] {
  const windows: PhaseWindow[] = []
  let next = startOn
  for (const phase of template.phases) {
    const ends = addDays(next, phase.durationDays - 1)
    windows.push({ phase: phase.id, starts_on: next, ends_on: ends })
    next = addDays(ends, 1)
  }
  return windows
}

export interface PlannedTownshipTask {
  key: string
  label: string
  sortOrder: number
  dueOn: string | null
}

/** Each township duty with its due day inside the campaign's windows (null when its phase has no window). */
export function townshipTaskDueDays(template: CampaignTemplate, windows: readonly PhaseWindow[]): PlannedTownshipTask[] {
  return template.townshipTasks.map((task, i) => {
    const window = windows.find((w) => w.phase === task.phase)
    let dueOn: string | null = null
    if (window) dueOn = task.due === 'end' ? window.ends_on : minDay(addDays(window.starts_on, task.due), window.ends_on)
    return { key: task.key, label: task.label, sortOrder: i, dueOn }
  })
}

function minDay(a: string, b: string): string {
  return a < b ? a : b
}

import { describe, expect, it } from 'vitest'
import { townshipTaskDueDays, windowsFromStart } from '../../workflows/rules/campaignPlan'
import { addDays, daysBetween } from '../../workflows/rules/dates'
import { validateWindows } from '../../workflows/rules/windows'
import { PHASES } from '../../workflows/phases'
import { pianYiTemplate, type CampaignTemplate } from '../../workflows/template'

describe('a new campaign’s windows from its start day', () => {
  const windows = windowsFromStart(pianYiTemplate, '2026-12-07')

  it('lays the four phases end to end from the start day, in phase order', () => {
    expect(windows.map((w) => w.phase)).toEqual([...PHASES])
    expect(windows[0].starts_on).toBe('2026-12-07')
    for (let i = 1; i < windows.length; i++) expect(windows[i].starts_on).toBe(addDays(windows[i - 1].ends_on, 1))
    expect(validateWindows(windows)).toEqual([])
  })

  it('makes each window as long as the template says (14, 51, 21 and 12 days for 篇一)', () => {
    expect(windows.map((w) => daysBetween(w.starts_on, w.ends_on) + 1)).toEqual([14, 51, 21, 12])
    expect(windows.map((w) => w.ends_on)).toEqual(['2026-12-20', '2027-02-09', '2027-03-02', '2027-03-14'])
  })

  it('crosses a month and a year end without a gap (a start on 31 December)', () => {
    const fromNewYearsEve = windowsFromStart(pianYiTemplate, '2026-12-31')
    expect(fromNewYearsEve[0]).toEqual({ phase: 'mobilisation', starts_on: '2026-12-31', ends_on: '2027-01-13' })
    expect(validateWindows(fromNewYearsEve)).toEqual([])
  })
})

describe('the township’s duties and their due days', () => {
  const windows = windowsFromStart(pianYiTemplate, '2026-12-07')
  const tasks = townshipTaskDueDays(pianYiTemplate, windows)

  it('gives every duty of the template a due day inside its phase’s window', () => {
    expect(tasks.map((t) => t.label)).toEqual(['制定专项整治方案', '召开动员部署会', '成立工作专班', '公布举报电话', '汇总上报总结报告'])
    for (const [i, task] of tasks.entries()) {
      const window = windows.find((w) => w.phase === pianYiTemplate.townshipTasks[i].phase)!
      expect(task.dueOn! >= window.starts_on && task.dueOn! <= window.ends_on, task.label).toBe(true)
    }
  })

  it('counts a duty’s days from its window’s start, and “end” is the window’s last day', () => {
    expect(tasks.map((t) => t.dueOn)).toEqual(['2026-12-13', '2026-12-16', '2026-12-16', '2026-12-20', '2027-03-14'])
  })

  it('keeps a due day inside a window shorter than the duty’s days', () => {
    const short: CampaignTemplate = { ...pianYiTemplate, phases: pianYiTemplate.phases.map((p) => (p.id === 'mobilisation' ? { ...p, durationDays: 3 } : p)) }
    const shortWindows = windowsFromStart(short, '2026-12-07')
    const due = townshipTaskDueDays(short, shortWindows)
    expect(due.find((t) => t.key === 'meeting')?.dueOn).toBe('2026-12-09')
  })

  it('leaves the due day empty for a duty whose phase has no window', () => {
    const due = townshipTaskDueDays(pianYiTemplate, windows.slice(0, 1))
    expect(due.find((t) => t.key === 'summaryReport')?.dueOn).toBeNull()
  })
})

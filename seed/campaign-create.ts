// npm run campaign:create -- --township 白杨镇 --template pian1 --start 2026-12-07 [--name 名称] [--villages 东岗村,西岗村]
//
// The page /campaigns/new from the command line: the template's windows from the start day, its checklist as it
// stands, every village of the township (or those named). Prints JSON — the campaign's id, name, template, windows
// with their working days, the villages enrolled, the township's duties — and exits
//   0 when the campaign was created,
//   1 when it was refused (a Chinese reason on standard error: an open campaign exists, unknown township …),
//   2 on a usage error.
// The database is the app's (DATABASE_URL, default data/app.db). Recorded as made by "命令行（<system user>）".
import os from 'node:os'
import { parseArgs } from 'node:util'
import { migrateToLatest, openDatabase, type DB } from '../db/connection.server'
import { format } from '../app/i18n'
import { t } from '../app/i18n/dictionary'
import { createCampaign, describeWindows, planCampaign } from '../app/models/campaignCreate.server'
import { loadWorkingDayCalendar } from '../app/models/holidays.server'
import { townshipTaskDueDays } from '../workflows/rules/campaignPlan'
import type { WindowProblem } from '../workflows/rules/windows'

export interface CampaignCliOptions {
  township: string
  template: string
  start: string
  name?: string
  /** village names; all of the township's when absent */
  villages?: string[]
  /** who ran it, for the audit row */
  user?: string
  at?: Date
}

export interface CampaignCliOutput {
  campaignId: number
  name: string
  template: string
  windows: Array<{ phase: string; label: string; starts_on: string; ends_on: string; workingDays: number }>
  villagesEnrolled: string[]
  townshipTasks: Array<{ label: string; dueOn: string | null }>
}

export type CampaignCliResult = { exitCode: 0; output: CampaignCliOutput } | { exitCode: 1; error: string }

const C = t.campaigns

function windowProblemText(p: WindowProblem): string {
  const problem = p.code === 'overlapsPrevious' ? format(t.campaignWindows.overlapsPrevious, { previous: t.phases[p.previous] }) : t.campaignWindows[p.code]
  return format(C.cli.windowProblem, { phase: t.phases[p.phase], problem })
}

/** Create the campaign as the command does; the CLI below only prints the result. */
export async function createCampaignFromCli(db: DB, options: CampaignCliOptions): Promise<CampaignCliResult> {
  const fail = (error: string) => ({ exitCode: 1, error }) as const
  const township = await db.selectFrom('townships').select(['id', 'name']).where('name', '=', options.township.trim()).executeTakeFirst()
  if (!township) return fail(format(C.cli.unknownTownship, { township: options.township }))
  const planned = await planCampaign(db, township.id, options.template, options.start)
  if (!planned.ok) return fail(C.errors[planned.kind])
  const plan = planned.plan
  let villages = plan.villages
  if (options.villages) {
    const wanted = options.villages.map((v) => v.trim()).filter(Boolean)
    const missing = wanted.find((name) => !plan.villages.some((v) => v.name === name))
    if (missing) return fail(format(C.cli.unknownVillage, { township: township.name, village: missing }))
    villages = plan.villages.filter((v) => wanted.includes(v.name))
  }
  const result = await createCampaign(
    db,
    {
      townshipId: township.id,
      templateKey: plan.template.key,
      name: options.name ?? plan.name,
      windows: plan.windows.map(({ phase, starts_on, ends_on }) => ({ phase, starts_on, ends_on })),
      checklist: plan.checklist,
      villageIds: villages.map((v) => v.id),
    },
    { userId: null, at: options.at ?? new Date(), operator: format(C.cli.actor, { user: options.user ?? os.userInfo().username }) },
  )
  if (!result.ok) {
    if (result.kind === 'invalidWindows') return fail([C.errors.invalidWindows, ...result.problems.map(windowProblemText)].join('\n'))
    return fail(C.errors[result.kind])
  }
  const calendar = await loadWorkingDayCalendar(db, { townshipId: township.id })
  return {
    exitCode: 0,
    output: {
      campaignId: result.campaignId,
      name: result.name,
      template: result.template.key,
      windows: describeWindows(result.template, calendar, result.windows).map(({ phase, label, starts_on, ends_on, workingDays }) => ({
        phase,
        label,
        starts_on,
        ends_on,
        workingDays,
      })),
      villagesEnrolled: villages.map((v) => v.name),
      townshipTasks: townshipTaskDueDays(result.template, result.windows).map((task) => ({ label: task.label, dueOn: task.dueOn })),
    },
  }
}

async function main() {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        township: { type: 'string' },
        template: { type: 'string', default: 'pian1' },
        start: { type: 'string' },
        name: { type: 'string' },
        villages: { type: 'string' },
      },
    }))
  } catch {
    values = null
  }
  if (!values?.township || !values.start || !values.template) {
    console.error(C.cli.usage)
    process.exit(2)
  }
  const { db } = openDatabase()
  try {
    await migrateToLatest(db)
    const result = await createCampaignFromCli(db, {
      township: values.township,
      template: values.template,
      start: values.start,
      name: values.name,
      villages: values.villages?.split(/[,，、]/),
    })
    if (result.exitCode === 0) console.log(JSON.stringify(result.output, null, 2))
    else {
      console.error(result.error)
      process.exitCode = 1
    }
  } finally {
    await db.destroy()
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()

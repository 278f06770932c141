// Over 400 lines on purpose: the demo township is one scripted story (villages, households, events, follow-ups) read top to bottom; split, it would be read across files.
// The demo township 清河镇 (DESIGN.md): 12 villages, 40–80 allowance households each, and a live campaign whose
// phase windows sit around `today`, so the demo shows villages in different phases, partial coverage,
// zero-report villages, superficial work flagged, and follow-ups overdue and due soon.
// Deterministic: the same `today` always builds the same township.
import bcrypt from 'bcryptjs'
import type { Kysely, Transaction } from 'kysely'
import type { Database, PhaseId } from '../db/schema'
import { appendAuditRow } from '../db/auditChain'
import { applyEvent, initialSnapshot, persist, stateKey, phaseOf, MACHINE_VERSION, type CampaignEvent } from '../workflows/campaignMachine'
import { pianYiTemplate } from '../workflows/template'
import { addTownshipTasks } from '../app/models/townshipTasks.server'
import { addDays, shanghaiInstant } from '../workflows/rules/dates'
import {
  KEY_CHECK_SITUATIONS,
  type ProblemCategory,
  type ProblemSource,
  type ReviewOutcome,
  type RoleKey,
  type VillageKind,
} from '../workflows/rules/vocabulary'
import { FINE_MULTIPLE, fraudAmountProblems } from '../workflows/rules/fraud'
import { countFindings } from '../workflows/rules/zeroReport'
import { present } from '../workflows/present'
import { seedDemoProposals } from './demoProposals'
import { seedDemoStandards } from './demoStandards'
import { seedDemoEconomicChecks } from './demoEconomicChecks'
import { chance, createRandom, idNumberFor, intBetween, personName, pick } from './random'
import { seedDemoMembers } from './demoMembers'
import { seedDemoDepartmentLists } from './demoDepartmentLists'
import { seedDemoLedger } from './demoLedger'
import { seedDemoCountySample } from './demoCountySample'

export const DEMO_PASSWORD = 'qinghe-demo'
export const DEMO_TOWNSHIP = '清河镇'
export const DEMO_SEED = 20140630

type Scenario =
  | { kind: 'inspecting'; coverage: number }
  | { kind: 'submitted'; problems: number }
  | { kind: 'supervision'; problems: number; keyInspection?: boolean }
  | { kind: 'ordered'; problems: number }
  | { kind: 'awaiting'; problems: number }
  | { kind: 'summary'; problems: number }

export interface DemoVillage {
  name: string
  code: string
  kind: VillageKind
  scenario: Scenario
}

/** The 12 villages in DESIGN.md's order and spelling; the scenario is what the demo shows for each. */
export const DEMO_VILLAGES: DemoVillage[] = [
  { name: '东风村', code: 'dongfeng', kind: 'village', scenario: { kind: 'summary', problems: 5 } },
  { name: '红星村', code: 'hongxing', kind: 'village', scenario: { kind: 'ordered', problems: 3 } },
  { name: '柳树屯村', code: 'liushutun', kind: 'village', scenario: { kind: 'awaiting', problems: 4 } },
  { name: '王家庄村', code: 'wangjiazhuang', kind: 'village', scenario: { kind: 'supervision', problems: 6 } },
  { name: '李家洼村', code: 'lijiawa', kind: 'village', scenario: { kind: 'inspecting', coverage: 0.72 } },
  { name: '河西村', code: 'hexi', kind: 'village', scenario: { kind: 'supervision', problems: 2 } },
  { name: '河东村', code: 'hedong', kind: 'village', scenario: { kind: 'supervision', problems: 0 } },
  { name: '北关社区', code: 'beiguan', kind: 'community', scenario: { kind: 'submitted', problems: 3 } },
  { name: '南关社区', code: 'nanguan', kind: 'community', scenario: { kind: 'supervision', problems: 5 } },
  { name: '新华村', code: 'xinhua', kind: 'village', scenario: { kind: 'supervision', problems: 0, keyInspection: true } },
  { name: '张庄村', code: 'zhangzhuang', kind: 'village', scenario: { kind: 'inspecting', coverage: 0.88 } },
  { name: '大孙庄村', code: 'dasunzhuang', kind: 'village', scenario: { kind: 'inspecting', coverage: 0.45 } },
]

/** Phase windows around today: full inspection closed a week ago, supervision runs, summary is ahead. */
export function demoPhaseWindows(today: string): Array<{ phase: PhaseId; starts_on: string; ends_on: string }> {
  return [
    { phase: 'mobilisation', starts_on: addDays(today, -60), ends_on: addDays(today, -46) },
    { phase: 'fullInspection', starts_on: addDays(today, -45), ends_on: addDays(today, -8) },
    { phase: 'supervision', starts_on: addDays(today, -7), ends_on: addDays(today, 10) },
    { phase: 'summary', starts_on: addDays(today, 11), ends_on: addDays(today, 22) },
  ]
}

/** The township duties done in mobilisation: key, days after the window's start, evidence (佐证). */
const DEMO_DUTIES_DONE: ReadonlyArray<readonly [string, number, string]> = [
  ['plan', 4, '镇政发〔2026〕12号'],
  ['meeting', 7, '动员部署会会议纪要（镇党政办〔2026〕5号）'],
  ['taskForce', 8, '镇党委〔2026〕9号：成立专项整治工作专班'],
  ['hotline', 10, '举报电话在镇政府公告栏和各村(居)务公开栏公布'],
]

/** the village cadre (村(居)干部) of each demo village, in DEMO_VILLAGES order */
const CADRE_NAMES = ['刘春梅', '陈建华', '赵德胜', '王秀英', '李振华', '张玉兰', '杨卫东', '黄淑珍', '吴学军', '徐海燕', '孙长山', '马翠花']

export interface DemoAccount {
  username: string
  displayName: string
  role: RoleKey
  village?: string
  /** a county user who also manages the county (县民政局管理员) */
  countyAdmin?: boolean
  /** a township account of the 镇民政所 (镇审核 of proposals, ADR 010) */
  civilAffairs?: boolean
  /** 包村干部: the villages they work */
  villages?: string[]
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'leader', displayName: '周建国', role: 'leader' },
  { username: 'inspector', displayName: '孙立新', role: 'inspector' },
  // 镇民政所: a township official who examines (镇审核) and runs the 公示, not a leader (no phase windows, no sending back)
  { username: 'minzheng', displayName: '冯丽娟', role: 'inspector', civilAffairs: true },
  { username: 'county', displayName: '郑海燕', role: 'county' },
  { username: 'county-admin', displayName: '钱志远', role: 'county', countyAdmin: true },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'baocun', displayName: '韩立平', role: 'liaison', villages: ['柳树屯村', '王家庄村'] },
  ...DEMO_VILLAGES.map((v, i) => ({ username: v.code, displayName: CADRE_NAMES[i], role: 'cadre' as const, village: v.name })),
]

/** Further township leaders who are 包村领导 of some villages (not sign-in accounts the README lists). */
const VILLAGE_LEADERS = [
  { username: 'baocun-wang', displayName: '王德明' },
  { username: 'baocun-li', displayName: '李国庆' },
]

const REGION = '371521' // a county-level code prefix for generated ID numbers
const CATEGORY_POOL = ['农村低保A类', '农村低保B类', '农村低保C类', '城市低保'] as const
const PROBLEM_POOL: ProblemCategory[] = ['wrongful', 'wrongful', 'favour', 'connection', 'irregular', 'irregular', 'fraud', 'missed', 'falseNotice']
const PROBLEM_TEXT: Record<ProblemCategory, string> = {
  favour: '家庭收入超标，系村干部亲属说情纳入',
  connection: '与村委会成员有亲属关系，未按规定备案',
  wrongful: '家庭成员名下有私家车，收入核算不实',
  missed: '困难家庭符合条件但未纳入低保',
  fraud: '隐瞒家庭成员务工收入骗取低保金',
  irregular: '复核登记表缺少入户调查签字',
  falseNotice: '公示栏名单与发放台账不一致',
  paymentMismatch: '发放金额与公示金额不符',
}
/** where the village's p-th problem came from: mostly its own self-inspection, one public report, one cross-check */
const problemSource = (p: number): ProblemSource => (p === 2 ? 'publicReport' : p === 4 ? 'crossCheck' : 'selfInspection')
const MEASURE_TEXT: Record<ProblemCategory, string> = {
  favour: '清退并追究相关人员责任',
  connection: '补办近亲属备案并重新审核',
  wrongful: '按程序清退',
  missed: '按程序纳入低保',
  fraud: '追回低保金并处罚款',
  irregular: '补正材料，完善入户调查记录',
  falseNotice: '重新张榜公示，核对发放台账',
  paymentMismatch: '核对发放明细，多发的追回、少发的补发',
}

export interface SeedOptions {
  today: string
  /** bcrypt cost; tests lower it to keep fixtures fast */
  bcryptCost?: number
}

type Tx = Transaction<Database> | Kysely<Database>

/** The demo's history is in the audit log like real work would be, so pages that show "who did what when" have it. */
async function audit(
  tx: Tx,
  entry: {
    at: string
    actor: number
    action: string
    entityType: string
    entityId: number
    villageId: number | null
    townshipId?: number
    before?: unknown
    after?: unknown
  },
) {
  // through the hash chain like every other audit row (db/auditChain.ts)
  await appendAuditRow(tx, {
    occurred_at: entry.at,
    actor_user_id: entry.actor,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    village_id: entry.villageId,
    township_id: entry.townshipId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: null,
  })
}

/** Build the demo township in one transaction. Returns the township id. */
export async function seedDemoTownship(db: Kysely<Database>, options: SeedOptions): Promise<number> {
  return db.transaction().execute((tx) => buildDemo(tx, options))
}

async function buildDemo(tx: Transaction<Database>, { today, bcryptCost = 10 }: SeedOptions): Promise<number> {
  const random = createRandom(DEMO_SEED)
  const nowIso = shanghaiInstant(today, 8)
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, bcryptCost)

  // 举报电话: printed on every notice (公示) of the township
  const township = await tx
    .insertInto('townships')
    .values({ name: DEMO_TOWNSHIP, county_name: '青山县', report_phone: '0531-87654321' })
    .returning('id')
    .executeTakeFirstOrThrow()

  const userIds = new Map<string, number>()
  const addUser = async (
    username: string,
    displayName: string,
    role: DemoAccount['role'],
    villageId: number | null,
    countyAdmin = false,
    civilAffairs = false,
  ) => {
    const row = await tx
      .insertInto('users')
      .values({
        username,
        display_name: displayName,
        password_hash: passwordHash,
        role,
        township_id: role === 'county' ? null : township.id,
        village_id: villageId,
        county_name: role === 'county' ? '青山县' : null,
        county_admin: countyAdmin ? 1 : 0,
        civil_affairs: civilAffairs ? 1 : 0,
        updated_at: nowIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    userIds.set(username, row.id)
    return row.id
  }
  const userId = (username: string) => present(userIds.get(username), `the demo user ${username}`)
  await tx.insertInto('counties').values({ name: '青山县' }).execute()
  for (const a of DEMO_ACCOUNTS.filter((a) => a.role !== 'cadre')) await addUser(a.username, a.displayName, a.role, null, a.countyAdmin, a.civilAffairs)
  for (const l of VILLAGE_LEADERS) await addUser(l.username, l.displayName, 'leader', null)
  const leaders = ['leader', ...VILLAGE_LEADERS.map((l) => l.username)].map((u) => userId(u))

  const campaign = await tx
    .insertInto('campaigns')
    .values({
      township_id: township.id,
      name: `${DEMO_TOWNSHIP}${pianYiTemplate.name}`,
      template_key: pianYiTemplate.key,
      started_on: demoPhaseWindows(today)[0].starts_on,
      summary_due_on: demoPhaseWindows(today)[3].ends_on,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const windows = demoPhaseWindows(today)
  await tx
    .insertInto('campaign_phases')
    .values(windows.map((w, i) => ({ campaign_id: campaign.id, phase: w.phase, sort_order: i, starts_on: w.starts_on, ends_on: w.ends_on })))
    .execute()
  const windowOf = (phase: PhaseId) =>
    present(
      windows.find((w) => w.phase === phase),
      `the window of ${phase}`,
    )
  // 乡镇工作清单: the template's duties; the mobilisation ones done by the leader on plausible days, with evidence.
  // The village checklists keep the template's wording (no campaign_checklist_items: campaignChecklist falls back).
  await addTownshipTasks(tx, { id: campaign.id, townshipId: township.id, templateKey: pianYiTemplate.key, windows }, new Date(nowIso))
  for (const [key, offset, note] of DEMO_DUTIES_DONE) {
    const doneOn = addDays(windowOf('mobilisation').starts_on, offset)
    const task = await tx
      .updateTable('township_tasks')
      .set({ owner_user_id: userId('leader'), done_on: doneOn, done_by_user_id: userId('leader'), evidence_note: note, version: 1 })
      .where('campaign_id', '=', campaign.id)
      .where('task_key', '=', key)
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(tx, {
      at: shanghaiInstant(doneOn, 17),
      actor: userId('leader'),
      action: 'townshipTask.update',
      entityType: 'township_task',
      entityId: task.id,
      villageId: null,
      townshipId: township.id,
      before: { owner_user_id: null, done_on: null, evidence_note: null },
      after: { owner_user_id: userId('leader'), done_on: doneOn, evidence_note: note },
    })
  }

  const usedIds = new Set<string>()
  let sequence = 0
  for (const [index, spec] of DEMO_VILLAGES.entries()) {
    const village = await tx
      .insertInto('villages')
      .values({
        township_id: township.id,
        name: spec.name,
        code: spec.code,
        kind: spec.kind,
        sort_order: index,
        leader_user_id: leaders[index % leaders.length],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cadre = present(
      DEMO_ACCOUNTS.find((a) => a.username === spec.code),
      `the cadre of ${spec.code}`,
    )
    const cadreId = await addUser(cadre.username, cadre.displayName, 'cadre', village.id)
    const cadreNames = [personName(random), personName(random), personName(random)]
    const villageLeaderId = leaders[index % leaders.length]
    const cadreRelatives = new Set<number>()

    // — households —
    const householdCount = intBetween(random, 40, 80)
    const households: Array<{ id: number; amount: number }> = []
    for (let h = 0; h < householdCount; h++) {
      let idNumber: string
      do idNumber = idNumberFor(random, REGION, ++sequence)
      while (usedIds.has(idNumber))
      usedIds.add(idNumber)
      const members = intBetween(random, 1, 5)
      const covered = Math.max(1, members - (chance(random, 0.3) ? 1 : 0))
      const amount = covered * intBetween(random, 28, 42) * 1000
      const situations = KEY_CHECK_SITUATIONS.filter(() => chance(random, 0.08))
      const row = await tx
        .insertInto('households')
        .values({
          village_id: village.id,
          head_name: personName(random),
          id_number: idNumber,
          member_count: members,
          covered_count: covered,
          category: pick(random, CATEGORY_POOL),
          monthly_amount_fen: amount,
          responsible_cadre: pick(random, cadreNames),
          phone: `1${pick(random, ['35', '39', '58', '87'])}${String(intBetween(random, 0, 99999999)).padStart(8, '0')}`,
          key_check_situations: JSON.stringify(situations),
          // 近亲属备案 (drawn where it always was, so the demo stays as it was): filed before the campaign; 东风村's
          // last household is its own cadre's near relative (the demo's recusal), the others a 村委会 member's without an account
          ...demoNearRelative(chance(random, 0.03), {
            cadreOwn: spec.code === 'dongfeng' && h === householdCount - 1,
            cadreId,
            name: cadreNames[h % cadreNames.length],
            filedOn: addDays(windowOf('mobilisation').starts_on, -(20 + h)),
          }),
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      households.push({ id: row.id, amount })
      if (spec.code === 'dongfeng' && h === householdCount - 1) cadreRelatives.add(row.id)
    }

    // — the workflow, replayed event by event so the history is real —
    let snapshot = initialSnapshot()
    const workflowRows: Array<{ version: number; event: CampaignEvent; actor: number; day: string; from: string; to: string }> = []
    let phaseEnteredOn = windowOf('mobilisation').starts_on
    const send = (event: CampaignEvent, actor: number, day: string) => {
      const result = applyEvent(snapshot, event)
      if (!result.accepted) throw new Error(`demo seed: ${spec.name} ${event.type} refused (${result.refusal.code})`)
      if (phaseOf(result.snapshot) !== phaseOf(snapshot)) phaseEnteredOn = day
      workflowRows.push({ version: workflowRows.length + 1, event, actor, day, from: result.from, to: result.to })
      snapshot = result.snapshot
    }

    const s = spec.scenario
    // every village finished mobilisation on time and entered full inspection as its window opened
    send({ type: 'COMPLETE_MOBILISATION', openChecklistItems: 0 }, cadreId, windowOf('fullInspection').starts_on)

    const coverage = s.kind === 'inspecting' ? s.coverage : 1
    const reviewedCount = Math.round(householdCount * coverage)
    const visitedCount = s.kind === 'inspecting' ? Math.max(0, reviewedCount - intBetween(random, 1, 3)) : reviewedCount
    const problemCount = s.kind === 'inspecting' ? Math.round(coverage * 4) : s.problems
    const inspection = windowOf('fullInspection')

    // problems pick distinct households; their review outcome follows the category
    const problemHouseholds = households.slice(0, reviewedCount)
    const chosen: Array<{ category: ProblemCategory; householdId: number | null; amount: number }> = []
    for (let p = 0; p < problemCount; p++) {
      const category = pick(random, PROBLEM_POOL)
      const h = category === 'missed' ? null : problemHouseholds[(p * 7 + 3) % problemHouseholds.length]
      chosen.push({ category, householdId: h?.id ?? null, amount: h?.amount ?? 0 })
    }
    const outcomeOf = new Map<number, ProblemCategory>()
    for (const c of chosen) if (c.householdId) outcomeOf.set(c.householdId, c.category)
    // a village whose self-inspection found nothing (河东村, 新华村) concludes every review 继续保障 (零报告)
    const findsNothing = problemCount === 0
    const outcomes: ReviewOutcome[] = []

    for (let h = 0; h < reviewedCount; h++) {
      const household = households[h]
      const reviewDay = addDays(inspection.starts_on, Math.min(intBetween(random, 1, 36), 36))
      const category = outcomeOf.get(household.id)
      const outcome =
        category === 'fraud'
          ? 'fraud'
          : category === 'wrongful' || category === 'favour' || category === 'connection'
            ? 'exit'
            : chance(random, 0.08) && !findsNothing
              ? 'adjust'
              : 'keep'
      outcomes.push(outcome)
      // drawn in the order the row's columns always drew them, so the demo's names and visits stay as they were
      const homeVisitBy = h < visitedCount ? `${pick(random, cadreNames)}、${pick(random, cadreNames)}` : null
      const riskSignals = outcome === 'exit' ? JSON.stringify([pick(random, ['privateCar', 'businessLicence', 'multipleHomes', 'pension'])]) : '[]'
      // 骗保: the allowance of 3 to 12 months recovered (amounts are whole ¥10), a fine of 1 to 3 times that (第六十八条)
      // in tenths of the multiple, so always whole fen and within the law
      const recoveredFen = outcome === 'fraud' ? household.amount * intBetween(random, 3, 12) : null
      const fineFen = recoveredFen === null ? null : (recoveredFen * intBetween(random, FINE_MULTIPLE.min * 10, FINE_MULTIPLE.max * 10)) / 10
      if (outcome === 'fraud' && fraudAmountProblems({ recoveredFen, fineFen }).length)
        throw new Error(`demo seed: ${spec.name} fraud amounts break 第六十八条`)
      await tx
        .insertInto('household_reviews')
        .values({
          campaign_id: campaign.id,
          household_id: household.id,
          village_id: village.id,
          income_checked: 1,
          property_checked: 1,
          home_visit_on: h < visitedCount ? reviewDay : null,
          home_visit_by: homeVisitBy,
          key_check_situations: '[]',
          risk_signals: riskSignals,
          outcome,
          adjusted_amount_fen: outcome === 'adjust' ? Math.max(10000, household.amount - 5000) : null,
          exit_reason: outcome === 'exit' ? PROBLEM_TEXT[present(category, 'the problem behind an exit')] : null,
          exit_on: outcome === 'exit' || outcome === 'fraud' ? reviewDay : null,
          fraud_recovered_fen: recoveredFen,
          fraud_fine_fen: fineFen,
          // the cadre's own near relative is reviewed by the village's 包村领导 (回避)
          reviewed_by_user_id: cadreRelatives.has(household.id) ? villageLeaderId : cadreId,
          reviewed_at: shanghaiInstant(reviewDay, 15),
          version: 1,
          updated_at: shanghaiInstant(reviewDay, 15),
        })
        .execute()
      // 清退/骗保/调整 are proposals (拟): the household changes only when the county approves (seed/demoProposals.ts)
    }

    // 漏保: a newly found eligible family enrolled
    for (const c of chosen.filter((c) => c.category === 'missed')) {
      let idNumber: string
      do idNumber = idNumberFor(random, REGION, ++sequence)
      while (usedIds.has(idNumber))
      usedIds.add(idNumber)
      const row = await tx
        .insertInto('households')
        .values({
          village_id: village.id,
          head_name: personName(random),
          id_number: idNumber,
          member_count: 3,
          covered_count: 3,
          category: '农村低保B类',
          monthly_amount_fen: 3 * 35000,
          responsible_cadre: cadreNames[0],
          phone: null,
          key_check_situations: '[]',
          near_relative_filing: 0,
          enrolment: 'newlyEnrolled',
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      c.householdId = row.id
    }

    // — the problem register —
    for (const [p, c] of chosen.entries()) {
      const foundOn = addDays(inspection.starts_on, 5 + p * 3)
      // a mix: some verified, some rectified, some open and overdue, some due within days
      const bucket = p % 4
      const status =
        s.kind === 'summary'
          ? bucket === 0
            ? 'rectifying'
            : 'verified'
          : bucket === 0
            ? 'open'
            : bucket === 1
              ? 'rectifying'
              : bucket === 2
                ? 'rectified'
                : 'verified'
      const deadline = bucket === 0 ? addDays(today, -intBetween(random, 1, 6)) : bucket === 1 ? addDays(today, intBetween(random, 1, 3)) : addDays(foundOn, 15)
      // 专人督办: 张庄村's first problem, open and overdue, is serious; a township leader supervises it
      const supervised = p === 0 && status === 'open' && spec.name === '张庄村'
      const problem = await tx
        .insertInto('problems')
        .values({
          campaign_id: campaign.id,
          village_id: village.id,
          household_id: c.householdId,
          category: c.category,
          source: problemSource(p),
          description: PROBLEM_TEXT[c.category],
          measure: MEASURE_TEXT[c.category],
          responsible_person: pick(random, cadreNames),
          deadline_on: deadline,
          status,
          found_on: foundOn,
          created_by_user_id: cadreId,
          verified_by_user_id: status === 'verified' ? userId('inspector') : null,
          verified_at: status === 'verified' ? shanghaiInstant(addDays(foundOn, 10), 10) : null,
          is_serious: supervised ? 1 : 0,
          supervisor_user_id: supervised ? userId('leader') : null,
          supervisor_deadline_on: supervised ? addDays(today, 3) : null,
          version: supervised ? 2 : 1,
          updated_at: shanghaiInstant(foundOn, 11),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(tx, {
        at: shanghaiInstant(foundOn, 11),
        actor: cadreId,
        action: 'problem.create',
        entityType: 'problem',
        entityId: problem.id,
        villageId: village.id,
        after: { category: c.category, description: PROBLEM_TEXT[c.category], status: 'open' },
      })
      if (supervised)
        await audit(tx, {
          at: shanghaiInstant(foundOn, 16),
          actor: userId('leader'),
          action: 'problem.assignSupervisor',
          entityType: 'problem',
          entityId: problem.id,
          villageId: village.id,
          after: { is_serious: 1, supervisor_user_id: userId('leader'), supervisor_deadline_on: addDays(today, 3) },
        })
      if (status === 'verified') {
        await audit(tx, {
          at: shanghaiInstant(addDays(foundOn, 10), 10),
          actor: userId('inspector'),
          action: 'problem.verify',
          entityType: 'problem',
          entityId: problem.id,
          villageId: village.id,
          before: { status: 'rectified' },
          after: { status: 'verified' },
        })
      }
    }

    if (s.kind !== 'inspecting') {
      const reportDay = addDays(inspection.ends_on, s.kind === 'submitted' ? 2 : -intBetween(random, 1, 5))
      send(
        {
          type: 'SUBMIT_SELF_INSPECTION',
          households: householdCount,
          reviewed: reviewedCount,
          homeVisited: visitedCount,
          problemsFound: problemCount,
          ...countFindings(
            chosen.map((_, p) => ({ source: problemSource(p) })),
            outcomes,
          ),
        },
        cadreId,
        reportDay,
      )
      if (s.kind !== 'submitted') {
        const supervisionStart = windowOf('supervision').starts_on
        send({ type: 'START_SUPERVISION', openChecklistItems: 0 }, leaders[0], supervisionStart)
        const inspectorId = userId('inspector')
        if (s.kind === 'ordered' || s.kind === 'awaiting') {
          const visitDay = addDays(today, s.kind === 'ordered' ? -6 : -5)
          const visit = await tx
            .insertInto('inspection_visits')
            .values({
              campaign_id: campaign.id,
              village_id: village.id,
              visited_on: visitDay,
              inspectors: '孙立新、吴春梅',
              checked: '抽查复核登记表10份，入户走访3户',
              findings: s.kind === 'ordered' ? '复核登记表多处由村干部代签，入户调查流于形式、走过场' : '公示栏未更新，部分复核表缺少财产核查记录',
              superficial: s.kind === 'ordered' ? 1 : 0,
              created_by_user_id: inspectorId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          await audit(tx, {
            at: shanghaiInstant(visitDay, 16),
            actor: inspectorId,
            action: 'inspectionVisit.create',
            entityType: 'inspectionVisit',
            entityId: visit.id,
            villageId: village.id,
            after: { visited_on: visitDay, superficial: s.kind === 'ordered' ? 1 : 0 },
          })
          for (const h of households.slice(0, 3))
            await tx.insertInto('inspection_visit_households').values({ visit_id: visit.id, household_id: h.id }).execute()
          const order = await tx
            .insertInto('rectification_orders')
            .values({
              campaign_id: campaign.id,
              village_id: village.id,
              visit_id: visit.id,
              reason: s.kind === 'ordered' ? '入户调查走过场，责令重新入户核查并补正登记表' : '公示栏未及时更新，责令重新公示',
              deadline_on: s.kind === 'ordered' ? addDays(today, -2) : addDays(today, 3),
              status: s.kind === 'ordered' ? 'open' : 'answered',
              response: s.kind === 'awaiting' ? '已重新张榜公示并拍照存档，补齐了全部财产核查记录' : null,
              responded_by_user_id: s.kind === 'awaiting' ? cadreId : null,
              responded_at: s.kind === 'awaiting' ? shanghaiInstant(addDays(today, -1), 16) : null,
              // the awaiting village's first answer was rejected once (公示照片不清晰) and answered again
              decision_note: s.kind === 'awaiting' ? '公示照片不清晰，无法核对公示内容，请补充' : null,
              decided_by_user_id: s.kind === 'awaiting' ? inspectorId : null,
              decided_at: s.kind === 'awaiting' ? shanghaiInstant(addDays(today, -3), 10) : null,
              created_by_user_id: inspectorId,
              version: s.kind === 'awaiting' ? 3 : 0,
              updated_at: shanghaiInstant(visitDay, 17),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          const orderAudit = (day: string, hour: number, actor: number, action: string, after: Record<string, unknown>) =>
            audit(tx, { at: shanghaiInstant(day, hour), actor, action, entityType: 'rectificationOrder', entityId: order.id, villageId: village.id, after })
          await orderAudit(visitDay, 17, inspectorId, 'rectificationOrder.create', { status: 'open' })
          send({ type: 'ORDER_RECTIFICATION', orderId: order.id }, inspectorId, visitDay)
          if (s.kind === 'awaiting') {
            await orderAudit(addDays(today, -4), 15, cadreId, 'rectificationOrder.answer', { status: 'answered', response: '已重新张榜公示' })
            send({ type: 'ANSWER_RECTIFICATION', orderId: order.id, unansweredOrders: 0 }, cadreId, addDays(today, -4))
            await orderAudit(addDays(today, -3), 10, inspectorId, 'rectificationOrder.reject', {
              status: 'open',
              decision_note: '公示照片不清晰，无法核对公示内容，请补充',
            })
            send({ type: 'REJECT_RECTIFICATION', orderId: order.id }, inspectorId, addDays(today, -3))
            await orderAudit(addDays(today, -1), 16, cadreId, 'rectificationOrder.answer', {
              status: 'answered',
              response: '已重新张榜公示并拍照存档，补齐了全部财产核查记录',
            })
            send({ type: 'ANSWER_RECTIFICATION', orderId: order.id, unansweredOrders: 0 }, cadreId, addDays(today, -1))
          }
        } else if (s.kind === 'supervision') {
          const visitDay = addDays(today, -intBetween(random, 2, 5))
          if (s.keyInspection || s.problems > 0) {
            await tx
              .insertInto('inspection_visits')
              .values({
                campaign_id: campaign.id,
                village_id: village.id,
                visited_on: visitDay,
                inspectors: '孙立新',
                checked: s.keyInspection ? '零报告村重点督查：抽查复核登记表15份，入户走访5户' : '查阅台账，抽查复核登记表5份',
                findings: s.keyInspection ? '抽查未发现新问题，零报告属实' : '工作扎实，资料齐全',
                is_key_inspection: s.keyInspection ? 1 : 0,
                created_by_user_id: inspectorId,
              })
              .execute()
          }
        } else if (s.kind === 'summary') {
          send({ type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections: 0 }, leaders[0], addDays(today, -1))
        }
      }
    }

    // checklist rows for every phase; done for the phases behind the village, partly for the current one
    const currentIndex = phaseIndex(phaseOf(snapshot))
    for (const [pi, phase] of pianYiTemplate.phases.entries()) {
      for (const [ii, item] of phase.checklist.entries()) {
        const window = windowOf(phase.id)
        // an item the data decides (item.rule) is never ticked: its figure decides it (issue 17)
        const done =
          !item.rule &&
          (pi < currentIndex ||
            (pi === currentIndex && ii < Math.floor(phase.checklist.length / 2) && !(phase.id === 'fullInspection' && ii === 0 && s.kind === 'inspecting')))
        const doneOn = done ? addDays(window.starts_on, Math.min(2 + ii * 3, 12)) : null
        await tx
          .insertInto('checklist_items')
          .values({
            campaign_id: campaign.id,
            village_id: village.id,
            phase: phase.id,
            item_key: item.key,
            sort_order: ii,
            done_on: doneOn && doneOn > today ? today : doneOn,
            done_by_user_id: done ? cadreId : null,
            note: null,
            updated_at: nowIso,
          })
          .execute()
      }
    }

    const workflow = await tx
      .insertInto('village_workflows')
      .values({
        campaign_id: campaign.id,
        village_id: village.id,
        machine_version: MACHINE_VERSION,
        snapshot: JSON.stringify(persist(snapshot)),
        state: stateKey(snapshot),
        phase: phaseOf(snapshot),
        version: workflowRows.length,
        zero_report: snapshot.context.zeroReport ? 1 : 0,
        key_supervision: snapshot.context.keySupervision ? 1 : 0,
        phase_entered_on: phaseEnteredOn,
        updated_at: workflowRows.length ? shanghaiInstant(workflowRows[workflowRows.length - 1].day, 10) : nowIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const row of workflowRows) {
      const { type, ...payload } = row.event
      await tx
        .insertInto('workflow_events')
        .values({
          workflow_id: workflow.id,
          version: row.version,
          event_type: type,
          payload: JSON.stringify(payload),
          actor_user_id: row.actor,
          occurred_at: shanghaiInstant(row.day, 10, row.version),
          from_state: row.from,
          to_state: row.to,
        })
        .execute()
    }
  }

  // — public reports (举报/信访) —
  const villageId = async (name: string) =>
    (await tx.selectFrom('villages').select('id').where('township_id', '=', township.id).where('name', '=', name).executeTakeFirstOrThrow()).id
  // 包村干部: the villages each works
  for (const account of DEMO_ACCOUNTS.filter((a) => a.villages))
    for (const name of account.villages ?? [])
      await tx
        .insertInto('village_liaisons')
        .values({ user_id: userId(account.username), village_id: await villageId(name) })
        .execute()
  const wang = await villageId('王家庄村')
  const nanguan = await villageId('南关社区')
  const hexi = await villageId('河西村')
  const complaintBase = { campaign_id: campaign.id, created_by_user_id: userId('leader'), updated_at: nowIso, is_major: 0, version: 0 }
  const dongfeng = await villageId('东风村')
  // a substantiated report about one household: verified, a problem registered from it, and closed
  const reported = await tx
    .selectFrom('households')
    .select(['id', 'head_name'])
    .where('village_id', '=', dongfeng)
    .where('enrolment', '=', 'roster')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  const reportedProblem = await tx
    .insertInto('problems')
    .values({
      campaign_id: campaign.id,
      village_id: dongfeng,
      household_id: reported.id,
      category: 'favour',
      source: 'publicReport',
      description: '群众举报：该户子女在县城经商，家庭收入超过低保标准',
      measure: '按程序清退，追究经办人责任',
      responsible_person: '刘春梅',
      deadline_on: addDays(today, -8),
      status: 'verified',
      found_on: addDays(today, -16),
      created_by_user_id: userId('inspector'),
      verified_by_user_id: userId('inspector'),
      verified_at: shanghaiInstant(addDays(today, -6), 10),
      version: 2,
      updated_at: shanghaiInstant(addDays(today, -6), 10),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await tx
    .insertInto('complaints')
    .values({
      ...complaintBase,
      village_id: dongfeng,
      household_id: reported.id,
      channel: 'online',
      received_on: addDays(today, -18),
      deadline_on: addDays(today, -11),
      content: `网上举报：低保户${reported.head_name}家子女在县城经商，收入较高`,
      reporter_name: '李某',
      reporter_contact: '135****8820',
      verification_result: 'substantiated',
      verification_note: '入户核查并调取工商登记，情况属实，已登记问题并清退',
      verified_by_user_id: userId('inspector'),
      verified_on: addDays(today, -16),
      problem_id: reportedProblem.id,
      status: 'closed',
      version: 2,
    })
    .execute()
  await tx
    .insertInto('complaints')
    .values([
      {
        ...complaintBase,
        village_id: wang,
        channel: 'hotline',
        received_on: addDays(today, -12),
        deadline_on: addDays(today, -3),
        content: '反映村民某某家有两套楼房仍享受低保',
        reporter_name: '匿名',
        reporter_contact: '138****6612',
        status: 'open',
      },
      {
        ...complaintBase,
        village_id: nanguan,
        channel: 'visit',
        received_on: addDays(today, -4),
        deadline_on: addDays(today, 6),
        content: '多名居民联名信访，反映社区干部亲属违规享受低保',
        reporter_name: '刘某等5人',
        reporter_contact: '139****2210',
        is_major: 1,
        supervisor_user_id: userId('baocun-li'),
        supervisor_deadline_on: addDays(today, 5),
        status: 'open',
      },
      {
        ...complaintBase,
        village_id: hexi,
        channel: 'letter',
        received_on: addDays(today, -20),
        deadline_on: addDays(today, -10),
        content: '反映低保户家中有人在外务工收入较高',
        reporter_name: '王某',
        reporter_contact: '158****0071',
        verification_result: 'unsubstantiated',
        verification_note: '经入户核查，务工人员已分户，不属实',
        verified_by_user_id: userId('inspector'),
        verified_on: addDays(today, -14),
        status: 'verified',
      },
    ])
    .execute()
  for (const c of await tx.selectFrom('complaints').selectAll().where('campaign_id', '=', campaign.id).execute()) {
    const entry = { entityType: 'complaint', entityId: c.id, villageId: c.village_id, townshipId: township.id }
    await audit(tx, {
      ...entry,
      at: shanghaiInstant(c.received_on, 9),
      actor: userId('leader'),
      action: 'complaint.create',
      after: { channel: c.channel, status: 'open' },
    })
    if (c.verified_on) {
      await audit(tx, {
        ...entry,
        at: shanghaiInstant(c.verified_on, 15),
        actor: present(c.verified_by_user_id, 'who verified the complaint'),
        action: 'complaint.verify',
        after: { verification_result: c.verification_result, status: 'verified', problem_id: c.problem_id },
      })
    }
    if (c.status === 'closed')
      await audit(tx, {
        ...entry,
        at: shanghaiInstant(addDays(present(c.verified_on, 'when the complaint was verified'), 2), 10),
        actor: userId('leader'),
        action: 'complaint.close',
        after: { status: 'closed' },
      })
    if (c.supervisor_user_id) {
      await audit(tx, {
        ...entry,
        at: shanghaiInstant(c.received_on, 11),
        actor: userId('leader'),
        action: 'complaint.assignSupervisor',
        after: { supervisor_user_id: c.supervisor_user_id, supervisor_deadline_on: c.supervisor_deadline_on },
      })
    }
  }

  await seedDemoStandards(tx, { countyName: '青山县', createdByUserId: userId('county-admin'), today })
  await seedDemoEconomicChecks(tx, { campaignId: campaign.id })
  await seedDemoProposals(tx, { campaignId: campaign.id, today, userId })
  // 家庭成员 for every household, once they all exist (seed/demoMembers.ts)
  await seedDemoMembers(tx, { townshipId: township.id, today, at: nowIso })
  await seedDemoDepartmentLists(tx, { countyName: '青山县', townshipId: township.id, today, at: nowIso, userId: userId('county'), userName: '郑海燕' })
  await seedDemoLedger(tx, { townshipId: township.id, today, at: nowIso, userId: userId('leader'), userName: '周建国' })
  await seedDemoCountySample(tx, { countyName: '青山县', campaignId: campaign.id, today, userId })

  return township.id
}

function phaseIndex(phase: PhaseId | 'closed'): number {
  return phase === 'closed' ? 4 : pianYiTemplate.phases.findIndex((p) => p.id === phase)
}

/** A demo household's 近亲属备案 columns: filed or not (the drawn chance, or the village cadre's own relative). */
function demoNearRelative(drawn: boolean, q: { cadreOwn: boolean; cadreId: number; name: string; filedOn: string }) {
  if (!drawn && !q.cadreOwn) return { near_relative_filing: 0 }
  return {
    near_relative_filing: 1,
    near_relative_filed_on: q.filedOn,
    near_relative_official_user_id: q.cadreOwn ? q.cadreId : null,
    near_relative_official_name: q.cadreOwn ? null : q.name,
    near_relative_note: q.cadreOwn ? '本村(居)干部之兄' : '村(居)委会成员近亲属',
  }
}

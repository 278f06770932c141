// Over 400 lines on purpose: one generator whose bulk is buildVillage, the replay of one village's scenario; split, its parts would share every pool and the Context.
// npm run seed:county -- --out FILE [--townships N] [--villages-per-township N] [--households N] [--seed N]
//                        [--today YYYY-MM-DD] [--force]
// A county-scale SQLite database for benchmarks (bench/README.md): by default 青山县 with 20 townships × 20
// villages and 100,000 allowance households, each township running its own campaign whose windows sit around
// `today` as the demo's do. Every village's workflow is the replay of its event history through the real
// machine, so the app can open the file as it is (DATABASE_URL=FILE npm run serve).
// Deterministic for a given --seed and --today (password hashes aside: bcrypt salts are random).
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import bcrypt from 'bcryptjs'
import SQLite from 'better-sqlite3'
import { applySqliteSettings, describeDatabaseUrl, migrateToLatest, openDatabase } from '../db/connection.server'
import type { PhaseId } from '../db/schema'
import {
  applyEvent,
  initialSnapshot,
  persist,
  phaseOf,
  stateKey,
  MACHINE_VERSION,
  type CampaignEvent,
  type CampaignSnapshot,
} from '../workflows/campaignMachine'
import { pianYiTemplate } from '../workflows/template'
import { present } from '../workflows/present'
import { addDays, isDay, shanghaiDay, shanghaiInstant } from '../workflows/rules/dates'
import { KEY_CHECK_SITUATIONS, type ProblemCategory, type ProblemSource, type ReviewOutcome } from '../workflows/rules/vocabulary'
import { FINE_MULTIPLE, fraudAmountProblems } from '../workflows/rules/fraud'
import { countFindings } from '../workflows/rules/zeroReport'
import { DEMO_PASSWORD, demoPhaseWindows } from './demo'
import { chance, createRandom, idNumberFor, intBetween, personName, pick, type Random } from './random'
import { townshipNames, villageNames } from './county/names'
import { BulkWriter } from './county/sqlite'

export const COUNTY_NAME = '青山县'
/** given names of the bench county's generated family members (the head's surname before them) */
const MEMBER_GIVEN = ['', '秀兰', '小明', '小红', '小军', '小梅']

export const COUNTY_DEFAULTS = { townships: 20, villagesPerTownship: 20, households: 100_000, seed: 20140701 } as const

export interface CountyOptions {
  /** the SQLite file to write */
  out: string
  townships?: number
  villagesPerTownship?: number
  /** allowance households in the whole county (150–350 a village before scaling to this total) */
  households?: number
  seed?: number
  /** the day the campaign is seen from (YYYY-MM-DD); defaults to today in Shanghai */
  today?: string
  /** replace an existing file */
  force?: boolean
}

export interface CountySummary {
  file: string
  county: string
  today: string
  seed: number
  townships: number
  villages: number
  households: number
  users: number
  reviews: number
  problems: number
  orders: number
  inspectionVisits: number
  complaints: number
  checklistItems: number
  workflows: number
  workflowEvents: number
  seconds: number
  fileBytes: number
}

/** Bad arguments or a file in the way: the command prints the message and writes nothing. */
export class CountyError extends Error {}

// — what a village shows; weights are percentages of the county's villages —
type Scenario =
  | 'mobilisation' // 动员部署 never completed: far behind
  | 'inspecting' // 全面排查, coverage still partial
  | 'submitted' // self-inspection report in, supervision not started yet
  | 'supervising' // 检查督导
  | 'sentBack' // sent back from supervision to redo the self-inspection, then resubmitted
  | 'ordered' // 责令整改, the village has not answered
  | 'rejected' // answered, the inspector rejected the answer
  | 'awaiting' // answered, awaiting the inspector's verification
  | 'orderAccepted' // an order answered and accepted, back under supervision
  | 'summary' // 总结整改
  | 'summaryWritten'
  | 'closed'

const SCENARIO_WEIGHTS: ReadonlyArray<readonly [Scenario, number]> = [
  ['mobilisation', 2],
  ['inspecting', 23],
  ['submitted', 9],
  ['supervising', 35],
  ['sentBack', 2],
  ['ordered', 3],
  ['rejected', 1],
  ['awaiting', 2.5],
  ['orderAccepted', 0.5],
  ['summary', 14],
  ['summaryWritten', 5],
  ['closed', 3],
]
const NOT_REPORTED: ReadonlySet<Scenario> = new Set(['mobilisation', 'inspecting'])
const BEFORE_SUPERVISION: ReadonlySet<Scenario> = new Set(['mobilisation', 'inspecting', 'submitted'])
const PAST_SUPERVISION: ReadonlySet<Scenario> = new Set(['summary', 'summaryWritten', 'closed'])
const ORDER_SCENARIOS: ReadonlySet<Scenario> = new Set(['ordered', 'rejected', 'awaiting', 'orderAccepted'])

const REGIONS = ['371521', '371521', '371521', '371521', '371521', '371521', '371521', '371521', '371522', '371502'] as const
const CATEGORY_POOL = ['农村低保A类', '农村低保B类', '农村低保B类', '农村低保C类', '城市低保'] as const
const PROBLEM_POOL: ProblemCategory[] = [
  'wrongful',
  'wrongful',
  'wrongful',
  'favour',
  'connection',
  'irregular',
  'irregular',
  'irregular',
  'fraud',
  'missed',
  'falseNotice',
]
// 自查 70%, 信息核对 15%, 群众举报 10%, 媒体曝光 5% (督查发现 comes from the inspection visits below)
const SOURCE_POOL: ProblemSource[] = [
  ...Array<ProblemSource>(14).fill('selfInspection'),
  'crossCheck',
  'crossCheck',
  'crossCheck',
  'publicReport',
  'publicReport',
  'media',
]
const PROBLEM_TEXT: Record<ProblemCategory, readonly string[]> = {
  favour: ['家庭收入超标，系村干部亲属说情纳入', '不符合条件，经人情关系纳入低保'],
  connection: ['与村委会成员有亲属关系，未按规定备案', '低保经办人员近亲属享受低保未备案'],
  wrongful: [
    '家庭成员名下有私家车，收入核算不实',
    '家庭成员经营个体工商户，收入超标',
    '家庭拥有两套以上住房',
    '子女已参加工作，家庭收入超过标准',
    '家庭成员已退休领取养老金',
  ],
  missed: ['困难家庭符合条件但未纳入低保', '重病致贫家庭符合条件未申请'],
  fraud: ['隐瞒家庭成员务工收入骗取低保金', '隐瞒家庭财产骗取低保'],
  irregular: ['复核登记表缺少入户调查签字', '未按规定开展民主评议', '档案资料不全，缺少收入核查材料'],
  falseNotice: ['公示栏名单与发放台账不一致', '未按规定进行两榜公示'],
  paymentMismatch: ['发放金额与公示金额不符', '退出后仍在发放'],
}
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
const EXIT_CATEGORIES: ReadonlySet<ProblemCategory> = new Set(['wrongful', 'favour', 'connection'])
const RISK_BY_CATEGORY = ['privateCar', 'businessLicence', 'multipleHomes', 'pension', 'graduatedOrEmployed', 'ableToWork'] as const
const COMPLAINT_TEXT = [
  '反映村民某某家有两套楼房仍享受低保',
  '反映低保户家中有人在外务工收入较高',
  '反映村干部亲属违规享受低保',
  '反映某户家庭有私家车仍领取低保金',
  '反映困难家庭多次申请低保未获批准',
  '反映低保公示名单与实际发放不一致',
  '反映某户经营商店仍享受低保',
] as const
const CHANNELS = ['hotline', 'hotline', 'hotline', 'letter', 'visit', 'online', 'media'] as const
const ORDER_REASONS = [
  '入户调查走过场，责令重新入户核查并补正登记表',
  '复核登记表多处代签，责令逐户重新核实',
  '公示栏未及时更新，责令重新公示',
  '问题台账不完整，责令补充整改措施和责任人',
] as const

export async function generateCounty(options: CountyOptions): Promise<CountySummary> {
  const started = performance.now()
  const o = normalise(options)
  prepareFile(o.out, o.force)

  // the schema through the app's own migrations, then the rows through raw prepared statements
  const { db } = openDatabase({ url: o.out, bulk: true })
  try {
    await migrateToLatest(db)
  } finally {
    await db.destroy()
  }
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10)

  const sqlite = new SQLite(o.out)
  const writer = new BulkWriter(sqlite)
  try {
    applySqliteSettings(sqlite, true)
    sqlite.pragma('cache_size = -131072')
    sqlite.pragma('temp_store = MEMORY')
    sqlite.transaction(() => buildCounty(writer, o, passwordHash))()
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    sqlite.close()
  }

  const fileBytes = [o.out, `${o.out}-wal`, `${o.out}-shm`].reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0)
  return {
    file: o.out,
    county: COUNTY_NAME,
    today: o.today,
    seed: o.seed,
    townships: writer.count('townships'),
    villages: writer.count('villages'),
    households: writer.count('households'),
    users: writer.count('users'),
    reviews: writer.count('household_reviews'),
    problems: writer.count('problems'),
    orders: writer.count('rectification_orders'),
    inspectionVisits: writer.count('inspection_visits'),
    complaints: writer.count('complaints'),
    checklistItems: writer.count('checklist_items'),
    workflows: writer.count('village_workflows'),
    workflowEvents: writer.count('workflow_events'),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    fileBytes,
  }
}

type Normalised = Required<CountyOptions>

function normalise(options: CountyOptions): Normalised {
  const o: Normalised = {
    out: options.out,
    townships: options.townships ?? COUNTY_DEFAULTS.townships,
    villagesPerTownship: options.villagesPerTownship ?? COUNTY_DEFAULTS.villagesPerTownship,
    households: options.households ?? COUNTY_DEFAULTS.households,
    seed: options.seed ?? COUNTY_DEFAULTS.seed,
    today: options.today ?? shanghaiDay(new Date()),
    force: options.force ?? false,
  }
  if (!o.out) throw new CountyError('请用 --out 指定要写入的 SQLite 文件。')
  if (describeDatabaseUrl(o.out).dialect !== 'sqlite') throw new CountyError('--out 须是一个 SQLite 文件路径。')
  o.out = describeDatabaseUrl(o.out).location
  const positive = (name: string, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 1 || value > max) throw new CountyError(`${name} 须是 1 到 ${max} 之间的整数（收到 ${value}）。`)
  }
  positive('--townships', o.townships, 999)
  positive('--villages-per-township', o.villagesPerTownship, 999)
  positive('--households', o.households, 10_000_000)
  if (!Number.isInteger(o.seed)) throw new CountyError(`--seed 须是整数（收到 ${o.seed}）。`)
  if (o.households < o.townships * o.villagesPerTownship * 10) throw new CountyError('--households 须至少是村数的10倍（每村至少10户）。')
  if (!isDay(o.today)) throw new CountyError(`--today 须是 YYYY-MM-DD 格式的日期（收到 ${o.today}）。`)
  return o
}

function prepareFile(file: string, force: boolean) {
  const companions = [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
  if (fs.existsSync(file)) {
    if (!force) throw new CountyError(`文件 ${file} 已存在；加 --force 覆盖。`)
    if (!fs.statSync(file).isFile()) throw new CountyError(`${file} 不是文件。`)
  }
  if (force) for (const f of companions) fs.rmSync(f, { force: true })
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
}

/** `total` split over `parts`, each drawn from min..max and then scaled so the parts add up exactly. */
export function spread(random: Random, parts: number, total: number, min: number, max: number): number[] {
  const raw = Array.from({ length: parts }, () => intBetween(random, min, max))
  const rawSum = raw.reduce((a, b) => a + b, 0)
  const scaled = raw.map((r) => (r * total) / rawSum)
  const sizes = scaled.map(Math.floor)
  let rest = total - sizes.reduce((a, b) => a + b, 0)
  const byRemainder = scaled.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; rest > 0; k++, rest--) sizes[byRemainder[k % parts][1]]++
  return sizes
}

function pickScenario(random: Random): Scenario {
  const total = SCENARIO_WEIGHTS.reduce((n, [, w]) => n + w, 0)
  let roll = random() * total
  for (const [scenario, weight] of SCENARIO_WEIGHTS) {
    roll -= weight
    if (roll < 0) return scenario
  }
  return 'supervising'
}

/** A random day from `from` to `to` (both included); `from` when the range is empty. */
function dayBetween(random: Random, from: string, to: string): string {
  if (to <= from) return from
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
  return addDays(from, intBetween(random, 0, span))
}

const minDay = (a: string, b: string) => (a < b ? a : b)
const maxDay = (a: string, b: string) => (a > b ? a : b)
const phone = (random: Random) => `1${pick(random, ['35', '39', '58', '87', '52'])}${String(intBetween(random, 0, 99_999_999)).padStart(8, '0')}`
const maskedPhone = (random: Random) => `1${pick(random, ['38', '39', '58', '87'])}****${String(intBetween(random, 0, 9999)).padStart(4, '0')}`

interface Context {
  w: BulkWriter
  random: Random
  today: string
  nowIso: string
  passwordHash: string
  usedIdNumbers: Set<string>
  householdSequence: number
}

function buildCounty(w: BulkWriter, o: Normalised, passwordHash: string) {
  const random = createRandom(o.seed)
  const nowIso = shanghaiInstant(o.today, 8)
  const ctx: Context = { w, random, today: o.today, nowIso, passwordHash, usedIdNumbers: new Set(), householdSequence: 0 }
  const names = townshipNames(random, o.townships)
  const sizes = spread(random, o.townships * o.villagesPerTownship, o.households, 150, 350)
  const width = Math.max(2, String(Math.max(o.townships, o.villagesPerTownship)).length)
  const num = (n: number) => String(n).padStart(width, '0')

  // the county itself: its 低保标准, 信息核对 lists and 县级抽查 hang on this row
  w.insert('counties', { name: COUNTY_NAME })
  w.insert('users', {
    username: 'county',
    display_name: '郑海燕',
    password_hash: passwordHash,
    role: 'county',
    township_id: null,
    village_id: null,
    county_name: COUNTY_NAME,
    phone: null,
    updated_at: nowIso,
  })

  for (const [t, townshipName] of names.entries()) {
    const prefix = `t${num(t + 1)}`
    const townshipId = w.insert('townships', { name: townshipName, county_name: COUNTY_NAME })
    const user = (suffix: string, displayName: string, role: 'leader' | 'inspector' | 'admin' | 'cadre', villageId: number | null) =>
      w.insert('users', {
        username: `${prefix}-${suffix}`,
        display_name: displayName,
        password_hash: passwordHash,
        role,
        township_id: townshipId,
        village_id: villageId,
        county_name: null,
        phone: null,
        updated_at: nowIso,
      })
    const leaderName = personName(random)
    const inspectorNames = [personName(random), personName(random)]
    const leaderId = user('leader', leaderName, 'leader', null)
    const inspectorId = user('inspector', inspectorNames[0], 'inspector', null)
    user('admin', '系统管理员', 'admin', null)

    const campaignId = w.insert('campaigns', { township_id: townshipId, name: `${townshipName}${pianYiTemplate.name}`, template_key: pianYiTemplate.key })
    // each township keeps its own calendar: the same shape as the demo's, a few days earlier or later
    const windows = demoPhaseWindows(addDays(o.today, intBetween(random, -3, 3)))
    for (const [i, win] of windows.entries()) {
      w.insert('campaign_phases', { campaign_id: campaignId, phase: win.phase, sort_order: i, starts_on: win.starts_on, ends_on: win.ends_on })
    }
    const windowOf = (phase: PhaseId) =>
      present(
        windows.find((x) => x.phase === phase),
        `the window of ${phase}`,
      )

    const township = { id: townshipId, name: townshipName, campaignId, leaderId, inspectorId, inspectorNames, windowOf }
    const villages: BuiltVillage[] = []
    for (const [v, place] of villageNames(random, o.villagesPerTownship).entries()) {
      const villageId = w.insert('villages', {
        township_id: townshipId,
        name: place.name,
        code: place.code,
        kind: place.kind,
        sort_order: v,
        leader_user_id: leaderId,
      })
      const cadreId = user(`v${num(v + 1)}`, personName(random), 'cadre', villageId)
      // the first township of a county big enough shows every scenario once; the rest are drawn by weight
      const scenario =
        t === 0 && o.villagesPerTownship >= 2 * SCENARIO_WEIGHTS.length && v < SCENARIO_WEIGHTS.length ? SCENARIO_WEIGHTS[v][0] : pickScenario(random)
      villages.push(buildVillage(ctx, township, { id: villageId, name: place.name, cadreId }, sizes[t * o.villagesPerTownship + v], scenario))
    }
    buildComplaints(ctx, township, villages)
  }
}

interface TownshipInfo {
  id: number
  name: string
  campaignId: number
  leaderId: number
  inspectorId: number
  inspectorNames: string[]
  windowOf: (phase: PhaseId) => { starts_on: string; ends_on: string }
}

interface BuiltVillage {
  id: number
  householdIds: number[]
  /** problems that came from a public report, for complaints to point at */
  reportedProblems: Array<{ id: number; householdId: number | null }>
}

interface PlannedProblem {
  category: ProblemCategory
  source: ProblemSource
  /** index into the village's households; null for a problem about no one household */
  household: number | null
  foundOn: string
}

function buildVillage(ctx: Context, tw: TownshipInfo, village: { id: number; name: string; cadreId: number }, size: number, scenario: Scenario): BuiltVillage {
  const { w, random, today, nowIso } = ctx
  const reported = !NOT_REPORTED.has(scenario)
  const supervised = !BEFORE_SUPERVISION.has(scenario)
  const pastSupervision = PAST_SUPERVISION.has(scenario)
  const hasOrder = ORDER_SCENARIOS.has(scenario) || (pastSupervision && chance(random, 0.1))
  const zeroReport = reported && chance(random, 0.08)
  const keyInspection = zeroReport && (pastSupervision || (supervised && chance(random, 0.7)))
  const coverage = scenario === 'mobilisation' ? 0 : scenario === 'inspecting' ? 0.35 + random() * 0.62 : 1
  const cadreNames = [personName(random), personName(random), personName(random)]
  const mob = tw.windowOf('mobilisation')
  const inspection = tw.windowOf('fullInspection')
  const supervision = tw.windowOf('supervision')

  // — the timeline: when the village moved on (every day clamped to today, each on or after the one before) —
  const later = (day: string, min: number, max: number) => minDay(today, addDays(day, intBetween(random, min, max)))
  const mobilisationDone = minDay(today, addDays(mob.ends_on, chance(random, 0.1) ? intBetween(random, 1, 5) : -intBetween(random, 0, 4)))
  const reportDay =
    scenario === 'submitted'
      ? maxDay(mobilisationDone, dayBetween(random, addDays(inspection.ends_on, -3), addDays(today, -1)))
      : maxDay(mobilisationDone, dayBetween(random, addDays(inspection.ends_on, -8), inspection.ends_on))
  const reviewFrom = maxDay(inspection.starts_on, mobilisationDone)
  const reviewTo = reported ? maxDay(reviewFrom, addDays(reportDay, -1)) : today

  // — households and the problems the self-inspection found in them —
  const rate = 0.03 + random() * 0.07
  const selfCount = zeroReport ? 0 : Math.round(size * rate * coverage)
  const categories = Array.from({ length: selfCount }, () => pick(random, PROBLEM_POOL))
  const missed = categories.filter((c) => c === 'missed').length
  const roster = size - missed
  const reviewed = Math.max(Math.round(roster * coverage), selfCount - missed)
  const visited = scenario === 'inspecting' ? Math.max(0, reviewed - intBetween(random, 0, 3)) : reviewed
  const reviewDays = Array.from({ length: reviewed }, () => dayBetween(random, reviewFrom, reviewTo))

  const problems: PlannedProblem[] = []
  const taken = new Set<number>()
  let nextMissed = roster
  for (const category of categories) {
    let household: number | null
    if (category === 'missed') household = nextMissed++
    else if (category === 'falseNotice') household = null
    else {
      do household = intBetween(random, 0, reviewed - 1)
      while (taken.has(household))
      taken.add(household)
    }
    const drawn = category === 'missed' ? pick(random, ['selfInspection', 'publicReport', 'crossCheck'] as const) : pick(random, SOURCE_POOL)
    // the first problem is the self-inspection's own, so a village that is not a zero report has found something itself
    const source = problems.length === 0 ? 'selfInspection' : drawn
    const foundOn = household !== null && household < reviewed ? reviewDays[household] : dayBetween(random, reviewFrom, reviewTo)
    problems.push({ category, source, household, foundOn })
  }
  const outcomeCategory = new Map<number, ProblemCategory>()
  for (const p of problems) if (p.household !== null && p.household < roster) outcomeCategory.set(p.household, p.category)

  const householdIds: number[] = []
  const amounts: number[] = []
  for (let h = 0; h < size; h++) {
    const newlyEnrolled = h >= roster
    const category = outcomeCategory.get(h)
    const exited = category !== undefined && (category === 'fraud' || EXIT_CATEGORIES.has(category))
    const members = newlyEnrolled ? intBetween(random, 2, 4) : intBetween(random, 1, 5)
    const covered = Math.max(1, members - (chance(random, 0.3) ? 1 : 0))
    const amount = covered * intBetween(random, 28, 42) * 1000
    amounts.push(amount)
    // drawn in the order the insert below always drew them, so the county stays what it was
    const headName = personName(random)
    const idNumber = nextIdNumber(ctx)
    const householdId = w.insert('households', {
      village_id: village.id,
      head_name: headName,
      id_number: idNumber,
      member_count: members,
      covered_count: covered,
      category: newlyEnrolled ? '农村低保B类' : pick(random, CATEGORY_POOL),
      monthly_amount_fen: amount,
      responsible_cadre: pick(random, cadreNames),
      phone: chance(random, 0.85) ? phone(random) : null,
      key_check_situations: JSON.stringify(KEY_CHECK_SITUATIONS.filter(() => chance(random, 0.08))),
      near_relative_filing: chance(random, 0.03) ? 1 : 0,
      enrolment: newlyEnrolled ? 'newlyEnrolled' : 'roster',
      status: exited ? 'exited' : 'active',
      version: exited ? 1 : 0,
      updated_at: exited ? shanghaiInstant(reviewDays[h], 15) : nowIso,
    })
    householdIds.push(householdId)
    // 家庭成员: the head first, then a spouse and children named after the head (no draws: the county stays the
    // same); the first `covered` of them covered, as the household's 保障人数 says
    for (let m = 0; m < members; m++)
      w.insert('household_members', {
        household_id: householdId,
        position: m + 1,
        name: m === 0 ? headName : `${headName.slice(0, 1)}${MEMBER_GIVEN[m % MEMBER_GIVEN.length]}`,
        relation: m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
        id_number: m === 0 ? idNumber : null,
        covered: m < covered ? 1 : 0,
        updated_at: nowIso,
      })
  }

  // — 复核认定情况登记表 for the reviewed roster households —
  const outcomes: ReviewOutcome[] = []
  for (let h = 0; h < reviewed; h++) {
    const day = reviewDays[h]
    const category = outcomeCategory.get(h)
    // a zero-report village concludes every review 继续保障: its self-inspection found nothing (workflows/rules/zeroReport.ts)
    const outcome =
      category === 'fraud' ? 'fraud' : category && EXIT_CATEGORIES.has(category) ? 'exit' : chance(random, 0.08) && !zeroReport ? 'adjust' : 'keep'
    outcomes.push(outcome)
    const at = shanghaiInstant(day, intBetween(random, 9, 17), intBetween(random, 0, 59))
    // drawn in the order the row's columns always drew them, so a seed builds the same county as before
    const homeVisitBy = h < visited ? `${pick(random, cadreNames)}、${pick(random, cadreNames)}` : null
    const riskSignals = outcome === 'exit' ? JSON.stringify([pick(random, RISK_BY_CATEGORY)]) : '[]'
    const exitReason = outcome === 'exit' ? pick(random, PROBLEM_TEXT[present(category, 'the problem behind an exit')]) : null
    // 骗保: 3 to 12 months recovered (amounts are whole ¥10), a fine of 1 to 3 times that (第六十八条) in tenths of the multiple
    const recoveredFen = outcome === 'fraud' ? amounts[h] * intBetween(random, 3, 12) : null
    const fineFen = recoveredFen === null ? null : (recoveredFen * intBetween(random, FINE_MULTIPLE.min * 10, FINE_MULTIPLE.max * 10)) / 10
    if (outcome === 'fraud' && fraudAmountProblems({ recoveredFen, fineFen }).length)
      throw new Error(`county seed: ${village.name} fraud amounts break 第六十八条`)
    w.insert('household_reviews', {
      campaign_id: tw.campaignId,
      household_id: householdIds[h],
      village_id: village.id,
      income_checked: 1,
      property_checked: 1,
      home_visit_on: h < visited ? day : null,
      home_visit_by: homeVisitBy,
      key_check_situations: '[]',
      risk_signals: riskSignals,
      outcome,
      adjusted_amount_fen: outcome === 'adjust' ? Math.max(10_000, amounts[h] - 5000) : null,
      exit_reason: exitReason,
      exit_on: outcome === 'exit' || outcome === 'fraud' ? day : null,
      fraud_recovered_fen: recoveredFen,
      fraud_fine_fen: fineFen,
      notes: null,
      reviewed_by_user_id: village.cadreId,
      reviewed_at: at,
      version: 1,
      updated_at: at,
    })
  }

  // — the workflow, replayed event by event so the history is the machine's own —
  let snapshot: CampaignSnapshot = initialSnapshot()
  const events: Array<{ event: CampaignEvent; actor: number; day: string; from: string; to: string }> = []
  const entered = new Map<PhaseId | 'closed', string>([['mobilisation', mob.starts_on]])
  const left = new Map<PhaseId | 'closed', string>()
  let phaseEnteredOn = mob.starts_on
  let lastDay = mob.starts_on
  const send = (event: CampaignEvent, actor: number, day: string) => {
    const on = maxDay(lastDay, minDay(day, today))
    const result = applyEvent(snapshot, event)
    if (!result.accepted) throw new Error(`county seed: ${tw.name}${village.name} ${event.type} refused (${result.refusal.code})`)
    const before = phaseOf(snapshot)
    const after = phaseOf(result.snapshot)
    if (before !== after) {
      phaseEnteredOn = on
      left.set(before, on)
      left.delete(after)
      if (!entered.has(after)) entered.set(after, on)
    }
    events.push({ event, actor, day: on, from: result.from, to: result.to })
    snapshot = result.snapshot
    lastDay = on
  }
  const selfReported = problems.length
  const report: CampaignEvent = {
    type: 'SUBMIT_SELF_INSPECTION',
    households: roster,
    reviewed,
    homeVisited: visited,
    problemsFound: selfReported,
    ...countFindings(problems, outcomes),
  }

  if (scenario !== 'mobilisation') send({ type: 'COMPLETE_MOBILISATION', openChecklistItems: 0 }, village.cadreId, mobilisationDone)
  if (reported) send(report, village.cadreId, reportDay)
  let visits = 0
  let keyInspections = 0
  const visit = (day: string, kind: 'key' | 'order' | 'routine', superficial: boolean): { id: number; day: string } => {
    const key = kind === 'key'
    const visitId = w.insert('inspection_visits', {
      campaign_id: tw.campaignId,
      village_id: village.id,
      visited_on: day,
      inspectors: chance(random, 0.5) ? tw.inspectorNames.join('、') : tw.inspectorNames[0],
      checked: key
        ? `零报告村重点督查：抽查复核登记表${intBetween(random, 10, 20)}份，入户走访${intBetween(random, 3, 6)}户`
        : `查阅台账，抽查复核登记表${intBetween(random, 5, 12)}份，入户走访${intBetween(random, 1, 4)}户`,
      findings: superficial
        ? '复核登记表多处由村干部代签，入户调查流于形式、走过场'
        : kind === 'order'
          ? '公示栏未更新，部分复核表缺少财产核查记录'
          : key
            ? '抽查未发现新问题，零报告属实'
            : pick(random, ['工作扎实，资料齐全', '台账清楚，个别登记表签字不全，已当场指出']),
      is_key_inspection: key ? 1 : 0,
      superficial: superficial ? 1 : 0,
      created_by_user_id: tw.inspectorId,
    })
    const checked = new Set<number>()
    const n = Math.min(roster, intBetween(random, 2, 5))
    while (checked.size < n) checked.add(householdIds[intBetween(random, 0, roster - 1)])
    for (const householdId of checked) w.insert('inspection_visit_households', { visit_id: visitId, household_id: householdId })
    visits++
    if (key) keyInspections++
    return { id: visitId, day }
  }

  if (supervised) {
    send({ type: 'START_SUPERVISION', openChecklistItems: 0 }, tw.leaderId, later(supervision.starts_on, 0, 2))
    if (scenario === 'sentBack') {
      send({ type: 'SEND_BACK', reason: pick(random, ['入户调查记录不全，退回补正', '复核登记表填写不规范，重新复核']) }, tw.leaderId, later(lastDay, 1, 2))
      send(report, village.cadreId, later(lastDay, 1, 2))
      send({ type: 'START_SUPERVISION', openChecklistItems: 0 }, tw.leaderId, later(lastDay, 0, 1))
    }
    if (keyInspection) visit(later(lastDay, 0, 3), 'key', false)
    if (hasOrder) {
      const superficial = chance(random, scenario === 'ordered' || scenario === 'rejected' ? 0.6 : 0.3)
      const v = visit(later(lastDay, 0, 3), 'order', superficial)
      const deadline = addDays(v.day, intBetween(random, 3, 10))
      const orderBase = {
        campaign_id: tw.campaignId,
        village_id: village.id,
        visit_id: v.id,
        reason: superficial ? ORDER_REASONS[intBetween(random, 0, 1)] : pick(random, ORDER_REASONS.slice(2)),
        deadline_on: deadline,
        created_by_user_id: tw.inspectorId,
      }
      // the order's id goes into the event, so the row comes first and its final state is written once
      const answerDay = later(v.day, 1, 3)
      const decideDay = later(answerDay, 0, 2)
      const answered = scenario !== 'ordered'
      const decided = answered && scenario !== 'awaiting'
      const status = scenario === 'ordered' || scenario === 'rejected' ? 'open' : scenario === 'awaiting' ? 'answered' : 'accepted'
      const orderId = w.insert('rectification_orders', {
        ...orderBase,
        status,
        response: answered ? pick(random, ['已逐户重新入户核查，补正登记表', '已重新张榜公示，并补齐财产核查记录', '已补充整改措施，明确责任人和时限']) : null,
        responded_by_user_id: answered ? village.cadreId : null,
        responded_at: answered ? shanghaiInstant(answerDay, 16) : null,
        decision_note: decided ? (scenario === 'rejected' ? '整改不到位，仍有登记表未补正，退回重新整改' : '经复查，整改到位') : null,
        decided_by_user_id: decided ? tw.inspectorId : null,
        decided_at: decided ? shanghaiInstant(decideDay, 11) : null,
        version: decided ? 2 : answered ? 1 : 0,
        updated_at: shanghaiInstant(decided ? decideDay : answered ? answerDay : v.day, 17),
      })
      send({ type: 'ORDER_RECTIFICATION', orderId }, tw.inspectorId, v.day)
      if (answered) send({ type: 'ANSWER_RECTIFICATION', orderId, unansweredOrders: 0 }, village.cadreId, answerDay)
      if (scenario === 'rejected') send({ type: 'REJECT_RECTIFICATION', orderId }, tw.inspectorId, decideDay)
      if (decided && scenario !== 'rejected') send({ type: 'ACCEPT_RECTIFICATION', orderId, openOrders: 0, unansweredOrders: 0 }, tw.inspectorId, decideDay)
    } else if (!keyInspection && chance(random, 0.5)) {
      visit(later(lastDay, 0, 4), 'routine', false)
    }
    // a visit now and then finds what the self-inspection missed
    if (visits > 0 && roster > 0 && chance(random, zeroReport ? 0.25 : 0.3)) {
      problems.push({
        category: pick(random, ['irregular', 'irregular', 'wrongful'] as const),
        source: 'inspector',
        household: intBetween(random, 0, Math.max(0, reviewed - 1)),
        foundOn: lastDay,
      })
    }
  }
  if (pastSupervision) {
    send({ type: 'COMPLETE_SUPERVISION', openOrders: 0, keyInspections }, tw.leaderId, later(lastDay, 1, 3))
    if (scenario !== 'summary') send({ type: 'WRITE_SUMMARY', openChecklistItems: 0 }, village.cadreId, later(lastDay, 0, 2))
    if (scenario === 'closed') send({ type: 'CLOSE', openMeasures: 0 }, tw.leaderId, later(lastDay, 0, 1))
  }

  // — 问题台账: status follows how far the village has come; open ones are overdue, due soon or due later —
  const reportedProblems: BuiltVillage['reportedProblems'] = []
  for (const p of problems) {
    const roll = random()
    const status =
      scenario === 'closed'
        ? roll < 0.85
          ? 'verified'
          : 'rectified'
        : scenario === 'summaryWritten'
          ? roll < 0.75
            ? 'verified'
            : roll < 0.92
              ? 'rectified'
              : 'rectifying'
          : pastSupervision
            ? roll < 0.55
              ? 'verified'
              : roll < 0.75
                ? 'rectified'
                : 'rectifying'
            : supervised
              ? roll < 0.3
                ? 'verified'
                : roll < 0.5
                  ? 'rectified'
                  : roll < 0.8
                    ? 'rectifying'
                    : 'open'
              : roll < 0.1
                ? 'verified'
                : roll < 0.3
                  ? 'rectified'
                  : roll < 0.65
                    ? 'rectifying'
                    : 'open'
    const stillOpen = status === 'open' || status === 'rectifying'
    const due = random()
    const deadline = stillOpen
      ? due < 0.3
        ? addDays(today, -intBetween(random, 1, 12))
        : due < 0.55
          ? addDays(today, intBetween(random, 0, 3))
          : addDays(today, intBetween(random, 4, 25))
      : addDays(p.foundOn, intBetween(random, 10, 30))
    const verifiedDay = status === 'verified' ? dayBetween(random, minDay(today, addDays(p.foundOn, 3)), today) : null
    const householdId = p.household === null ? null : householdIds[p.household]
    const problemId = w.insert('problems', {
      campaign_id: tw.campaignId,
      village_id: village.id,
      household_id: householdId,
      category: p.category,
      source: p.source,
      description: pick(random, PROBLEM_TEXT[p.category]),
      measure: status === 'open' && chance(random, 0.5) ? null : MEASURE_TEXT[p.category],
      responsible_person: pick(random, cadreNames),
      deadline_on: deadline,
      status,
      found_on: p.foundOn,
      created_by_user_id: p.source === 'inspector' ? tw.inspectorId : village.cadreId,
      verified_by_user_id: verifiedDay ? tw.inspectorId : null,
      verified_at: verifiedDay ? shanghaiInstant(verifiedDay, 10) : null,
      version: status === 'open' ? 0 : 1,
      updated_at: shanghaiInstant(verifiedDay ?? p.foundOn, 11),
    })
    if (p.source === 'publicReport') reportedProblems.push({ id: problemId, householdId })
  }

  // — checklist: done for the phases behind, part of the current one, nothing ahead —
  const current = phaseOf(snapshot)
  const state = stateKey(snapshot)
  const currentIndex = current === 'closed' ? pianYiTemplate.phases.length : pianYiTemplate.phases.findIndex((p) => p.id === current)
  for (const [pi, phase] of pianYiTemplate.phases.entries()) {
    const from = entered.get(phase.id) ?? today
    const to = left.get(phase.id) ?? maxDay(from, lastDay)
    const partly = (key: string, ii: number): boolean => {
      switch (state) {
        case 'mobilisation':
          return ii < 2 || chance(random, 0.4)
        case 'fullInspection.selfInspecting':
          return (key === 'problemsClassified' || key === 'missedEnrolled') && chance(random, 0.5)
        case 'fullInspection.reportSubmitted':
          return key !== 'twoListNotice' || chance(random, 0.6)
        case 'summary.rectifying':
          return ii < 2 && chance(random, 0.6)
        case 'summary.summaryWritten':
          return true
        default: // supervision.*
          return key === 'workDynamics' ? chance(random, 0.7) : key === 'ordersAnswered' ? scenario === 'orderAccepted' : chance(random, 0.4)
      }
    }
    for (const [ii, item] of phase.checklist.entries()) {
      // an item the data decides (item.rule) keeps no tick; the draws stay as they were, so the seed is unchanged otherwise
      const drawn = pi < currentIndex || (pi === currentIndex && partly(item.key, ii))
      const drawnOn = drawn ? dayBetween(random, from, minDay(to, today)) : null
      const done = drawn && !item.rule
      const doneOn = done ? drawnOn : null
      w.insert('checklist_items', {
        campaign_id: tw.campaignId,
        village_id: village.id,
        phase: phase.id,
        item_key: item.key,
        sort_order: ii,
        done_on: doneOn,
        done_by_user_id: done ? village.cadreId : null,
        note: null,
        updated_at: doneOn ? shanghaiInstant(doneOn, 18) : nowIso,
      })
    }
  }

  const workflowId = w.insert('village_workflows', {
    campaign_id: tw.campaignId,
    village_id: village.id,
    machine_version: MACHINE_VERSION,
    snapshot: JSON.stringify(persist(snapshot)),
    state,
    phase: current,
    version: events.length,
    zero_report: snapshot.context.zeroReport ? 1 : 0,
    key_supervision: snapshot.context.keySupervision ? 1 : 0,
    phase_entered_on: phaseEnteredOn,
    updated_at: events.length ? shanghaiInstant(lastDay, 10, events.length) : nowIso,
  })
  for (const [i, row] of events.entries()) {
    const { type, ...payload } = row.event
    w.insert('workflow_events', {
      workflow_id: workflowId,
      version: i + 1,
      event_type: type,
      payload: JSON.stringify(payload),
      actor_user_id: row.actor,
      occurred_at: shanghaiInstant(row.day, 10, i + 1),
      from_state: row.from,
      to_state: row.to,
    })
  }
  return { id: village.id, householdIds, reportedProblems }
}

/** A valid ID number no other household in the county has: the sequence follows the household's index. */
function nextIdNumber(ctx: Context): string {
  let idNumber: string
  do idNumber = idNumberFor(ctx.random, pick(ctx.random, REGIONS), ++ctx.householdSequence)
  while (ctx.usedIdNumbers.has(idNumber))
  ctx.usedIdNumbers.add(idNumber)
  return idNumber
}

/** 举报/信访: a few per township, some verified (件件有核实), some overdue, a major one under a dedicated supervisor. */
function buildComplaints(ctx: Context, tw: TownshipInfo, villages: BuiltVillage[]) {
  const { w, random, today, nowIso } = ctx
  const count = intBetween(random, 3, 6)
  for (let c = 0; c < count; c++) {
    const village = pick(random, villages)
    const receivedOn = addDays(today, -intBetween(random, 1, 40))
    const deadline = addDays(receivedOn, 10)
    const verified = chance(random, deadline < today ? 0.7 : 0.3)
    const result = verified ? pick(random, ['substantiated', 'partly', 'unsubstantiated'] as const) : null
    const linked = result && result !== 'unsubstantiated' ? village.reportedProblems.shift() : undefined
    const major = chance(random, 0.15)
    const status = !verified ? 'open' : chance(random, 0.5) ? 'closed' : 'verified'
    w.insert('complaints', {
      campaign_id: tw.campaignId,
      village_id: village.id,
      household_id: linked ? linked.householdId : chance(random, 0.6) ? pick(random, village.householdIds) : null,
      channel: pick(random, CHANNELS),
      received_on: receivedOn,
      content: pick(random, COMPLAINT_TEXT),
      reporter_name: chance(random, 0.4) ? '匿名' : `${personName(random).slice(0, 1)}某${major ? `等${intBetween(random, 3, 8)}人` : ''}`,
      reporter_contact: maskedPhone(random),
      deadline_on: deadline,
      is_major: major ? 1 : 0,
      supervisor_user_id: major ? tw.leaderId : null,
      supervisor_deadline_on: major ? addDays(receivedOn, 7) : null,
      verification_result: result,
      verification_note:
        result === 'unsubstantiated'
          ? '经入户核查，反映情况不属实'
          : result === 'partly'
            ? '经核查，部分属实，已纳入问题台账'
            : result
              ? '经核查属实，已按程序处理'
              : null,
      verified_by_user_id: verified ? tw.inspectorId : null,
      verified_on: verified ? dayBetween(random, addDays(receivedOn, 1), minDay(deadline, today)) : null,
      problem_id: linked ? linked.id : null,
      status,
      created_by_user_id: tw.leaderId,
      version: status === 'open' ? 0 : status === 'verified' ? 1 : 2,
      updated_at: nowIso,
    })
  }
}

// — the command —
const USAGE =
  '用法：npm run seed:county -- --out 文件 [--townships 20] [--villages-per-township 20] [--households 100000] [--seed N] [--today YYYY-MM-DD] [--force]'

export function parseCountyArgs(args: string[]): CountyOptions {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      townships: { type: 'string' },
      'villages-per-township': { type: 'string' },
      households: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  })
  if (!values.out) throw new CountyError(`请用 --out 指定要写入的 SQLite 文件。\n${USAGE}`)
  const int = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined
    if (!/^-?\d+$/.test(value.trim())) throw new CountyError(`--${name} 须是整数（收到 ${value}）。`)
    return Number(value)
  }
  return {
    out: values.out,
    townships: int('townships', values.townships),
    villagesPerTownship: int('villages-per-township', values['villages-per-township']),
    households: int('households', values.households),
    seed: int('seed', values.seed),
    today: values.today,
    force: values.force,
  }
}

async function main() {
  if (process.argv.includes('--help')) return console.log(USAGE)
  try {
    const summary = await generateCounty(parseCountyArgs(process.argv.slice(2)))
    console.log(JSON.stringify(summary, null, 2))
  } catch (error) {
    console.error(
      error instanceof CountyError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) ? error.message : error,
    )
    process.exitCode = error instanceof CountyError ? 2 : 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main()

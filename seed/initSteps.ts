// The steps of `npm run init` (seed/init-township.ts): a county with its bureau administrator, a township with its
// administrator, the villages of a township. Each step first looks and refuses a clash (InitError, a Chinese reason)
// before it asks for a password, then writes what is missing in one transaction, audited as the command line (no
// user). Run again with the same names, a step changes nothing and says so ("已存在，未改动").
import bcrypt from 'bcryptjs'
import type { DB } from '../db/connection.server'
import { migrateToLatest } from '../db/connection.server'
import type { Role } from '../db/schema'
import { t } from '../app/i18n/dictionary'
import { recordAudit } from '../app/models/audit.server'
import { getCurrentCampaign } from '../app/models/campaign.server'
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN as USERNAME } from '../app/models/userRules'
import { createVillagesFromList } from '../app/models/villages.server'
import type { DbOrTx } from '../app/models/versioned.server'
import { hasControlCharacters } from '../workflows/rules/text'

export class InitError extends Error {}

/** A password, or where to get it once one is needed: standard input is read only when an account is created. */
type PasswordSource = string | (() => Promise<string>)

const NAME_MAX = 30
/** the display names of the accounts the command creates */
const COUNTY_ADMIN_NAME = '县民政局管理员'
const TOWNSHIP_ADMIN_NAME = '管理员'

function checkName(value: string, what: string, flag: string): string {
  const name = value.trim()
  if (!name) throw new InitError(`请用 ${flag} 指定${what}名称。`)
  if ([...name].length > NAME_MAX || hasControlCharacters(name)) throw new InitError(`${what}名称最多${NAME_MAX}个字，且不能含控制字符。`)
  return name
}

function checkUsername(value: string, who: string): string {
  const username = value.trim()
  if (!USERNAME.test(username)) throw new InitError(`${who}用户名只能包含字母、数字、下划线、点和连字符，2–40个字符。`)
  return username
}

async function hashPassword(source: PasswordSource, who: string, cost: number): Promise<string> {
  const password = typeof source === 'string' ? source : await source()
  if (password.length < MIN_PASSWORD_LENGTH) throw new InitError(`${who}密码至少${MIN_PASSWORD_LENGTH}个字符。`)
  return bcrypt.hash(password, cost)
}

interface ExistingUser {
  id: number
  role: Role
  township_id: number | null
  county_name: string | null
  county_admin: number
  townshipName: string | null
}

async function findUser(db: DbOrTx, username: string): Promise<ExistingUser | null> {
  const row = await db
    .selectFrom('users')
    .leftJoin('townships', 'townships.id', 'users.township_id')
    .select(['users.id', 'users.role', 'users.township_id', 'users.county_name', 'users.county_admin', 'townships.name as townshipName'])
    .where('users.username', '=', username)
    .executeTakeFirst()
  return row ?? null
}

/** Whose account a taken username is, as a person says it. */
function describeUser(user: ExistingUser): string {
  if (user.role === 'county') return `${user.county_name ?? ''}${user.county_admin ? COUNTY_ADMIN_NAME : t.roles.county}`
  return `${user.townshipName ? `乡镇“${user.townshipName}”的` : ''}${t.roles[user.role]}`
}

function taken(username: string, user: ExistingUser): InitError {
  return new InitError(`用户名“${username}”已被使用（${describeUser(user)}），请换一个用户名。`)
}

function lacksPassword(): InitError {
  return new InitError('运行期间数据已被他人改动，未写入任何内容，请重新运行。')
}

type Actor = { at: Date }

async function insertCounty(tx: DbOrTx, name: string, actor: Actor): Promise<number> {
  const { id } = await tx.insertInto('counties').values({ name }).returning('id').executeTakeFirstOrThrow()
  await recordAudit(tx, { actorUserId: null, action: 'county.create', entityType: 'county', entityId: id, after: { name }, at: actor.at })
  return id
}

async function insertUser(
  tx: DbOrTx,
  values: { username: string; display_name: string; role: Role; township_id: number | null; county_name: string | null; county_admin: number },
  hash: string,
  actor: Actor,
): Promise<number> {
  const { id } = await tx
    .insertInto('users')
    .values({ ...values, password_hash: hash, village_id: null, updated_at: actor.at.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(tx, {
    actorUserId: null,
    action: 'county.user.create',
    entityType: 'user',
    entityId: id,
    townshipId: values.township_id,
    after: values,
    at: actor.at,
  })
  return id
}

// ———————————————————————————————————————————————— the county ————————————————————————————————————————————————

export interface InitCountyOptions {
  county: string
  adminUsername: string
  password: PasswordSource
  bcryptCost?: number
  at?: Date
}

async function countyPlan(db: DbOrTx, county: string, username: string) {
  const row = await db.selectFrom('counties').select('id').where('name', '=', county).executeTakeFirst()
  const user = await findUser(db, username)
  if (user && !(user.role === 'county' && user.county_name === county && user.county_admin === 1)) throw taken(username, user)
  return { countyId: row?.id ?? null, adminId: user?.id ?? null }
}

/** `--county 青山县 --county-admin NAME`: the county and its bureau administrator (role county, county_admin). */
export async function initCounty(db: DB, options: InitCountyOptions): Promise<{ countyId: number; adminId: number; lines: string[] }> {
  const county = checkName(options.county, '县', '--county')
  const username = checkUsername(options.adminUsername, '县民政局管理员')
  const actor = { at: options.at ?? new Date() }
  await migrateToLatest(db)
  const plan = await countyPlan(db, county, username)
  const hash = plan.adminId === null ? await hashPassword(options.password, '县民政局管理员', options.bcryptCost ?? 10) : null
  return db.transaction().execute(async (tx) => {
    const again = await countyPlan(tx, county, username)
    const lines: string[] = []
    let countyId = again.countyId
    if (countyId === null) {
      countyId = await insertCounty(tx, county, actor)
      lines.push(`已创建县“${county}”。`)
    } else lines.push(`县“${county}”已存在，未改动。`)
    let adminId = again.adminId
    if (adminId === null) {
      if (!hash) throw lacksPassword()
      adminId = await insertUser(
        tx,
        { username, display_name: COUNTY_ADMIN_NAME, role: 'county', township_id: null, county_name: county, county_admin: 1 },
        hash,
        actor,
      )
      lines.push(`已创建${county}${COUNTY_ADMIN_NAME} ${username}。`)
    } else lines.push(`${COUNTY_ADMIN_NAME} ${username} 已存在，未改动。`)
    return { countyId, adminId, lines }
  })
}

// ——————————————————————————————————————————————— a township ————————————————————————————————————————————————

export interface InitOptions {
  township: string
  /** the county it belongs to; empty: the township's own name (a township set up on its own) */
  county: string
  adminUsername: string
  password: PasswordSource
  bcryptCost?: number
  /** the county must have been created first (`--township … --county …` on the command line) */
  requireCounty?: boolean
  at?: Date
}

async function townshipPlan(db: DbOrTx, township: string, county: string, username: string, requireCounty: boolean) {
  const row = await db.selectFrom('townships').select(['id', 'county_name']).where('name', '=', township).executeTakeFirst()
  if (row && county && row.county_name !== county) throw new InitError(`乡镇“${township}”已属于“${row.county_name}”，不能再加入“${county}”。`)
  const countyName = row?.county_name ?? (county || township)
  const countyRow = await db.selectFrom('counties').select('id').where('name', '=', countyName).executeTakeFirst()
  if (!row && !countyRow && requireCounty)
    throw new InitError(`县“${countyName}”尚未创建：请先运行 npm run init -- --county ${countyName} --county-admin 用户名`)
  const user = await findUser(db, username)
  if (user && !(user.role === 'admin' && row && user.township_id === row.id)) throw taken(username, user)
  if (!user && row) {
    const admins = await db
      .selectFrom('users')
      .select('username')
      .where('township_id', '=', row.id)
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .orderBy('username')
      .execute()
    if (admins.length)
      throw new InitError(
        `乡镇“${township}”已经存在，已有管理员 ${admins.map((a) => a.username).join('、')}：再添加管理员请由其登录整改通，在“系统管理”中添加。`,
      )
  }
  return { townshipId: row?.id ?? null, countyName, countyExists: Boolean(countyRow), adminId: user?.id ?? null }
}

/**
 * `--township 白杨镇 [--county 青山县] --admin NAME`: the township (and its county's row, when the county is the
 * township's own name) and its first administrator. The same township and administrator again: nothing changes.
 */
export async function initTownship(db: DB, options: InitOptions): Promise<{ townshipId: number; adminId: number; lines: string[] }> {
  const township = checkName(options.township, '乡镇', '--township')
  const username = checkUsername(options.adminUsername, '管理员')
  const county = options.county.trim()
  if (county) checkName(county, '县', '--county')
  const actor = { at: options.at ?? new Date() }
  await migrateToLatest(db)
  const requireCounty = options.requireCounty ?? false
  const plan = await townshipPlan(db, township, county, username, requireCounty)
  const hash = plan.adminId === null ? await hashPassword(options.password, '管理员', options.bcryptCost ?? 10) : null
  return db.transaction().execute(async (tx) => {
    const again = await townshipPlan(tx, township, county, username, requireCounty)
    const lines: string[] = []
    if (!again.countyExists) {
      await insertCounty(tx, again.countyName, actor)
      lines.push(`已创建县“${again.countyName}”。`)
    }
    let townshipId = again.townshipId
    if (townshipId === null) {
      const values = { name: township, county_name: again.countyName }
      townshipId = (await tx.insertInto('townships').values(values).returning('id').executeTakeFirstOrThrow()).id
      await recordAudit(tx, {
        actorUserId: null,
        action: 'county.township.create',
        entityType: 'township',
        entityId: townshipId,
        townshipId,
        after: values,
        at: actor.at,
      })
      lines.push(`已创建乡镇“${township}”（${again.countyName}，编号 ${townshipId}）。`)
    } else lines.push(`乡镇“${township}”已存在，未改动。`)
    let adminId = again.adminId
    if (adminId === null) {
      if (!hash) throw lacksPassword()
      adminId = await insertUser(
        tx,
        { username, display_name: TOWNSHIP_ADMIN_NAME, role: 'admin', township_id: townshipId, county_name: null, county_admin: 0 },
        hash,
        actor,
      )
      lines.push(`已创建乡镇“${township}”的管理员 ${username}。`)
    } else lines.push(`管理员 ${username} 已存在，未改动。`)
    return { townshipId, adminId, lines }
  })
}

// ———————————————————————————————————————————— a township's villages ————————————————————————————————————————————

export interface InitVillagesOptions {
  township: string
  /** when given, the township must belong to it */
  county?: string
  /** the names, separated by , ， 、 (or new lines) */
  villages: string
  at?: Date
}

/**
 * `--township 白杨镇 --villages 东岗村,西岗村`: villages of an existing township (createVillagesFromList: codes v01,
 * v02 …, 社区 by the name, each joining the open campaign in mobilisation); names it already has are left as they are.
 */
export async function initVillages(db: DB, options: InitVillagesOptions): Promise<{ villageIds: number[]; lines: string[] }> {
  const township = checkName(options.township, '乡镇', '--township')
  const county = options.county?.trim() ?? ''
  await migrateToLatest(db)
  const row = await db.selectFrom('townships').select(['id', 'county_name']).where('name', '=', township).executeTakeFirst()
  if (!row) throw new InitError(`乡镇“${township}”尚未创建：请先运行 npm run init -- --township ${township} --county ${county || '县名'} --admin 用户名`)
  if (county && row.county_name !== county) throw new InitError(`乡镇“${township}”属于“${row.county_name}”，不属于“${county}”。`)
  if (hasControlCharacters(options.villages.replace(/[\r\n]/g, ','))) throw new InitError('村(居)名称不能含控制字符。')
  const campaign = await getCurrentCampaign(db, row.id)
  const result = await createVillagesFromList(db, row.id, options.villages, { actorUserId: null, at: options.at ?? new Date() })
  if (!result.ok) throw new InitError(t.villagesAdmin.problems[result.problem])
  const joins = campaign?.status === 'open' ? `，已加入“${campaign.name}”（${t.phases.mobilisation}阶段）` : ''
  return {
    villageIds: result.created.map((v) => v.id),
    lines: [
      ...result.created.map((v) => `已创建村(居)“${v.name}”（代码 ${v.code}）${joins}。`),
      ...result.skipped.map((name) => `村(居)“${name}”已存在，未改动。`),
    ],
  }
}

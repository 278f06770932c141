// Test factories (as the Epic Stack's tests/db-utils): small functions that make what a test needs — the demo
// township on a fresh database or behind a running server, a signed-in browser, a household to point at, a problem,
// a public report, a visit — so that each test file states only what differs in its own case.
//
// The fixtures are objects filled in place by beforeAll (and emptied by afterAll), so a test file can take them once
// at its top: `const t = useDemoDatabase()` then `t.db`, `t.campaignId`, `t.village('红星村')` inside its tests.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect } from 'vitest'
import { registerComplaint, type RegisterComplaintInput } from '../../app/models/complaintWrites.server'
import { createProblem, type CreateProblemInput } from '../../app/models/problemWrites.server'
import { recordVisit, type RecordVisitInput } from '../../app/models/supervisionSteps.server'
import type { DB } from '../../db/connection.server'
import type { Database as Tables } from '../../db/schema'
import { createDemoDatabase, DEMO_AT, DEMO_TODAY, type DemoDatabase } from './demo'
import { Browser, startTestServer, type TestServer } from './server'

// ———————————————————————————————————————————— on a database (integration) ————————————————————————————————————————————

export interface DemoFixture extends DemoDatabase {
  /** the id of a demo village by its name */
  village(name: string): number
  /** the id of a demo user by username */
  userId(username: string): number
  /** who does something, as the models take it: a demo user at a moment (the demo's morning by default) */
  actor(username: string, at?: Date): { userId: number; at: Date }
}

/** The demo township on a fresh database for this test file: made before its tests, dropped after them. */
export function useDemoDatabase(): DemoFixture {
  const fixture = {
    // the maps are the fixture's own, filled before the tests: a file may take them at its top
    villages: new Map<string, number>(),
    users: new Map<string, number>(),
    names: new Map<string, string>(),
    village: (name: string) => fixture.villages.get(name)!,
    userId: (username: string) => fixture.users.get(username)!,
    actor: (username: string, at = DEMO_AT) => ({ userId: fixture.userId(username), at }),
  } as DemoFixture
  beforeAll(async () => {
    const { villages, users, names, ...database } = await createDemoDatabase()
    Object.assign(fixture, database)
    for (const [name, id] of villages) fixture.villages.set(name, id)
    for (const [username, id] of users) fixture.users.set(username, id)
    for (const [username, name] of names) fixture.names.set(username, name)
  })
  afterAll(async () => fixture.destroy?.())
  return fixture
}

/** How many rows a table holds (a number on either dialect). */
export async function countRows(db: DB, table: keyof Tables): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** The audit rows of one record, oldest first. */
export function auditRows(db: DB, entityType: string, entityId: number) {
  return db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute()
}

/** A village's first n households by id, with what tests compare against. */
export function householdsOf(t: DemoFixture, villageName: string, n = 1) {
  return t.db
    .selectFrom('households')
    .select(['id', 'head_name', 'responsible_cadre'])
    .where('village_id', '=', t.village(villageName))
    .orderBy('id')
    .limit(n)
    .execute()
}

/** A village's first household by id. */
export async function firstHousehold(t: DemoFixture, villageName: string) {
  const [household] = await householdsOf(t, villageName, 1)
  if (!household) throw new Error(`no household in ${villageName}`)
  return household
}

/** A problem of 红星村 registered today by its cadre, with a measure, a responsible person and a date deadline. */
export function problemInput(t: DemoFixture, extra: Partial<CreateProblemInput> = {}): CreateProblemInput {
  return {
    campaignId: t.campaignId,
    villageId: t.village('红星村'),
    category: 'wrongful',
    source: 'selfInspection',
    description: '家庭有小汽车未申报',
    measure: '停发低保金并追回',
    responsiblePerson: '王建军',
    deadline: { kind: 'date', on: '2026-12-15' },
    today: DEMO_TODAY,
    actor: t.actor('hongxing'),
    ...extra,
  }
}

/** Registers problemInput(…) and returns what createProblem answered; throws if it was refused. */
export async function createTestProblem(t: DemoFixture, extra: Partial<CreateProblemInput> = {}) {
  const result = await createProblem(t.db, problemInput(t, extra))
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result)}`)
  return result
}

/** A hotline report about 河西村, received two days ago, naming its reporter, registered by the inspector. */
export function complaintInput(t: DemoFixture, extra: Partial<RegisterComplaintInput> = {}): RegisterComplaintInput {
  return {
    townshipId: t.townshipId,
    campaignId: t.campaignId,
    channel: 'hotline',
    receivedOn: '2026-11-27',
    villageId: t.village('河西村'),
    content: '反映某户家中有人开办商铺仍享受低保',
    reporterName: '举报人赵某',
    reporterContact: '13912345678',
    deadline: { kind: 'date', on: '2026-12-10' },
    today: DEMO_TODAY,
    actor: t.actor('inspector'),
    ...extra,
  }
}

/** Registers complaintInput(…) and returns the new report's id; throws if it was refused. */
export async function createTestComplaint(t: DemoFixture, extra: Partial<RegisterComplaintInput> = {}): Promise<number> {
  const result = await registerComplaint(t.db, complaintInput(t, extra))
  if (!result.ok) throw new Error(`not registered: ${JSON.stringify(result)}`)
  return result.id
}

/** Today's visit of two inspectors to a village, recorded by the inspector. */
export function visitInput(t: DemoFixture, villageName: string, extra: Partial<RecordVisitInput> = {}): RecordVisitInput {
  return {
    campaignId: t.campaignId,
    villageId: t.village(villageName),
    visitedOn: DEMO_TODAY,
    inspectors: '孙立新、吴春梅',
    checked: '抽查复核登记表8份，入户走访2户',
    findings: '入户调查记录由村干部代签',
    today: DEMO_TODAY,
    actor: t.actor('inspector'),
    ...extra,
  }
}

/** A visit that flags superficial work on a village (with a rectification order); returns the order's id. */
export async function createTestOrder(
  t: DemoFixture,
  villageName: string,
  superficial: RecordVisitInput['superficial'] = { reason: '入户调查走过场，责令重新入户核查', deadline: { kind: 'date', on: '2026-12-01' } },
): Promise<number> {
  const result = await recordVisit(t.db, visitInput(t, villageName, { superficial }))
  if (!result.ok || !result.orderId) throw new Error(`not flagged: ${JSON.stringify(result)}`)
  return result.orderId
}

// ——————————————————————————————————————————— behind the built server (http) ———————————————————————————————————————————

export interface DemoServer {
  /** the running server (filled before the file's tests) */
  server: TestServer
  /** village name → id */
  villages: Map<string, number>
  /** username → id */
  users: Map<string, number>
  /** username → display name */
  names: Map<string, string>
  /** the demo township's id */
  readonly townshipId: number
  /** rows of a read-only query on the server's database file */
  query<T>(sql: string, ...params: unknown[]): T[]
  /** how many rows a table holds */
  count(table: string): number
  /** a browser signed in as a demo user (the sign-in answered with a redirect) */
  signedIn(username: string, password?: string): Promise<Browser>
}

/** Reads the server's SQLite file, read-only, for one query. */
export function readDatabase<T>(databaseFile: string, read: (db: Database.Database) => T): T {
  const db = new Database(databaseFile, { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** A browser signed in as a demo user; the sign-in must answer with a redirect. */
export async function signedInBrowser(server: TestServer, username: string, password?: string): Promise<Browser> {
  const browser = new Browser(server.url)
  expect((await browser.signIn(username, password)).status, username).toBe(302)
  return browser
}

/** The built server with its demo township for this test file: started before its tests, stopped after them. */
export function useDemoServer(env: Record<string, string> = {}): DemoServer {
  const server = {} as TestServer
  let townshipId = 0
  const fixture: DemoServer = {
    server,
    villages: new Map(),
    users: new Map(),
    names: new Map(),
    get townshipId() {
      return townshipId
    },
    query: <T>(sql: string, ...params: unknown[]) => readDatabase(server.databaseFile, (db) => db.prepare(sql).all(...params) as T[]),
    count: (table: string) => fixture.query<{ n: number }>(`select count(*) as n from ${table}`)[0].n,
    signedIn: (username: string, password?: string) => signedInBrowser(server, username, password),
  }
  beforeAll(async () => {
    Object.assign(server, await startTestServer(env))
    readDatabase(server.databaseFile, (db) => {
      for (const v of db.prepare('select id, name from villages').all() as Array<{ id: number; name: string }>) fixture.villages.set(v.name, v.id)
      for (const u of db.prepare('select id, username, display_name from users').all() as Array<{ id: number; username: string; display_name: string }>) {
        fixture.users.set(u.username, u.id)
        fixture.names.set(u.username, u.display_name)
      }
      townshipId = (db.prepare('select id from townships').get() as { id: number }).id
    })
  })
  afterAll(async () => server.stop?.())
  return fixture
}

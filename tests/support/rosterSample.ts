// The sample roster (tests/fixtures/roster-qinghe.xlsx) and its key, and what the roster-import tests make with
// them: a fresh township with the demo's 12 villages and no households, counts, and the key's verdict for each row.
// The sample and its key are copied into tests/fixtures/ from the workspace's shared samples, so a fresh clone's
// `npm test` reads nothing outside the repository; if they are missing, these tests fail — they never skip.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, expect } from 'vitest'
import type { DB, Dialect } from '../../db/connection.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import type { ImportScope, RosterFile } from '../../app/models/rosterImport/preview.server'
import type { ProblemCode } from '../../app/models/rosterImport/verdicts.server'
import { DEMO_VILLAGES } from '../../seed/demo'
import { initTownship } from '../../seed/init-township'
import { createTestDatabase, type TestDatabase } from './database'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SAMPLE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.xlsx')
export const KEY_FILE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.key.json')
export const AT = new Date('2026-11-29T03:00:00Z')

export interface KeyRow {
  sheetRow: number
  skip?: 'subtotal' | 'total'
  village?: string
  name?: string
  id?: string
  fen?: number | null
  accept?: boolean
  reason?: 'id-length' | 'id-checksum' | 'amount' | 'unknown-village' | 'duplicate-id' | 'legacy15'
}
export interface Key {
  headerRow: number
  accepted: number
  rejected: number
  rows: KeyRow[]
}

/** The key's reasons, in the codes the import gives. */
const REASON_CODES: Record<NonNullable<KeyRow['reason']>, ProblemCode[]> = {
  'id-length': ['idLength'],
  'id-checksum': ['idCheckDigit'],
  amount: ['amountMissing', 'amountInvalid', 'amountNotPositive', 'amountDecimals', 'amountTooLarge'],
  'unknown-village': ['villageUnknown'],
  'duplicate-id': ['duplicateInFile'],
  legacy15: [],
}

// no existsSync guard: a missing sample must fail the run
/** The sample's key: what the import must say about each of its rows. */
export function sampleKey(): Key {
  return JSON.parse(fs.readFileSync(KEY_FILE, 'utf8')) as Key
}

/** The sample roster as an uploaded file. */
export function sampleRoster(): RosterFile {
  return { name: 'roster-qinghe.xlsx', content: fs.readFileSync(SAMPLE) }
}

export interface Township {
  db: DB
  dialect: Dialect
  townshipId: number
  villages: Map<string, number>
  scope: ImportScope
}

/** freshTownship() for one test file: each call makes its own database; all are dropped after the file's tests. */
export function useFreshTownships(): (name?: string) => Promise<Township> {
  const opened: TestDatabase[] = []
  afterAll(async () => {
    for (const t of opened) await t.destroy()
  })
  /** A fresh database holding a real township (npm run init) with the demo's 12 villages and no households. */
  return async function freshTownship(name = '清河镇'): Promise<Township> {
    const t = await createTestDatabase()
    opened.push(t)
    const { townshipId } = await initTownship(t.db, {
      township: name,
      county: '青山县',
      adminUsername: 'qinghe-admin',
      password: 'a-long-password',
      bcryptCost: 4,
    })
    const villages = new Map<string, number>()
    for (const [i, v] of DEMO_VILLAGES.entries()) {
      const row = await t.db
        .insertInto('villages')
        .values({ township_id: townshipId, name: v.name, code: v.code, kind: v.kind, sort_order: i, leader_user_id: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      villages.set(v.name, row.id)
    }
    return { db: t.db, dialect: t.dialect, townshipId, villages, scope: { townshipId, villageId: null } }
  }
}

export const cli = { userId: null, name: '命令行（test）', source: 'cli' as const }

export async function households(db: DB) {
  return db.selectFrom('households').selectAll().orderBy('id_number').execute()
}
export async function count(db: DB, table: 'households' | 'audit_log'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
export async function importCount(db: DB): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from roster_imports`.execute(db)
  return Number(rows[0].n)
}

/** The key's verdict for every row of a preview, compared row by row. */
export function expectKeyVerdicts(outcomes: Array<{ sheetRow: number; kind: string; problems?: Array<{ code: ProblemCode }> }>) {
  const key = sampleKey()
  const bySheetRow = new Map(outcomes.map((o) => [o.sheetRow, o]))
  for (const row of key.rows) {
    const outcome = bySheetRow.get(row.sheetRow)
    if (row.skip) {
      expect(outcome, `row ${row.sheetRow} (${row.skip}) is skipped`).toBeUndefined()
      continue
    }
    expect(outcome, `row ${row.sheetRow} has a verdict`).toBeDefined()
    expect(outcome!.kind !== 'rejected', `row ${row.sheetRow} accepted`).toBe(row.accept)
    if (!row.accept) expect(REASON_CODES[row.reason!], `row ${row.sheetRow}: ${row.reason}`).toContain(outcome!.problems![0].code)
  }
  const judged = new Set(key.rows.filter((r) => !r.skip).map((r) => r.sheetRow))
  expect(
    outcomes.filter((o) => !judged.has(o.sheetRow)),
    'no verdict on a row the key skips or leaves out',
  ).toEqual([])
}

/** The township's administrator (npm run init's), signed in. */
export async function townshipAdminOf(town: Township): Promise<CurrentUser> {
  const admin = await town.db.selectFrom('users').select('id').where('username', '=', 'qinghe-admin').executeTakeFirstOrThrow()
  return {
    id: admin.id,
    username: 'qinghe-admin',
    displayName: '管理员',
    role: 'admin',
    townshipId: town.townshipId,
    villageId: null,
    countyName: null,
    countyAdmin: false,
    civilAffairs: false,
    liaisonVillageIds: [],
  }
}

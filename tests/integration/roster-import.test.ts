// Roster import (issue 7) against a real database (SQLite; PostgreSQL with `npm run test:pg`).
// The sample roster and its key are copied into tests/fixtures/ from the workspace's shared samples, so a fresh
// clone's `npm test` reads nothing outside the repository; if they are missing, these tests fail — they never skip.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/connection.server'
import {
  confirmRoster, confirmRosterUpload, DETECTED, loadImportPage, previewRoster, problemText, rejectedRows, rejectedRowsWorkbook, saveRosterUpload,
  type ImportScope, type RosterFile,
} from '../../app/models/rosterImport.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import type { ProblemCode } from '../../app/models/rosterImport/rules.server'
import { DEMO_VILLAGES } from '../../seed/demo'
import { importRosterFromFile } from '../../seed/import-roster'
import { initTownship } from '../../seed/init-township'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { createTestDatabase, type TestDatabase } from '../support/database'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SAMPLE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.xlsx')
const KEY_FILE = path.resolve(repoRoot, 'tests/fixtures/roster-qinghe.key.json')
const AT = new Date('2026-11-29T03:00:00Z')

interface KeyRow {
  sheetRow: number
  skip?: 'subtotal' | 'total'
  village?: string
  name?: string
  id?: string
  fen?: number | null
  accept?: boolean
  reason?: 'id-length' | 'id-checksum' | 'amount' | 'unknown-village' | 'duplicate-id' | 'legacy15'
}
interface Key {
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

let key: Key
let sample: RosterFile
const opened: TestDatabase[] = []

beforeAll(() => {
  // no existsSync guard: a missing sample must fail the run
  key = JSON.parse(fs.readFileSync(KEY_FILE, 'utf8')) as Key
  sample = { name: 'roster-qinghe.xlsx', content: fs.readFileSync(SAMPLE) }
})
afterAll(async () => {
  for (const t of opened) await t.destroy()
})

interface Township {
  db: DB
  townshipId: number
  villages: Map<string, number>
  scope: ImportScope
}

/** A fresh database holding a real township (npm run init) with the demo's 12 villages and no households. */
async function freshTownship(name = '清河镇'): Promise<Township> {
  const t = await createTestDatabase()
  opened.push(t)
  const { townshipId } = await initTownship(t.db, { township: name, county: '青山县', adminUsername: 'qinghe-admin', password: 'a-long-password', bcryptCost: 4 })
  const villages = new Map<string, number>()
  for (const [i, v] of DEMO_VILLAGES.entries()) {
    const row = await t.db.insertInto('villages').values({ township_id: townshipId, name: v.name, code: v.code, kind: v.kind, sort_order: i, leader_user_id: null }).returning('id').executeTakeFirstOrThrow()
    villages.set(v.name, row.id)
  }
  return { db: t.db, townshipId, villages, scope: { townshipId, villageId: null } }
}

const cli = { userId: null, name: '命令行（test）', source: 'cli' as const }

async function households(db: DB) {
  return db.selectFrom('households').selectAll().orderBy('id_number').execute()
}
async function count(db: DB, table: 'households' | 'audit_log'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
async function importCount(db: DB): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from roster_imports`.execute(db)
  return Number(rows[0].n)
}

/** The key's verdict for every row of a preview, compared row by row. */
function expectKeyVerdicts(outcomes: Array<{ sheetRow: number; kind: string; problems?: Array<{ code: ProblemCode }> }>) {
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
  expect(outcomes.filter((o) => !judged.has(o.sheetRow)), 'no verdict on a row the key skips or leaves out').toEqual([])
}

describe('the sample roster (roster-qinghe.xlsx) imported into a fresh township', () => {
  let town: Township

  beforeAll(async () => {
    town = await freshTownship()
  })

  it('previews exactly the key’s verdicts, row by row, and writes nothing', async () => {
    const preview = await previewRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error(`unreadable: ${preview.problem}`)
    expect(preview.sheet.headerRow).toBe(key.headerRow)
    expectKeyVerdicts(preview.outcomes)
    expect(preview.counts).toMatchObject({ added: key.accepted, updated: 0, unchanged: 0, rejected: key.rejected })
    // each rejected row says why, in Chinese, with the sheet's row number
    const duplicate = preview.outcomes.find((o) => o.sheetRow === 79)
    expect(duplicate?.kind === 'rejected' && problemText(duplicate.problems[0], { cadre: false })).toBe('身份证号码与第13行重复')
    expect(await count(town.db, 'households')).toBe(0)
    expect(await count(town.db, 'audit_log')).toBe(0)
  })

  it('writes the accepted rows with the key’s names, ID numbers, amounts and villages, and records who imported which file', async () => {
    const result = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: key.accepted, rejected: key.rejected } })
    const written = new Map((await households(town.db)).map((h) => [h.id_number, h]))
    expect(written.size).toBe(key.accepted)
    const villageNames = new Map([...town.villages].map(([name, id]) => [id, name]))
    for (const row of key.rows.filter((r) => r.accept)) {
      const h = written.get(row.id!)
      expect(h, `row ${row.sheetRow}`).toBeDefined()
      expect(h!.head_name).toBe(row.name)
      expect(h!.monthly_amount_fen).toBe(row.fen)
      // 张庄村委会 is 张庄村: the suffix only says it is the village committee
      expect(villageNames.get(h!.village_id)).toBe(row.village!.replace(/委会$/, ''))
      expect(h!.enrolment).toBe('roster')
    }
    const mamat = written.get('13092519850902717X')!
    expect(mamat.head_name).toBe('买买提·艾力')
    const withSituations = written.get('130925199407206286')!
    expect(JSON.parse(withSituations.key_check_situations)).toEqual(['nonFixedIncome', 'ableBodied'])
    const filed = written.get('130925193905264174')!
    expect([filed.near_relative_filing, filed.near_relative_note]).toEqual([1, '村委会成员近亲属'])
    expect(written.get('130925200006100152')!.member_count).toBe(4) // '4人'

    const { rows: [record] } = await sql<{ file_name: string; file_sha256: string; imported_by: string; source: string; rows_added: number; rows_rejected: number; imported_at: string }>`select * from roster_imports`.execute(town.db)
    expect(record).toMatchObject({ file_name: 'roster-qinghe.xlsx', imported_by: '命令行（test）', source: 'cli', rows_added: 64, rows_rejected: 16, imported_at: AT.toISOString() })
    expect(record.file_sha256).toMatch(/^[0-9a-f]{64}$/)
    const audits = await town.db.selectFrom('audit_log').select(['action', 'after']).execute()
    expect(audits.filter((a) => a.action === 'household.import')).toHaveLength(64)
    expect(audits.filter((a) => a.action === 'rosterImport.confirm')).toHaveLength(1)
    // the audit log keeps masked ID numbers only
    expect(audits.some((a) => /\d{17}[\dX]/.test(a.after ?? ''))).toBe(false)
  })

  it('changes nothing when the same file is imported again', async () => {
    const before = { households: await households(town.db), audits: await count(town.db, 'audit_log'), imports: await importCount(town.db) }
    const result = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'nothingToWrite', counts: { added: 0, updated: 0, unchanged: key.accepted, rejected: key.rejected } })
    expect(await households(town.db)).toEqual(before.households)
    expect(await count(town.db, 'audit_log')).toBe(before.audits)
    expect(await importCount(town.db)).toBe(before.imports)
  })

  it('updates a household whose amount the file gives differently, with the change in the audit log', async () => {
    const id = '13092519761116079X' // 杜红霞, row 4, ¥662 in the file
    await town.db.updateTable('households').set({ monthly_amount_fen: 50000, notes: '干部录入的备注' }).where('id_number', '=', id).execute()
    const before = await town.db.selectFrom('households').selectAll().where('id_number', '=', id).executeTakeFirstOrThrow()
    const result = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 0, updated: 1, unchanged: key.accepted - 1 } })
    const after = await town.db.selectFrom('households').selectAll().where('id_number', '=', id).executeTakeFirstOrThrow()
    // the amount is the file's again; the cadre's note stays, because the file's 备注 is blank
    expect([after.monthly_amount_fen, after.notes, after.version]).toEqual([66200, '干部录入的备注', before.version + 1])
    const audit = await town.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'household.importUpdate').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.before!)).toEqual({ monthly_amount_fen: 50000 })
    expect(JSON.parse(audit.after!)).toMatchObject({ monthly_amount_fen: 66200, sheetRow: 4 })
  })

  it('rejects a row whose ID number another village of the township already holds, naming the village to the township and not to a cadre', async () => {
    const id = '130925195201054880' // 段翠花, 东风村 in the file
    await town.db.updateTable('households').set({ village_id: town.villages.get('红星村')! }).where('id_number', '=', id).execute()
    const preview = await previewRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    const row = preview.outcomes.find((o) => o.sheetRow === 25)!
    expect(row.kind).toBe('rejected')
    if (row.kind !== 'rejected') return
    expect(problemText(row.problems[0], { cadre: false })).toContain('红星村')
    // 东风村's cadre previewing the same file learns only that the family cannot be added there
    const cadre = await previewRoster(town.db, { scope: { townshipId: town.townshipId, villageId: town.villages.get('东风村')! }, file: sample, choice: DETECTED })
    if (!cadre.ok) throw new Error('unreadable')
    const cadreRow = cadre.outcomes.find((o) => o.sheetRow === 25)!
    expect(cadreRow.kind === 'rejected' && cadreRow.problems.map((p) => problemText(p, { cadre: true }))).toEqual(['该户无法在本村(居)纳入，镇民政办将核实处理'])
  })
})

describe('a village cadre’s import', () => {
  it('rejects every row of another village and writes only into the cadre’s own village', async () => {
    const town = await freshTownship()
    const own = town.villages.get('红星村')!
    const scope = { townshipId: town.townshipId, villageId: own }
    const preview = await previewRoster(town.db, { scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    const ownRows = key.rows.filter((r) => r.accept && r.village === '红星村')
    expect(preview.counts.added).toBe(ownRows.length)
    const foreign = preview.outcomes.find((o) => o.sheetRow === 4)! // 河东村
    expect(foreign.kind === 'rejected' && foreign.problems.map((p) => p.code)).toEqual(['villageNotYours'])
    expect(foreign.kind === 'rejected' && problemText(foreign.problems[0], { cadre: true })).toBe('“河东村”不是您所在的村(社区)，村(居)干部只能导入本村(社区)的低保户')

    const result = await confirmRoster(town.db, { scope, file: sample, choice: DETECTED, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: ownRows.length } })
    const written = await households(town.db)
    expect(written).toHaveLength(ownRows.length)
    expect(new Set(written.map((h) => h.village_id))).toEqual(new Set([own]))
  })

  it('cannot move rows into the cadre’s village by ignoring the file’s village column', async () => {
    const town = await freshTownship()
    const scope = { townshipId: town.townshipId, villageId: town.villages.get('东风村')! }
    const columns = ['seq', null, 'headName', 'idNumber', 'memberCount', 'category', 'coveredCount', 'monthlyAmount', null, null, null, null, null] as const
    const result = await confirmRoster(town.db, { scope, file: sample, choice: { columns: [...columns], defaultVillageId: null }, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: false, kind: 'mapping' })
    expect(!result.ok && result.kind === 'mapping' && result.analysis.mappingProblems).toEqual(['文件中有“村(社区)”列，不能设为不导入。'])
    expect(await count(town.db, 'households')).toBe(0)
  })
})

describe('all or nothing', () => {
  /** A roster of `n` valid rows in 东风村 as a UTF-8 CSV, each ID number from its row number. */
  function generatedCsv(n: number, amountOf = (_i: number) => 500): { file: RosterFile; ids: string[] } {
    const ids = Array.from({ length: n }, (_, i) => makeIdNumber('110101', '19600101', i + 1))
    const lines = ['序号,村(社区),户主姓名,身份证号码,家庭人口,保障类别,保障人数,月保障金额(元)']
    ids.forEach((id, i) => lines.push(`${i + 1},东风村,测试${i + 1},${id},2,农村低保,2,${amountOf(i)}`))
    return { file: { name: 'generated.csv', content: Buffer.from(lines.join('\r\n'), 'utf8') }, ids }
  }

  async function failOn(db: DB, dialect: 'sqlite' | 'postgres', when: 'insert' | 'update', idNumber: string) {
    if (dialect === 'postgres') {
      await sql`CREATE FUNCTION fail_on_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id_number = ${sql.lit(idNumber)} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`.execute(db)
      await sql.raw(`CREATE TRIGGER fail_on_row BEFORE ${when.toUpperCase()} ON households FOR EACH ROW EXECUTE FUNCTION fail_on_row()`).execute(db)
    } else {
      await sql.raw(`CREATE TRIGGER fail_on_row BEFORE ${when.toUpperCase()} ON households WHEN NEW.id_number = '${idNumber}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`).execute(db)
    }
  }
  async function removeFailure(db: DB, dialect: 'sqlite' | 'postgres') {
    if (dialect === 'postgres') {
      await sql`DROP TRIGGER fail_on_row ON households`.execute(db)
      await sql`DROP FUNCTION fail_on_row()`.execute(db)
    } else await sql`DROP TRIGGER fail_on_row`.execute(db)
  }

  it.each([
    ['the 90th added household', 'insert' as const],
    ['the third of five updated households, after every addition', 'update' as const],
  ])('writes nothing at all when the database refuses %s', async (_what, when) => {
    const town = await freshTownship()
    const dialect = opened[opened.length - 1].dialect
    const { file, ids } = generatedCsv(120)
    // five of the file's households are already on the roster with another amount: the import will update them
    const updatedIds = [ids[10], ids[30], ids[50], ids[70], ids[110]]
    await town.db
      .insertInto('households')
      .values(updatedIds.map((id) => ({ village_id: town.villages.get('东风村')!, head_name: '旧名', id_number: id, member_count: 2, covered_count: 2, category: '农村低保', monthly_amount_fen: 100, updated_at: AT.toISOString() })))
      .execute()
    const before = { households: await households(town.db), audits: await count(town.db, 'audit_log'), imports: await importCount(town.db) }

    await failOn(town.db, dialect, when, when === 'insert' ? ids[89] : updatedIds[2])
    await expect(confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT, batchSize: 10 })).rejects.toThrow(/injected failure/)
    expect(await households(town.db)).toEqual(before.households)
    expect(await count(town.db, 'audit_log')).toBe(before.audits)
    expect(await importCount(town.db)).toBe(before.imports)

    await removeFailure(town.db, dialect)
    const result = await confirmRoster(town.db, { scope: town.scope, file, choice: DETECTED, actor: cli, at: AT, batchSize: 10 })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 115, updated: 5, rejected: 0 } })
    expect(await count(town.db, 'households')).toBe(120)
  })

  it('writes nothing and shows the new preview when the roster changed after the preview the user confirmed', async () => {
    const town = await freshTownship()
    const preview = await previewRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    // someone enrols one of the file's families by hand meanwhile
    await town.db.insertInto('households').values({ village_id: town.villages.get('河东村')!, head_name: '杜红霞', id_number: '13092519761116079X', member_count: 3, covered_count: 3, category: '农村低保', monthly_amount_fen: 1000, updated_at: AT.toISOString() }).execute()
    const result = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT, expectedDigest: preview.digest })
    expect(result).toMatchObject({ ok: false, kind: 'stale' })
    expect(!result.ok && result.kind === 'stale' && result.analysis.counts).toMatchObject({ added: key.accepted - 1, updated: 1 })
    expect(await count(town.db, 'households')).toBe(1)
  })
})

describe('other files an office may send', () => {
  /** The sample sheet, row for row, as CSV text (blank rows kept, so the row numbers stay the sheet's). */
  async function sampleAsCsv(): Promise<string> {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(SAMPLE)
    const sheet = workbook.getWorksheet('花名册')!
    const lines: string[] = []
    for (let n = 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n)
      const cells: string[] = []
      for (let c = 1; c <= 13; c++) {
        const v = row.getCell(c).value
        const text = v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v)
        cells.push(/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)
      }
      lines.push(cells.join(','))
    }
    return lines.join('\r\n')
  }

  it('gives a GB18030 CSV of the sample roster the key’s verdicts too', async () => {
    const town = await freshTownship()
    const csv = { name: 'roster-qinghe.csv', content: iconv.encode(await sampleAsCsv(), 'gb18030') }
    const preview = await previewRoster(town.db, { scope: town.scope, file: csv, choice: DETECTED })
    if (!preview.ok) throw new Error(`unreadable: ${preview.problem}`)
    expect(preview.sheet.encoding).toBe('gb18030')
    expectKeyVerdicts(preview.outcomes)
  })

  it('converts a legacy 15-digit ID number and puts a file without a village column where the user says', async () => {
    const town = await freshTownship()
    const legacy = '130925760215123'
    const csv = `户主姓名,身份证号码,家庭人口,保障类别,月保障金额\n张老汉,${legacy},1,农村低保,380元\n`
    const file = { name: 'no-village.csv', content: Buffer.from(`\ufeff${csv}`, 'utf8') }
    const unplaced = await previewRoster(town.db, { scope: town.scope, file, choice: DETECTED })
    expect(unplaced.ok && unplaced.mappingProblems).toEqual(['文件中没有“村(社区)”列，请选择要导入到哪个村(社区)。'])
    const result = await confirmRoster(town.db, { scope: town.scope, file, choice: { columns: null, defaultVillageId: town.villages.get('新华村')! }, actor: cli, at: AT })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 1 } })
    const [h] = await households(town.db)
    expect([h.id_number, h.village_id, h.monthly_amount_fen, h.covered_count]).toEqual([makeIdNumber('130925', '19760215', 123), town.villages.get('新华村'), 38000, 1])
  })
})

describe('the rejected rows, fixed and uploaded again', () => {
  it('imports the rows that were corrected in the downloaded file, and rejects the rest for the same reasons', async () => {
    const town = await freshTownship()
    const first = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT })
    if (!first.ok || first.kind !== 'imported') throw new Error('not imported')
    const preview = first.analysis
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await rejectedRowsWorkbook(rejectedRows(preview, { cadre: false }))).slice().buffer)
    const sheet = workbook.worksheets[0]
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
    expect(headers[0]).toBe('原行号')
    expect(headers[headers.length - 1]).toBe('原因')
    const column = (name: string) => headers.findIndex((h) => h.replace(/\s/g, '') === name) + 1
    // the office fixes two rows: 赖文明's amount (待定) and 常凤兰's village (杏花村)
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 18) row.getCell(column('月保障金额(元)')).value = 500
      if (row.getCell(1).value === 31) row.getCell(column('村(社区)')).value = '东风村'
    })
    const fixed = { name: 'roster-qinghe-退回的行.xlsx', content: new Uint8Array(await workbook.xlsx.writeBuffer()) }

    const again = await previewRoster(town.db, { scope: town.scope, file: fixed, choice: DETECTED })
    if (!again.ok) throw new Error(`unreadable: ${again.problem}`)
    expect(again.columnFields[0]).toBeNull() // 原行号 is not imported
    expect(again.columnFields[again.columnFields.length - 1]).toBeNull() // nor 原因
    expect(again.counts).toMatchObject({ added: 2, rejected: key.rejected - 2 })
    const added = again.outcomes.filter((o) => o.kind === 'add').map((o) => (o.kind === 'add' ? o.idNumber : ''))
    expect(added.sort()).toEqual(['130925198606226023', '130925199107112878'])
    // 崔德胜 (row 79 of the sample) shares 邱建华's ID number, which the first import wrote into 李家洼村
    const row79 = again.outcomes.find((o) => o.kind === 'rejected' && problemText(o.problems[0], { cadre: false }).includes('李家洼村'))
    expect(row79).toBeDefined()
  })
})

describe('an upload between preview and confirm', () => {
  it('is kept for its own user only, confirmed once, and then gone', async () => {
    const town = await freshTownship()
    const admin = await town.db.selectFrom('users').select('id').where('username', '=', 'qinghe-admin').executeTakeFirstOrThrow()
    const user: CurrentUser = { id: admin.id, username: 'qinghe-admin', displayName: '管理员', role: 'admin', townshipId: town.townshipId, villageId: null, countyName: null }
    const { id: otherId } = await town.db
      .insertInto('users')
      .values({ username: 'hongxing', display_name: '陈建华', password_hash: 'x', role: 'cadre', township_id: town.townshipId, village_id: town.villages.get('红星村')!, county_name: null, updated_at: AT.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cadre: CurrentUser = { id: otherId, username: 'hongxing', displayName: '陈建华', role: 'cadre', townshipId: town.townshipId, villageId: town.villages.get('红星村')!, countyName: null }

    const saved = await saveRosterUpload(town.db, { user, file: sample, at: AT })
    if (!saved.ok) throw new Error(saved.problem)
    const preview = await loadImportPage(town.db, { user, searchParams: new URLSearchParams({ upload: saved.token }), at: AT })
    expect(preview).toMatchObject({ kind: 'preview', counts: { added: key.accepted, rejected: key.rejected } })
    // the file's bytes come back exactly (BLOB on SQLite, bytea on PostgreSQL)
    const { rows } = await sql<{ content: Uint8Array; file_size: number }>`select content, file_size from roster_import_uploads`.execute(town.db)
    expect(rows).toHaveLength(1)
    expect(rows[0].file_size).toBe(sample.content.byteLength)
    expect(Buffer.compare(Buffer.from(rows[0].content), Buffer.from(sample.content))).toBe(0)

    // another user's token finds nothing, and confirms nothing
    expect(await loadImportPage(town.db, { user: cadre, searchParams: new URLSearchParams({ upload: saved.token }), at: AT })).toMatchObject({ kind: 'upload', notice: '上传的文件已过期或不存在，请重新上传。' })
    expect(await confirmRosterUpload(town.db, { user: cadre, token: saved.token, choice: DETECTED, digest: null, at: AT })).toEqual({ kind: 'expired' })
    expect(await count(town.db, 'households')).toBe(0)

    // nor after it expired
    const later = new Date(AT.getTime() + 13 * 3600_000)
    expect(await loadImportPage(town.db, { user, searchParams: new URLSearchParams({ upload: saved.token }), at: later })).toMatchObject({ kind: 'upload' })

    const digest = preview.kind === 'preview' ? preview.digest : null
    const done = await confirmRosterUpload(town.db, { user, token: saved.token, choice: DETECTED, digest, at: AT })
    expect(done).toEqual({ kind: 'redirect', to: expect.stringMatching(/^\/import\?done=\d+$/) })
    expect(await count(town.db, 'households')).toBe(key.accepted)
    expect(await confirmRosterUpload(town.db, { user, token: saved.token, choice: DETECTED, digest, at: AT })).toEqual({ kind: 'expired' })
    const { rows: left } = await sql<{ n: number }>`select count(*) as n from roster_import_uploads`.execute(town.db)
    expect(Number(left[0].n)).toBe(0)
  })

  it('refuses a file that is no roster before keeping it', async () => {
    const town = await freshTownship()
    const admin = await town.db.selectFrom('users').select('id').where('username', '=', 'qinghe-admin').executeTakeFirstOrThrow()
    const user: CurrentUser = { id: admin.id, username: 'qinghe-admin', displayName: '管理员', role: 'admin', townshipId: town.townshipId, villageId: null, countyName: null }
    expect(await saveRosterUpload(town.db, { user, file: { name: 'key.json', content: fs.readFileSync(KEY_FILE) }, at: AT })).toEqual({ ok: false, problem: 'noHeader' })
    expect(await saveRosterUpload(town.db, { user: { ...user, role: 'inspector' }, file: sample, at: AT })).toEqual({ ok: false, problem: 'forbidden' })
  })
})

describe('the command line (npm run import:roster)', () => {
  it('prints the key’s counts and each rejected row’s number and reason, and exits 0', async () => {
    const town = await freshTownship()
    const dry = await importRosterFromFile(town.db, { file: SAMPLE, township: '清河镇', dryRun: true, user: 'test' })
    expect(dry.exitCode).toBe(0)
    expect(dry.summary).toMatchObject({ added: key.accepted, rejected: key.rejected, importId: null, sheet: '花名册', headerRow: 3 })
    expect(dry.summary.rejectedRows.map((r) => r.sheetRow)).toEqual(key.rows.filter((r) => r.accept === false).map((r) => r.sheetRow))
    expect(dry.summary.rejectedRows.find((r) => r.sheetRow === 31)?.reason).toBe('本镇没有“杏花村”这个村(社区)')
    expect(await count(town.db, 'households')).toBe(0)

    const real = await importRosterFromFile(town.db, { file: SAMPLE, township: '清河镇', dryRun: false, user: 'test', at: AT })
    expect(real.exitCode).toBe(0)
    expect(real.summary.importId).toEqual(expect.any(Number))
    expect(await count(town.db, 'households')).toBe(key.accepted)
    const { rows } = await sql<{ imported_by: string }>`select imported_by from roster_imports`.execute(town.db)
    expect(rows).toEqual([{ imported_by: '命令行（test）' }])
  })

  it('exits non-zero when nothing could be imported', async () => {
    const town = await freshTownship()
    expect((await importRosterFromFile(town.db, { file: KEY_FILE, township: '清河镇', dryRun: false })).exitCode).toBe(1)
    expect((await importRosterFromFile(town.db, { file: SAMPLE, township: '没有这个镇', dryRun: true })).exitCode).toBe(1)
    const allBad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-roster-')), 'all-bad.csv')
    fs.writeFileSync(allBad, '村(社区),户主姓名,身份证号码,家庭人口,保障类别,月保障金额\n杏花村,张三,130925193911210210,2,农村低保,待定\n')
    const result = await importRosterFromFile(town.db, { file: allBad, township: '清河镇', dryRun: false })
    expect(result.exitCode).toBe(1)
    expect(result.summary.rejectedRows).toEqual([{ sheetRow: 2, reason: '身份证号码校验位不对（号码有误），请逐位核对；本镇没有“杏花村”这个村(社区)；月保障金额“待定”不是有效金额' }])
    expect(await count(town.db, 'households')).toBe(0)
  })
})

// Roster import (issue 7) against a real database (SQLite; PostgreSQL with `npm run test:pg`), part one: the sample
// roster into a fresh township, a village cadre's import, and all or nothing. Other files, re-uploads, an upload
// between preview and confirm and the command line: roster-import-files.test.ts. The sample: tests/support/rosterSample.ts.
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/connection.server'
import { confirmRoster } from '../../app/models/rosterImport/confirm.server'
import { DETECTED, previewRoster, problemText, type RosterFile } from '../../app/models/rosterImport/preview.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { AT, cli, count, expectKeyVerdicts, households, importCount, sampleKey, sampleRoster, useFreshTownships, type Township } from '../support/rosterSample'

// read when the file loads: a missing sample fails the file, never skips it
const key = sampleKey()
const sample = sampleRoster()
const freshTownship = useFreshTownships()

describe('the sample roster (roster-qinghe.xlsx) imported into a fresh township', () => {
  let town: Township

  beforeAll(async () => {
    town = await freshTownship()
  })

  it('previews exactly the key’s verdicts, row by row, and writes nothing', async () => {
    // setting the township up (npm run init) is audited; the preview adds nothing to it
    const auditsBefore = await count(town.db, 'audit_log')
    const preview = await previewRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error(`unreadable: ${preview.problem}`)
    expect(preview.sheet.headerRow).toBe(key.headerRow)
    expectKeyVerdicts(preview.outcomes)
    expect(preview.counts).toMatchObject({ added: key.accepted, updated: 0, unchanged: 0, rejected: key.rejected })
    // each rejected row says why, in Chinese, with the sheet's row number
    const duplicate = preview.outcomes.find((o) => o.sheetRow === 79)
    expect(duplicate?.kind === 'rejected' && problemText(duplicate.problems[0], { cadre: false })).toBe('身份证号码与第13行重复')
    expect(await count(town.db, 'households')).toBe(0)
    expect(await count(town.db, 'audit_log')).toBe(auditsBefore)
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

    const {
      rows: [record],
    } = await sql<{
      file_name: string
      file_sha256: string
      imported_by: string
      source: string
      rows_added: number
      rows_rejected: number
      imported_at: string
    }>`select * from roster_imports`.execute(town.db)
    expect(record).toMatchObject({
      file_name: 'roster-qinghe.xlsx',
      imported_by: '命令行（test）',
      source: 'cli',
      rows_added: 64,
      rows_rejected: 16,
      imported_at: AT.toISOString(),
    })
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
    await town.db
      .updateTable('households')
      .set({ village_id: town.villages.get('红星村')! })
      .where('id_number', '=', id)
      .execute()
    const preview = await previewRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED })
    if (!preview.ok) throw new Error('unreadable')
    const row = preview.outcomes.find((o) => o.sheetRow === 25)!
    expect(row.kind).toBe('rejected')
    if (row.kind !== 'rejected') return
    expect(problemText(row.problems[0], { cadre: false })).toContain('红星村')
    // 东风村's cadre previewing the same file learns only that the family cannot be added there
    const cadre = await previewRoster(town.db, {
      scope: { townshipId: town.townshipId, villageId: town.villages.get('东风村')! },
      file: sample,
      choice: DETECTED,
    })
    if (!cadre.ok) throw new Error('unreadable')
    const cadreRow = cadre.outcomes.find((o) => o.sheetRow === 25)!
    expect(cadreRow.kind === 'rejected' && cadreRow.problems.map((p) => problemText(p, { cadre: true }))).toEqual([
      '该户无法在本村(居)纳入，镇民政所将核实处理',
    ])
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
    expect(foreign.kind === 'rejected' && problemText(foreign.problems[0], { cadre: true })).toBe(
      '“河东村”不是您所在的村(居)，村(居)干部只能导入本村(居)的低保户',
    )

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
    expect(!result.ok && result.kind === 'mapping' && result.analysis.mappingProblems).toEqual(['文件中有“村(居)”列，不能设为不导入。'])
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
      await sql`CREATE FUNCTION fail_on_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id_number = ${sql.lit(idNumber)} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`.execute(
        db,
      )
      await sql.raw(`CREATE TRIGGER fail_on_row BEFORE ${when.toUpperCase()} ON households FOR EACH ROW EXECUTE FUNCTION fail_on_row()`).execute(db)
    } else {
      await sql
        .raw(
          `CREATE TRIGGER fail_on_row BEFORE ${when.toUpperCase()} ON households WHEN NEW.id_number = '${idNumber}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
        )
        .execute(db)
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
    const dialect = town.dialect
    const { file, ids } = generatedCsv(120)
    // five of the file's households are already on the roster with another amount: the import will update them
    const updatedIds = [ids[10], ids[30], ids[50], ids[70], ids[110]]
    await town.db
      .insertInto('households')
      .values(
        updatedIds.map((id) => ({
          village_id: town.villages.get('东风村')!,
          head_name: '旧名',
          id_number: id,
          member_count: 2,
          covered_count: 2,
          category: '农村低保',
          monthly_amount_fen: 100,
          updated_at: AT.toISOString(),
        })),
      )
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
    await town.db
      .insertInto('households')
      .values({
        village_id: town.villages.get('河东村')!,
        head_name: '杜红霞',
        id_number: '13092519761116079X',
        member_count: 3,
        covered_count: 3,
        category: '农村低保',
        monthly_amount_fen: 1000,
        updated_at: AT.toISOString(),
      })
      .execute()
    const result = await confirmRoster(town.db, { scope: town.scope, file: sample, choice: DETECTED, actor: cli, at: AT, expectedDigest: preview.digest })
    expect(result).toMatchObject({ ok: false, kind: 'stale' })
    expect(!result.ok && result.kind === 'stale' && result.analysis.counts).toMatchObject({ added: key.accepted - 1, updated: 1 })
    expect(await count(town.db, 'households')).toBe(1)
  })
})

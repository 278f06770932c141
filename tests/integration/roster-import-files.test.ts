// Roster import (issue 7) against a real database (SQLite; PostgreSQL with `npm run test:pg`), part two: other
// files an office may send, the rejected rows uploaded again, an upload between preview and confirm, and the command
// line. The sample into a fresh township, a cadre's import and all or nothing: roster-import.test.ts.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { confirmRoster, rejectedRows, rejectedRowsWorkbook } from '../../app/models/rosterImport/confirm.server'
import { confirmRosterUpload, loadImportPage } from '../../app/models/rosterImport.server'
import { DETECTED, previewRoster, problemText } from '../../app/models/rosterImport/preview.server'
import { saveRosterUpload } from '../../app/models/rosterImport/upload.server'
import type { CurrentUser } from '../../app/utils/auth.server'
import { importRosterFromFile } from '../../seed/import-roster'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import {
  AT,
  cli,
  count,
  expectKeyVerdicts,
  households,
  KEY_FILE,
  SAMPLE,
  sampleKey,
  sampleRoster,
  useFreshTownships,
  townshipAdminOf,
} from '../support/rosterSample'

// read when the file loads: a missing sample fails the file, never skips it
const key = sampleKey()
const sample = sampleRoster()
const freshTownship = useFreshTownships()

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
    expect(unplaced.ok && unplaced.mappingProblems).toEqual(['文件中没有“村(居)”列，请选择要导入到哪个村(居)。'])
    const result = await confirmRoster(town.db, {
      scope: town.scope,
      file,
      choice: { columns: null, defaultVillageId: town.villages.get('新华村')! },
      actor: cli,
      at: AT,
    })
    expect(result).toMatchObject({ ok: true, kind: 'imported', counts: { added: 1 } })
    const [h] = await households(town.db)
    expect([h.id_number, h.village_id, h.monthly_amount_fen, h.covered_count]).toEqual([
      makeIdNumber('130925', '19760215', 123),
      town.villages.get('新华村'),
      38000,
      1,
    ])
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
    const user = await townshipAdminOf(town)
    const { id: otherId } = await town.db
      .insertInto('users')
      .values({
        username: 'hongxing',
        display_name: '陈建华',
        password_hash: 'x',
        role: 'cadre',
        township_id: town.townshipId,
        village_id: town.villages.get('红星村')!,
        county_name: null,
        updated_at: AT.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cadre: CurrentUser = {
      id: otherId,
      username: 'hongxing',
      displayName: '陈建华',
      role: 'cadre',
      townshipId: town.townshipId,
      villageId: town.villages.get('红星村')!,
      countyName: null,
      countyAdmin: false,
      civilAffairs: false,
      liaisonVillageIds: [],
    }

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
    expect(await loadImportPage(town.db, { user: cadre, searchParams: new URLSearchParams({ upload: saved.token }), at: AT })).toMatchObject({
      kind: 'upload',
      notice: '上传的文件已过期或不存在，请重新上传。',
    })
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
    const user = await townshipAdminOf(town)
    expect(await saveRosterUpload(town.db, { user, file: { name: 'key.json', content: fs.readFileSync(KEY_FILE) }, at: AT })).toEqual({
      ok: false,
      problem: 'noHeader',
    })
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
    expect(dry.summary.rejectedRows.find((r) => r.sheetRow === 31)?.reason).toBe('本镇没有“杏花村”这个村(居)')
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
    expect(result.summary.rejectedRows).toEqual([
      { sheetRow: 2, reason: '身份证号码校验位不对（号码有误），请逐位核对；本镇没有“杏花村”这个村(居)；月保障金额“待定”不是有效金额' },
    ])
    expect(await count(town.db, 'households')).toBe(0)
  })
})

// 信息核对 on the demo township, on both databases: the demo's two lists and their matches; a new vehicles list
// matched by 18- and 15-digit numbers, replacing the earlier one's matches and leaving the deaths list alone; what the
// county, a township leader and a village's cadre each see (the page and the exported file); and a match making the
// household 重点核查 on the roster and asking the review for a note.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { downloadCrosscheckMatches } from '../../app/models/departmentLists/export.server'
import { importDepartmentList } from '../../app/models/departmentLists/import.server'
import { getCrosscheckPage } from '../../app/models/departmentLists/queries.server'
import { getHouseholdReview } from '../../app/models/householdReview.server'
import { listRoster } from '../../app/models/householdRoster.server'
import type { TableSheet } from '../../app/models/tableFile/read.server'
import { makeIdNumber } from '../../workflows/rules/idNumber'
import { demoDeceased } from '../../seed/demoDepartmentLists'
import { importCrosscheckFromFile } from '../../seed/import-crosscheck'
import { spawnTsx } from '../support/server'
import { AT, campaign, ctx, rowsOf, t, TODAY, useExportsDatabase, users, village, workbook } from '../support/exportFiles'

useExportsDatabase()

const legacy = (id: string) => id.slice(0, 6) + id.slice(8, 17)

function sheets(rows: Array<Array<string | number>>): TableSheet[] {
  return [
    {
      name: 'Sheet1',
      hidden: false,
      rows: [['姓名', '身份证号', '号牌号码', '车辆类型'], ...rows].map((cells, i) => ({ sheetRow: i + 1, cells, hidden: false })),
    },
  ]
}

async function householdsOf(villageName: string) {
  return t.db.selectFrom('households').select(['id', 'head_name', 'id_number']).where('village_id', '=', village(villageName).id).orderBy('id').execute()
}

async function spouseIn(villageName: string) {
  return t.db
    .selectFrom('household_members as m')
    .innerJoin('households as h', 'h.id', 'm.household_id')
    .select(['m.id', 'm.name', 'm.id_number', 'm.household_id'])
    .where('h.village_id', '=', village(villageName).id)
    .where('m.relation', '=', 'spouse')
    .where('m.id_number', 'is not', null)
    .orderBy('h.id', 'desc')
    .executeTakeFirstOrThrow()
}

function importVehicles(rows: Array<Array<string | number>>, fileName = '车管.xlsx') {
  const s = sheets(rows)
  return importDepartmentList(t.db, {
    countyName: '青山县',
    source: 'vehicles',
    dataDate: '2026-11',
    fileName,
    content: new TextEncoder().encode(JSON.stringify(s)),
    sheets: s,
    actor: { userId: users.get('county')!.id, name: '郑海燕', ip: '127.0.0.1' },
    at: AT,
  })
}

describe('信息核对: other departments’ lists by ID number', () => {
  it('the demo has a vehicles list with three matches and a deaths list naming one household head', async () => {
    const page = await getCrosscheckPage(t.db, { user: users.get('county')! })
    expect(page!.lists!.map((l) => [l.source, l.matchCount, l.rowCount, l.current])).toEqual(
      expect.arrayContaining([
        ['vehicles', 3, 6, true],
        ['deaths', 1, 2, true],
      ]),
    )
    const deceased = await demoDeceased(t.db as never, (await t.db.selectFrom('townships').select('id').executeTakeFirstOrThrow()).id)
    const death = page!.matches.filter((m) => m.source === 'deaths')
    expect(death).toHaveLength(1)
    expect(death[0]).toMatchObject({ headName: deceased.name, isHead: true, villageName: '东风村' })
    // the demo's payment ledger of the month pays them: a payment to a deceased person
    const paidDeceased = await t.db.selectFrom('ledger_discrepancies').select(['household_id', 'name']).where('kind', '=', 'paidDeceased').execute()
    expect(paidDeceased).toEqual([{ household_id: death[0].householdId, name: deceased.name }])
    expect(death[0].line).toMatch(/^已于\d{4}-\d{2}-\d{2}死亡，\d{4}-\d{2}-\d{2}火化（公安\/殡葬，\d{4}-\d{2}）$/)
    // one of the demo's owners is on the list twice, once under the old 15-digit number: one match, two vehicles
    expect(page!.matches.filter((m) => m.source === 'vehicles').map((m) => m.fact)).toContain('名下有小型普通客车1辆、轻型普通货车1辆')
  })

  it('matches a new vehicles list by 18- and 15-digit numbers and replaces the earlier vehicles matches only', async () => {
    const [head] = await householdsOf('红星村')
    const spouse = await spouseIn('河西村')
    const deathsBefore = await t.db.selectFrom('department_matches').select('id').where('source', '=', 'deaths').execute()
    const earlier = await t.db
      .selectFrom('department_lists')
      .select('id')
      .where('source', '=', 'vehicles')
      .where('replaced_at', 'is', null)
      .executeTakeFirstOrThrow()
    const result = await importVehicles([
      [head.head_name, head.id_number, '鲁P1', '小型汽车'],
      ['某某', legacy(spouse.id_number!), '鲁P2', '二轮摩托车'],
      ['不在名册', makeIdNumber('371521', '19800101', 999), '鲁P3', '小型汽车'],
      ['无号码', '', '鲁P4', '小型汽车'],
    ])
    expect(result).toMatchObject({ ok: true, rowCount: 4, invalidIdRows: 1, matchCount: 2, households: 2, replacedListIds: [earlier.id] })
    if (!result.ok) return
    const matches = await t.db.selectFrom('department_matches').selectAll().where('source', '=', 'vehicles').orderBy('id').execute()
    expect(matches.map((m) => [m.household_id, m.member_id !== null, m.fact, m.list_id])).toEqual([
      [head.id, true, '名下有小型汽车1辆', result.listId],
      [spouse.household_id, true, '名下有二轮摩托车1辆', result.listId],
    ])
    expect(matches[1]).toMatchObject({ member_id: spouse.id, person_name: spouse.name, id_number: spouse.id_number })
    const old = await t.db.selectFrom('department_lists').select('replaced_at').where('id', '=', earlier.id).executeTakeFirstOrThrow()
    expect(old.replaced_at).toBe(AT.toISOString())
    expect(await t.db.selectFrom('department_matches').select('id').where('source', '=', 'deaths').execute()).toEqual(deathsBefore)
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_type', '=', 'department_list')
      .where('entity_id', '=', result.listId)
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].after!)).toMatchObject({ source: 'vehicles', rowCount: 4, matchCount: 2, replacedLists: 1 })
  })

  it('refuses a file with no ID column and a county that does not exist, writing nothing', async () => {
    const lists = await t.db.selectFrom('department_lists').select('id').execute()
    const s: TableSheet[] = [{ name: null, hidden: false, rows: [{ sheetRow: 1, cells: ['姓名', '号牌号码'], hidden: false }] }]
    const base = {
      source: 'vehicles' as const,
      dataDate: '2026-11',
      fileName: 'x.xlsx',
      content: new Uint8Array([1]),
      actor: { userId: null, name: 'x' },
      at: AT,
    }
    expect(await importDepartmentList(t.db, { ...base, countyName: '青山县', sheets: s })).toEqual({ ok: false, problem: 'noIdColumn' })
    expect(await importDepartmentList(t.db, { ...base, countyName: '不存在县', sheets: sheets([['王某', makeIdNumber('371521', '19800101', 1)]]) })).toEqual({
      ok: false,
      problem: 'noCounty',
    })
    expect(await t.db.selectFrom('department_lists').select('id').execute()).toEqual(lists)
  })

  it('shows the county every match and list, a township its matches without the file, a cadre only their village', async () => {
    const [head] = await householdsOf('柳树屯村')
    await importVehicles([[head.head_name, head.id_number, '鲁P9', '小型汽车']], '车管二.xlsx')
    const county = (await getCrosscheckPage(t.db, { user: users.get('county')! }))!
    const leader = (await getCrosscheckPage(t.db, { user: users.get('leader')! }))!
    const cadre = (await getCrosscheckPage(t.db, { user: users.get('liushutun')! }))!
    const other = (await getCrosscheckPage(t.db, { user: users.get('dongfeng')! }))!
    expect(county.canImport).toBe(true)
    expect(county.lists!.find((l) => l.current && l.source === 'vehicles')).toMatchObject({ fileName: '车管二.xlsx', rowCount: 1, importedBy: '郑海燕' })
    expect(leader.canImport).toBe(false)
    expect(leader.lists!.every((l) => l.fileName === null && l.rowCount === null && l.importedBy === null)).toBe(true)
    expect(leader.matches.map((m) => m.id).sort()).toEqual(county.matches.map((m) => m.id).sort())
    expect(cadre).toMatchObject({ scope: 'villages', canImport: false, lists: null })
    expect(cadre.matches.length).toBeGreaterThan(0)
    expect(cadre.matches.every((m) => m.villageName === '柳树屯村')).toBe(true)
    expect(cadre.matches.map((m) => m.headName)).toContain(head.head_name)
    expect(other.matches.every((m) => m.villageName === '东风村')).toBe(true)
    expect(other.matches.map((m) => m.headName)).not.toContain(head.head_name)
    // masked everywhere
    expect(county.matches.every((m) => /^\d{4}\*+[\dX]{4}$/.test(m.maskedIdNumber))).toBe(true)
  })

  it('exports the same matches each viewer sees, with masked numbers, and audits the download', async () => {
    const countyRows = rowsOf(await workbook((await downloadCrosscheckMatches(t.db, ctx('county')))!))
    const cadreRows = rowsOf(await workbook((await downloadCrosscheckMatches(t.db, ctx('liushutun')))!))
    const header = countyRows.findIndex((r) => r[0] === '乡镇')
    expect(countyRows[header]).toEqual(['乡镇', '村(居)', '户主', '比中人员', '身份证号', '数据来源', '部门信息', '数据日期'])
    const countyData = countyRows.slice(header + 1)
    const cadreData = cadreRows.slice(cadreRows.findIndex((r) => r[0] === '乡镇') + 1)
    expect(countyData.length).toBe((await getCrosscheckPage(t.db, { user: users.get('county')! }))!.total)
    expect(cadreData.length).toBeGreaterThan(0)
    expect(cadreData.every((r) => r[1] === '柳树屯村')).toBe(true)
    expect(countyData.every((r) => /^\d{4}\*+[\dX]{4}$/.test(r[4]))).toBe(true)
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'village_id'])
      .where('action', '=', 'export.crosscheckMatches')
      .orderBy('id')
      .execute()
    expect(audits).toEqual([
      { actor_user_id: users.get('county')!.id, village_id: null },
      { actor_user_id: users.get('liushutun')!.id, village_id: village('柳树屯村').id },
    ])
  })

  it('marks a matched household 重点核查 on the roster and asks its review for a note on the finding', async () => {
    const [head] = await householdsOf('柳树屯村')
    const roster = await listRoster(t.db, { campaignId: campaign.id, villageId: village('柳树屯村').id })
    const row = roster.rows.find((r) => r.id === head.id)!
    expect(row.keyCheck).toBe(true)
    expect(row.crosscheck).toContain('名下有小型汽车1辆（车管，2026-11）')
    const review = await getHouseholdReview(t.db, { campaignId: campaign.id, villageId: village('柳树屯村').id, householdId: head.id, today: TODAY })
    expect(review!.assessment!.reasons).toContain('departmentRecord')
    expect(review!.assessment!.missing).toContainEqual({ item: 'situationNote', situation: 'departmentRecord' })
    const unmatched = roster.rows.find((r) => r.crosscheck.length === 0)!
    const plain = await getHouseholdReview(t.db, { campaignId: campaign.id, villageId: village('柳树屯村').id, householdId: unmatched.id, today: TODAY })
    expect(plain!.assessment!.reasons).not.toContain('departmentRecord')
  })

  it('imports a deaths list from an .xlsx file on the command line, printing what it did, and exits 1 or 2 when it cannot', async () => {
    const [head] = await householdsOf('大孙庄村')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('死亡人员')
    ws.addRow(['殡葬管理所火化人员名单'])
    ws.addRow(['姓名', '公民身份号码', '死亡日期', '火化日期'])
    ws.addRow([head.head_name, head.id_number, '2026-10-03', '2026-10-05'])
    ws.addRow(['不在名册', makeIdNumber('371521', '19400101', 7), '2026-10-09', '2026-10-11'])
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-crosscheck-'))
    const file = path.join(dir, '火化名单.xlsx')
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()))
    const { summary, exitCode } = await importCrosscheckFromFile(t.db, { file, source: 'deaths', dataDate: '2026-11', user: 'test', at: AT })
    expect(exitCode).toBe(0)
    expect(summary).toMatchObject({
      source: 'deaths',
      county: '青山县',
      dataDate: '2026-11',
      rows: 2,
      matches: 1,
      households: 1,
      sheets: [{ name: '死亡人员', headerRow: 2, rows: 2 }],
    })
    expect(summary.replacedListIds).toHaveLength(1)
    const match = await t.db.selectFrom('department_matches').select(['household_id', 'fact']).where('list_id', '=', summary.listId!).execute()
    expect(match).toEqual([{ household_id: head.id, fact: '已于2026-10-03死亡，2026-10-05火化' }])
    const list = await t.db.selectFrom('department_lists').select('imported_by').where('id', '=', summary.listId!).executeTakeFirstOrThrow()
    expect(list.imported_by).toBe('命令行（test）')

    const notATable = path.join(dir, 'x.xlsx')
    fs.writeFileSync(notATable, 'PK\u0003\u0004 not a zip')
    expect(await importCrosscheckFromFile(t.db, { file: notATable, source: 'deaths', dataDate: '2026-11' })).toMatchObject({
      exitCode: 1,
      summary: { listId: null },
    })
    expect(await importCrosscheckFromFile(t.db, { file, source: 'deaths', county: '没有这个县', dataDate: '2026-11' })).toMatchObject({
      exitCode: 1,
      summary: { listId: null, error: '没有找到该县，请检查县名称。' },
    })
    const usage = spawnTsx(['seed/import-crosscheck.ts', '--source', 'cars', file])
    const code = await new Promise<number | null>((resolve) => usage.once('exit', resolve))
    expect(code).toBe(2)
  })
  it('makes a review saved complete count as incomplete again when a new list names the household, unless it already answers such a finding', async () => {
    const complete = await t.db
      .selectFrom('household_reviews as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select(['r.id', 'r.version', 'h.id_number', 'h.head_name'])
      .where('r.complete', '=', 1)
      .where('r.campaign_id', '=', campaign.id)
      .orderBy('r.id')
      .limit(2)
      .execute()
    expect(complete).toHaveLength(2)
    const [unanswered, answered] = complete
    await t.db
      .updateTable('household_reviews')
      .set({ situation_notes: JSON.stringify({ departmentRecord: '车辆已于2025年转让，有过户记录' }) })
      .where('id', '=', answered.id)
      .execute()
    const result = await importVehicles(complete.map((r) => [r.head_name, r.id_number, '鲁Q12345', '小型轿车']))
    expect(result.ok).toBe(true)
    const after = await t.db.selectFrom('household_reviews').select(['id', 'complete', 'version']).where('id', 'in', [unanswered.id, answered.id]).execute()
    const byId = new Map(after.map((r) => [r.id, r]))
    expect(byId.get(unanswered.id)).toMatchObject({ complete: 0, version: unanswered.version + 1 })
    expect(byId.get(answered.id)).toMatchObject({ complete: 1, version: answered.version })
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'departmentList.import')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(String(audit.after))).toMatchObject({ reviewsReopened: 1 })
  })
})

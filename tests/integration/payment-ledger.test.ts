// 公示 vs 发放 on the demo township, on both databases: the demo's ledger of the month and its discrepancies, each
// with a household filed once in its village's register (发放比对); a re-import of the month replacing the earlier
// one without filing anything twice; a payment to someone on the deaths list; a cadre seeing only their village.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importLedger } from '../../app/models/paymentLedger/import.server'
import { loadLedgerPage } from '../../app/models/paymentLedger/page.server'
import { loadLedgerRoster } from '../../app/models/paymentLedger/roster.server'
import { importLedgerFromFile } from '../../seed/import-ledger'
import { DEMO_AT, DEMO_TODAY } from '../support/demo'
import { countRows, useDemoDatabase } from '../support/factories'

const t = useDemoDatabase()
const MONTH = DEMO_TODAY.slice(0, 7)
const HEADER = ['姓名', '身份证号', '发放金额', '发放月份']

/** A ledger of the month paying everyone on the notice its amount, then whatever `change` does to the rows. */
async function ledgerRows(change: (rows: Array<Array<string | number>>) => void = () => {}) {
  const roster = await loadLedgerRoster(t.db, { townshipId: t.townshipId, month: MONTH })
  const rows: Array<Array<string | number>> = roster.households
    .filter((h) => roster.notice.has(h.householdId))
    .map((h) => [h.headName, h.idNumber, roster.notice.get(h.householdId)! / 100, MONTH])
  change(rows)
  return { roster, sheets: [{ name: '明细', hidden: false, rows: [HEADER, ...rows].map((cells, i) => ({ sheetRow: i + 1, cells, hidden: false })) }] }
}

function importRows(sheets: Awaited<ReturnType<typeof ledgerRows>>['sheets'], month: string | null = MONTH) {
  return importLedger(t.db, {
    townshipId: t.townshipId,
    month,
    fileName: 'ledger.xlsx',
    content: new TextEncoder().encode(JSON.stringify(sheets)),
    sheets,
    today: DEMO_TODAY,
    actor: { userId: t.userId('leader'), name: '周建国', at: DEMO_AT },
  })
}

async function paymentProblems() {
  return t.db.selectFrom('problems').select(['id', 'village_id', 'household_id', 'category']).where('source', '=', 'paymentCheck').orderBy('id').execute()
}

describe('the payment ledger against the standing notice', () => {
  it('the demo’s ledger of the month shows its discrepancies, each with a household filed in its village’s register', async () => {
    const page = await loadLedgerPage(t.db, { townshipId: t.townshipId, viewer: { role: 'leader', villageId: null }, month: null })
    expect(page?.current?.month).toBe(MONTH)
    const current = page!.current!
    expect(current.counts).toMatchObject({ notPaid: 1, amountDiffers: 1, paidTwice: 1, unknownPerson: 1, notOnNotice: 0 })
    expect(current.townshipItems.map((d) => d.kind)).toEqual(['unknownPerson'])
    expect(current.discrepancies.every((d) => d.problemId !== null && d.householdId !== null)).toBe(true)
    const problems = await paymentProblems()
    expect(problems.map((p) => p.id).sort()).toEqual([...new Set(current.discrepancies.map((d) => d.problemId))].sort())
    expect(new Set(problems.map((p) => p.category))).toEqual(new Set(['falseNotice', 'paymentMismatch']))
    expect(current.totals!.noticeHouseholds).toBeGreaterThan(100)
    // one household on the notice is not paid; a household not on it (exited) may be
    expect(current.totals!.paidHouseholds).toBe(current.totals!.noticeHouseholds - 1 + current.counts.paidAfterExit + current.counts.notOnNotice)
  })

  it('a re-import of the month replaces the earlier ledger and files no problem twice', async () => {
    const before = await paymentProblems()
    const { sheets } = await ledgerRows((rows) => {
      rows[0][2] = Number(rows[0][2]) + 10 // paid 10 yuan more than the notice
      rows.splice(1, 1) // not paid
    })
    const first = await importRows(sheets)
    expect(first).toMatchObject({ ok: true, counts: { amountDiffers: 1, notPaid: 1, paidTwice: 0, unknownPerson: 0 }, problemsCreated: 2 })
    const again = await importRows(sheets)
    if (!first.ok || !again.ok) return
    // every household's discrepancy keeps the problem it has (the two just filed, and any the demo's ledger filed)
    expect(again).toMatchObject({ problemsCreated: 0, problemsKept: first.problemsCreated + first.problemsKept })
    expect(again.replacedLedgerId).toBe(first.ledgerId)
    expect((await paymentProblems()).length).toBe(before.length + 2)
    const current = await t.db
      .selectFrom('payment_ledgers')
      .select('id')
      .where('township_id', '=', t.townshipId)
      .where('month', '=', MONTH)
      .where('replaced_at', 'is', null)
      .execute()
    expect(current.map((l) => l.id)).toEqual([again.ledgerId])
    const discrepancies = await t.db.selectFrom('ledger_discrepancies').select(['problem_id']).where('ledger_id', '=', again.ledgerId).execute()
    expect(discrepancies.every((d) => d.problem_id !== null)).toBe(true)
  })

  it('a payment to someone the deaths list names is paid to a deceased person', async () => {
    const { roster, sheets } = await ledgerRows()
    // the demo's own deaths list (信息核对) may already name someone paid
    const before = await importRows(sheets)
    if (!before.ok) throw new Error('the ledger did not import')
    const named = new Set(
      (await t.db.selectFrom('department_matches').select('household_id').where('source', '=', 'deaths').execute()).map((m) => m.household_id),
    )
    const dead = roster.households.find((h) => roster.notice.has(h.householdId) && !named.has(h.householdId))!
    const county = await t.db.selectFrom('counties').select('id').executeTakeFirstOrThrow()
    const list = await t.db
      .insertInto('department_lists')
      .values({
        county_id: county.id,
        source: 'deaths',
        data_date: '2026-11',
        file_name: 'deaths.xlsx',
        file_sha256: 'x',
        row_count: 1,
        match_count: 1,
        imported_by_user_id: null,
        imported_by: 'test',
        imported_at: DEMO_AT.toISOString(),
        replaced_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('department_matches')
      .values({
        list_id: list.id,
        source: 'deaths',
        township_id: t.townshipId,
        village_id: dead.villageId,
        household_id: dead.householdId,
        member_id: null,
        person_name: dead.headName,
        id_number: dead.idNumber,
        fact: '2026-10-03死亡（公安）',
        data_date: '2026-11',
      })
      .execute()
    const result = await importRows(sheets)
    expect(result).toMatchObject({ ok: true, counts: { paidDeceased: before.counts.paidDeceased + 1, amountDiffers: 0, notPaid: 0 }, problemsCreated: 1 })
    const problem = await t.db
      .selectFrom('problems')
      .select(['household_id', 'category', 'description'])
      .where('source', '=', 'paymentCheck')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(problem).toMatchObject({ household_id: dead.householdId, category: 'paymentMismatch' })
    expect(problem.description).toContain('2026-10-03死亡（公安）')
    // the problem names the person by a masked number only
    expect(problem.description).not.toContain(dead.idNumber)
  })

  it('a village cadre sees only their own village’s discrepancies, no township figures and no township-level items', async () => {
    const { sheets } = await ledgerRows((rows) => {
      rows.push(['查无此人', '130925195804127770', 300, MONTH])
      rows.forEach((r, i) => {
        if (i % 50 === 0) r[2] = Number(r[2]) + 1
      })
    })
    const result = await importRows(sheets)
    expect(result.ok).toBe(true)
    const leader = await loadLedgerPage(t.db, { townshipId: t.townshipId, viewer: { role: 'leader', villageId: null }, month: MONTH })
    const villages = new Set(leader!.current!.discrepancies.map((d) => d.villageId))
    expect(villages.size).toBeGreaterThan(1)
    const own = [...villages][0]!
    const cadre = await loadLedgerPage(t.db, { townshipId: t.townshipId, viewer: { role: 'cadre', villageId: own }, month: MONTH })
    expect(cadre!.current!.discrepancies.length).toBeGreaterThan(0)
    expect(cadre!.current!.discrepancies.every((d) => d.villageId === own)).toBe(true)
    expect(cadre!.current!.townshipItems).toEqual([])
    expect(cadre!.current!.totals).toBeNull()
    expect(cadre!.months.every((m) => m.totalFen === null)).toBe(true)
  })

  it('refuses a file whose rows name another month than the one given, and writes nothing', async () => {
    const ledgers = await countRows(t.db, 'payment_ledgers')
    const { sheets } = await ledgerRows()
    expect(await importRows(sheets, '2026-09')).toEqual({ ok: false, problem: 'monthDiffers', fileMonth: MONTH })
    expect(await countRows(t.db, 'payment_ledgers')).toBe(ledgers)
  })
})

describe('the payment ledger from the command line', () => {
  it('imports a CSV ledger and exits 0 with a JSON summary; an unknown township or a file without the columns exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-ledger-cli-'))
    try {
      const { sheets } = await ledgerRows((rows) => rows.splice(0, 1))
      const file = path.join(dir, '发放明细.csv')
      fs.writeFileSync(file, sheets[0].rows.map((r) => r.cells.join(',')).join('\r\n'))
      const ok = await importLedgerFromFile(t.db, { file, township: '清河镇', month: MONTH, user: 'tester', at: DEMO_AT })
      expect(ok.exitCode).toBe(0)
      expect(ok.summary).toMatchObject({ month: MONTH, discrepancies: { notPaid: 1 } })
      expect(ok.summary.error).toBeUndefined()
      expect(JSON.parse(JSON.stringify(ok.summary)).paid.rows).toBe(sheets[0].rows.length - 1)
      const ledger = await t.db
        .selectFrom('payment_ledgers')
        .select(['imported_by', 'imported_by_user_id'])
        .where('id', '=', ok.summary.ledgerId!)
        .executeTakeFirstOrThrow()
      expect(ledger).toEqual({ imported_by: '命令行（tester）', imported_by_user_id: null })

      expect((await importLedgerFromFile(t.db, { file, township: '无此镇', month: null })).exitCode).toBe(1)
      const bad = path.join(dir, 'bad.csv')
      fs.writeFileSync(bad, '名字,钱\r\n张三,1')
      const refused = await importLedgerFromFile(t.db, { file: bad, township: '清河镇', month: null })
      expect(refused).toMatchObject({ exitCode: 1, summary: { error: expect.stringContaining('没有找到表头') } })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

// The demo's payment ledger (发放花名册) of the current month, compared with the standing notice through the same
// import the web page uses (app/models/paymentLedger/import.server.ts): every household on the notice paid its amount,
// except a few the comparison is there to catch — one not paid, one paid ¥50 less, one paid twice, one paid under
// its old 15-digit number (which still matches), a payment to a number on no roster, and (when the demo has one) a
// household that has exited and is still paid.
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { importLedger } from '../app/models/paymentLedger/import.server'
import { loadLedgerRoster } from '../app/models/paymentLedger/roster.server'
import { monthOf } from '../workflows/rules/allowanceMonth'
import { makeIdNumber } from '../workflows/rules/idNumber'

export const DEMO_LEDGER_HEADER = ['序号', '收款人姓名', '公民身份号码', '银行账号', '发放月份', '实发金额(元)']

export async function seedDemoLedger(tx: Transaction<Database>, q: { townshipId: number; today: string; at: string; userId: number; userName: string }) {
  const month = monthOf(q.today)
  const roster = await loadLedgerRoster(tx, { townshipId: q.townshipId, month })
  const paid = roster.households.filter((h) => roster.notice.has(h.householdId))
  const exited = roster.households.find((h) => !roster.notice.has(h.householdId) && h.status === 'exited')
  const rows: Array<[string, string, string, string, number]> = []
  const account = (i: number) => `62284800${String(10_000_000 + i * 7919).slice(-8)}${String(i % 10)}`
  paid.forEach((h, i) => {
    if (i === 3) return // 在公示名单但未发放
    let amount = roster.notice.get(h.householdId) ?? 0
    if (i === 5) amount -= 5_000 // 发放金额与公示不一致
    // an old bank record still carries the 15-digit number: it matches all the same
    const id = i === 8 && h.idNumber.length === 18 ? h.idNumber.slice(0, 6) + h.idNumber.slice(8, 17) : h.idNumber
    rows.push([h.headName, id, account(i), month, amount])
    if (i === 11) rows.push([h.headName, h.idNumber, account(i), month, amount]) // 重复发放
  })
  if (exited) rows.push([exited.headName, exited.idNumber, account(9_999), month, 50_000])
  rows.push(['刘桂芝', makeIdNumber('130925', '19580412', 777), account(8_888), month, 45_000]) // 名册中查无此人

  const header = DEMO_LEDGER_HEADER
  const csv = [header, ...rows.map((r, i) => [i + 1, ...r.slice(0, 4), (r[4] / 100).toFixed(2)])].map((r) => r.join(',')).join('\n')
  await importLedger(tx, {
    townshipId: q.townshipId,
    month,
    fileName: `发放花名册${month}.csv`,
    content: new TextEncoder().encode(csv),
    sheets: [
      {
        name: null,
        hidden: false,
        rows: [
          { sheetRow: 1, cells: header, hidden: false },
          ...rows.map((r, i) => ({ sheetRow: i + 2, cells: [i + 1, r[0], r[1], r[2], r[3], r[4] / 100], hidden: false })),
        ],
      },
    ],
    today: q.today,
    actor: { userId: q.userId, name: q.userName, at: new Date(q.at) },
  })
}

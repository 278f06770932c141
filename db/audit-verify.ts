// npm run audit:verify      walk the audit log's hash chain (docs/decisions/008-audit-chain.md) in the database
// DATABASE_URL names (SQLite file or postgres://…): exit 0 "审计链完整（N 条）", or exit 1 with the first broken
// row's id and why, and any append-only trigger that is missing.
import { sql } from 'kysely'
import { openDatabase } from './connection.server'
import { describeAuditChainReport, verifyAuditChain } from './auditChain'

async function main(): Promise<number> {
  const { db } = openDatabase()
  try {
    try {
      await sql`select last_id from audit_chain_head where id = 1`.execute(db)
    } catch {
      console.error('数据库中没有审计链（audit_chain_head）：请先运行迁移（npm start 或 npm run init）。')
      return 2
    }
    const report = await verifyAuditChain(db)
    const text = describeAuditChainReport(report)
    if (report.ok) {
      console.log(text)
      // the head to keep elsewhere: a chain rebuilt from scratch after tampering will not end in it
      if (report.head) console.log(`链尾：第 ${report.head.id} 条，${report.head.hash}`)
      return 0
    }
    console.error(text)
    return 1
  } finally {
    await db.destroy()
  }
}

process.exit(await main())

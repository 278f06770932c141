// npm run backup -- --out FILE      a consistent copy of the live SQLite database, taken while it serves
// npm run restore -- FILE           put a copy back (checked first); the running server sees it on its next query
// Both check the copy: SQLite's integrity check and the audit log's hash chain (docs/decisions/008-audit-chain.md);
// a broken chain fails the backup (the copy is kept, as evidence) and refuses the restore.
// Both use SQLite's online backup API (better-sqlite3's .backup()), which copies page by page under SQLite's own
// locks, so neither needs the server stopped and neither can produce a torn file.
// PostgreSQL deployments back up with pg_dump (README, "Running in production").
// Evidence files (佐证材料) live beside the database on SQLite (db/evidenceFolder.ts): the backup copies every file the
// copied database names into `<backup file>.evidence/`, each checked against its sha256; the restore puts them back
// (checked again) before the database, and refuses a backup whose database names a file it lacks. On PostgreSQL
// their bytes are in evidence_blobs and go with pg_dump.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { describeAuditChainReport, verifyAuditChain, type AuditChainReport } from './auditChain'
import { describeDatabaseUrl } from './connection.server'
import { evidenceFolderBeside, evidencePathIn, sha256OfFile, writeFileAtomically } from './evidenceFolder'

export class BackupError extends Error {}

function checkIntegrity(file: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const result = db.pragma('integrity_check', { simple: true })
    if (result !== 'ok') throw new BackupError(`数据库文件 ${file} 完整性检查未通过：${String(result)}`)
    const migrations = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number }
    if (migrations.n !== 1) throw new BackupError(`${file} 不是整改通的数据库。`)
  } finally {
    db.close()
  }
}

/** The audit log's hash chain in a database file; null for a file from before migration 0006 (no chain yet). */
export async function checkAuditChain(file: string): Promise<AuditChainReport | null> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true })
  const hasChain = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'audit_chain_head'").get() as { n: number }
  if (hasChain.n !== 1) {
    sqlite.close()
    return null
  }
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    return await verifyAuditChain(db)
  } finally {
    await db.destroy()
  }
}

/** A broken chain in `file`: the backup or restore reports it and fails (the copy is kept as evidence). */
export class AuditChainBrokenError extends BackupError {}

/**
 * Copy the live database `from` into a new file `to` (refusing to overwrite), then verify the copy: SQLite's
 * integrity check and the audit log's hash chain. A broken chain throws AuditChainBrokenError after the copy is
 * written, so the tampered state is preserved and the operator is told.
 */
export async function backupDatabase(
  from: string,
  to: string,
): Promise<{ bytes: number; auditRows: number | null; auditHead: { id: number; hash: string } | null; evidenceFiles: number }> {
  if (fs.existsSync(to)) throw new BackupError(`${to} 已存在，不会覆盖。`)
  fs.mkdirSync(path.dirname(path.resolve(to)), { recursive: true })
  const live = new SQLite(from, { fileMustExist: true })
  try {
    live.pragma('busy_timeout = 5000')
    await live.backup(to)
  } finally {
    live.close()
  }
  checkIntegrity(to)
  const chain = await checkAuditChain(to)
  if (chain && !chain.ok) throw new AuditChainBrokenError(`备份已写入 ${to}，但其中的审计日志未通过校验：\n${describeAuditChainReport(chain)}`)
  const { evidenceFiles } = backupEvidence(from, to)
  return { bytes: fs.statSync(to).size, auditRows: chain?.count ?? null, auditHead: chain?.head ?? null, evidenceFiles }
}

/** The folder a backup file's evidence files go in. */
export function evidenceBackupFolder(backupFile: string): string {
  return `${path.resolve(backupFile)}.evidence`
}

/** The sha256 of every evidence file a database file names (none before migration 0012). */
function evidenceHashesIn(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'evidence_files'").get() as { n: number }
    if (table.n !== 1) return []
    return (db.prepare('select distinct sha256 from evidence_files').all() as Array<{ sha256: string }>)
      .map((r) => r.sha256)
      .filter((h) => /^[0-9a-f]{64}$/.test(h))
  } finally {
    db.close()
  }
}

/**
 * Copy the evidence files `database` names from folder `from` into folder `to`, each only if its bytes still hash to
 * its name (an existing good copy in `to` is kept). Answers how many were copied and which are missing or damaged.
 */
function copyEvidence(database: string, from: string, to: string): { files: number; missing: string[] } {
  let files = 0
  const missing: string[] = []
  for (const sha of evidenceHashesIn(database)) {
    const target = evidencePathIn(to, sha)
    if (sha256OfFile(target) === sha) {
      files++
      continue
    }
    const source = evidencePathIn(from, sha)
    if (sha256OfFile(source) !== sha) {
      missing.push(sha)
      continue
    }
    writeFileAtomically(target, fs.readFileSync(source))
    files++
  }
  return { files, missing }
}

/**
 * Copy the evidence files the backup `to` names, from the live folder beside `from`, into `<to>.evidence/`. A file
 * missing or damaged in the live folder fails the backup after every good one is copied (the operator is told which).
 */
function backupEvidence(from: string, to: string): { evidenceFiles: number } {
  const { files, missing } = copyEvidence(to, evidenceFolderBeside(from), evidenceBackupFolder(to))
  if (missing.length)
    throw new BackupError(
      `备份已写入 ${to}，但有${missing.length}个佐证材料文件缺失或已损坏（sha256：${missing.slice(0, 5).join('、')}${missing.length > 5 ? '…' : ''}）。`,
    )
  return { evidenceFiles: files }
}

/** Put a verified copy back into the live database file `into`. */
export async function restoreDatabase(from: string, into: string): Promise<void> {
  checkIntegrity(from)
  // never put back a copy whose audit log was tampered with
  const chain = await checkAuditChain(from)
  if (chain && !chain.ok) throw new AuditChainBrokenError(`${from} 中的审计日志未通过校验，不予恢复：\n${describeAuditChainReport(chain)}`)
  // the evidence files first: the restored database never names a file that is not there
  const { missing } = copyEvidence(from, evidenceBackupFolder(from), evidenceFolderBeside(into))
  if (missing.length) throw new BackupError(`${from} 的佐证材料目录中缺少${missing.length}个文件（或已损坏），不予恢复。`)
  const copy = new SQLite(from, { readonly: true, fileMustExist: true })
  try {
    await copy.backup(into)
  } finally {
    copy.close()
  }
  checkIntegrity(into)
}

async function main() {
  const command = process.argv[2]
  const { values, positionals } = parseArgs({ args: process.argv.slice(3), options: { out: { type: 'string' } }, allowPositionals: true })
  const { dialect, location } = describeDatabaseUrl()
  if (dialect !== 'sqlite') {
    console.error('PostgreSQL 请使用 pg_dump / pg_restore 备份与恢复（见 README）。')
    process.exit(2)
  }
  try {
    if (command === 'backup') {
      if (!values.out) throw new BackupError('用法：npm run backup -- --out 备份文件')
      const { bytes, auditRows, auditHead, evidenceFiles } = await backupDatabase(location, values.out)
      // the chain's head (newest id and hash): kept in the backup log, it shows a chain later rebuilt from scratch
      console.log(
        JSON.stringify({
          backup: path.resolve(values.out),
          from: path.resolve(location),
          bytes,
          auditRows,
          auditHead,
          evidence: evidenceBackupFolder(values.out),
          evidenceFiles,
        }),
      )
    } else if (command === 'restore') {
      const file = positionals[0]
      if (!file) throw new BackupError('用法：npm run restore -- 备份文件')
      await restoreDatabase(file, location)
      console.log(JSON.stringify({ restored: path.resolve(location), from: path.resolve(file) }))
    } else {
      throw new BackupError('用法：tsx db/backup.ts backup|restore …')
    }
  } catch (error) {
    console.error(error instanceof BackupError ? error.message : error)
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()

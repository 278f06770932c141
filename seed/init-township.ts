// npm run init -- --township 名称 --admin 用户名 [--county 县名]   (password read from standard input)
// Prepares an empty database for a real township: every migration, the township, its first administrator.
// No demo data, ever: `npm start` sees a township and leaves the database as it is.
import bcrypt from 'bcryptjs'
import { parseArgs } from 'node:util'
import type { DB } from '../db/connection.server'
import { migrateToLatest, openDatabase } from '../db/connection.server'

export interface InitOptions {
  township: string
  county: string
  adminUsername: string
  password: string
  bcryptCost?: number
}

export class InitError extends Error {}

export async function initTownship(db: DB, options: InitOptions): Promise<{ townshipId: number; adminId: number }> {
  const township = options.township.trim()
  const username = options.adminUsername.trim()
  if (!township) throw new InitError('请用 --township 指定乡镇名称。')
  if (!/^[a-zA-Z0-9_.-]{2,40}$/.test(username)) throw new InitError('管理员用户名只能包含字母、数字、下划线、点和连字符，2–40个字符。')
  if (options.password.length < 10) throw new InitError('管理员密码至少10个字符。')
  await migrateToLatest(db)
  const hash = await bcrypt.hash(options.password, options.bcryptCost ?? 10)
  return db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('townships').select('id').where('name', '=', township).executeTakeFirst()) throw new InitError(`乡镇“${township}”已经存在。`)
    if (await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw new InitError(`用户名“${username}”已被使用。`)
    const { id: townshipId } = await tx
      .insertInto('townships')
      .values({ name: township, county_name: options.county.trim() || township })
      .returning('id')
      .executeTakeFirstOrThrow()
    const { id: adminId } = await tx
      .insertInto('users')
      .values({
        username,
        display_name: '管理员',
        password_hash: hash,
        role: 'admin',
        township_id: townshipId,
        village_id: null,
        county_name: null,
        updated_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { townshipId, adminId }
  })
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('管理员密码（输入后回车）：')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    if (process.stdin.isTTY && chunk.includes(10)) break
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]
}

async function main() {
  const { values } = parseArgs({ options: { township: { type: 'string' }, admin: { type: 'string' }, county: { type: 'string', default: '' } } })
  if (!values.township || !values.admin) {
    console.error('用法：npm run init -- --township 乡镇名称 --admin 管理员用户名 [--county 县名]（密码从标准输入读取）')
    process.exit(2)
  }
  const { db, location, dialect } = openDatabase()
  try {
    const { townshipId } = await initTownship(db, {
      township: values.township,
      county: values.county ?? '',
      adminUsername: values.admin,
      password: await readPassword(),
    })
    console.log(
      `已创建乡镇“${values.township}”（编号 ${townshipId}）及管理员 ${values.admin}；数据库：${dialect === 'sqlite' ? location : 'PostgreSQL'}。用 npm start 启动。`,
    )
  } catch (error) {
    console.error(error instanceof InitError ? error.message : error)
    process.exitCode = 1
  } finally {
    await db.destroy()
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()

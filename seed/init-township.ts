// npm run init — prepares a database for a real county, no demo data ever (`npm start` then leaves it as it is):
//   npm run init -- --county 青山县 --county-admin 用户名                   the county and its bureau administrator
//   npm run init -- --township 白杨镇 --county 青山县 --admin 用户名         a township of that county, its administrator
//   npm run init -- --township 白杨镇 --villages 东岗村,西岗村,南岗村        villages of an existing township
// (--villages also with --admin; --county may be left out for a township set up on its own.) A password, when an
// account is created, is read from standard input; otherwise standard input is not read. Every run can be repeated:
// what exists is reported "已存在，未改动". Exit 0 done, 1 refused (a Chinese reason), 2 usage.
import { parseArgs } from 'node:util'
import { describeDatabaseUrl, openDatabase } from '../db/connection.server'
import { InitError, initCounty, initTownship, initVillages } from './initSteps'

export { InitError, initTownship }

const USAGE = `用法（密码从标准输入读取，只在创建账号时读取）：
  npm run init -- --county 县名 --county-admin 用户名                  创建县及县民政局管理员
  npm run init -- --township 乡镇名称 --county 县名 --admin 用户名      在已创建的县中创建乡镇及其管理员
  npm run init -- --township 乡镇名称 --villages 村名,村名,…            为已有乡镇添加村(居)（可与 --admin 同用；分隔符 , ， 、）
不写 --county 时，乡镇单独成县（县名即乡镇名）。`

type Command =
  | { kind: 'county'; county: string; countyAdmin: string }
  | { kind: 'township'; township: string; county: string; admin: string | null; villages: string | null }

/** The command line's form, or null when it is none of the three. */
function parseCommand(args: string[]): Command | null {
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        county: { type: 'string' },
        'county-admin': { type: 'string' },
        township: { type: 'string' },
        admin: { type: 'string' },
        villages: { type: 'string' },
      },
    }).values
  } catch {
    return null
  }
  if (Object.values(values).some((v) => v !== undefined && v.trim() === '')) return null
  const { county, 'county-admin': countyAdmin, township, admin, villages } = values
  if (countyAdmin !== undefined) {
    if (county === undefined || township !== undefined || admin !== undefined || villages !== undefined) return null
    return { kind: 'county', county, countyAdmin }
  }
  if (township === undefined || (admin === undefined && villages === undefined)) return null
  return { kind: 'township', township, county: county ?? '', admin: admin ?? null, villages: villages ?? null }
}

async function readPassword(who: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${who}密码（输入后回车）：`)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    if (process.stdin.isTTY && chunk.includes(10)) break
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0]
}

async function run(command: Command): Promise<string[]> {
  const { db } = openDatabase()
  try {
    if (command.kind === 'county') {
      const result = await initCounty(db, { county: command.county, adminUsername: command.countyAdmin, password: () => readPassword('县民政局管理员') })
      return result.lines
    }
    const lines: string[] = []
    if (command.admin !== null) {
      const result = await initTownship(db, {
        township: command.township,
        county: command.county,
        adminUsername: command.admin,
        password: () => readPassword('管理员'),
        requireCounty: command.county !== '',
      })
      lines.push(...result.lines)
    }
    if (command.villages !== null)
      lines.push(...(await initVillages(db, { township: command.township, county: command.county, villages: command.villages })).lines)
    return lines
  } finally {
    await db.destroy()
  }
}

async function main() {
  const command = parseCommand(process.argv.slice(2))
  if (!command) {
    console.error(USAGE)
    process.exitCode = 2
    return
  }
  try {
    for (const line of await run(command)) console.log(line)
    const { dialect, location } = describeDatabaseUrl()
    console.log(`数据库：${dialect === 'sqlite' ? location : 'PostgreSQL'}。用 npm start 启动。`)
  } catch (error) {
    console.error(error instanceof InitError ? error.message : error)
    process.exitCode = 1
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main()

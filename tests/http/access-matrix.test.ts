// Every route × every role × own village / another village. The route list comes from the built server, so a
// new route without a row here fails this test: nobody can add a page and forget to decide who may open it.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, startTestServer, type TestServer } from '../support/server'

type Who = 'anonymous' | 'ownCadre' | 'otherCadre' | 'leader' | 'inspector' | 'county' | 'admin' | 'liaison' | 'countyAdmin'
const WHO: Who[] = ['anonymous', 'ownCadre', 'otherCadre', 'leader', 'inspector', 'county', 'admin', 'liaison', 'countyAdmin']
// The village whose pages are opened: 柳树屯村 has households, problems and a rectification order. The 包村干部
// (liaison) works it and 王家庄村; the county administrator is a county user who also manages the county.
const USERNAMES: Record<Exclude<Who, 'anonymous'>, string> = {
  ownCadre: 'liushutun',
  otherCadre: 'dongfeng',
  leader: 'leader',
  inspector: 'inspector',
  county: 'county',
  admin: 'admin',
  liaison: 'baocun',
  countyAdmin: 'county-admin',
}

/** GET outcome: a status, 'login' (sent to sign in) or 'landing' (sent to the role's own page). */
type Outcome = 200 | 403 | 'login' | 'landing'
/**
 * A page's outcomes by principal. The 包村干部 and the county administrator default to what the inspector and the
 * county user get, unless the row says otherwise.
 */
const row = (
  anonymous: Outcome,
  ownCadre: Outcome,
  otherCadre: Outcome,
  leader: Outcome,
  inspector: Outcome,
  county: Outcome,
  admin: Outcome,
  liaison: Outcome = inspector,
  countyAdmin: Outcome = county,
) => ({ anonymous, ownCadre, otherCadre, leader, inspector, county, admin, liaison, countyAdmin }) satisfies Record<Who, Outcome>

const village = row('login', 200, 403, 200, 200, 200, 200)
const villageWork = row('login', 200, 403, 403, 403, 403, 403)
const adminOnly = row('login', 403, 403, 403, 403, 403, 200, 403, 403)

/** Who may open each page (loaders). */
const PAGES: Record<string, Record<Who, Outcome>> = {
  'routes/_index': row('login', 'landing', 'landing', 'landing', 'landing', 'landing', 'landing'),
  'routes/login': row(200, 'landing', 'landing', 'landing', 'landing', 'landing', 'landing'),
  'routes/logout': row('landing', 'landing', 'landing', 'landing', 'landing', 'landing', 'landing'),
  'routes/healthz': row(200, 200, 200, 200, 200, 200, 200),
  'routes/dashboard': row('login', 403, 403, 200, 200, 403, 200, 403),
  'routes/dashboard[.]csv': row('login', 200, 200, 200, 200, 200, 200, 403),
  'routes/dashboard[.]json': row('login', 200, 200, 200, 200, 200, 200, 403),
  'routes/county': row('login', 403, 403, 403, 403, 200, 403),
  'routes/townships.$townshipId': row('login', 403, 403, 200, 200, 200, 200, 403),
  'routes/admin': adminOnly,
  'routes/admin_.holidays': adminOnly,
  'routes/admin_.users.new': adminOnly,
  'routes/admin_.users.$userId': adminOnly,
  'routes/admin_.villages': adminOnly,
  // issue 17, the inspector's day: 我的待办 (inspector, 包村干部), 流程详图 (as the village page), 退回上一阶段 confirmed
  // (who may send a village back: leader, admin), 登录页提示 (the county administrator)
  'routes/work': row('login', 403, 403, 403, 200, 403, 403, 200, 403),
  'routes/villages.$villageId.workflow': village,
  'routes/villages.$villageId.send-back': row('login', 403, 403, 200, 403, 403, 200, 403, 403),
  'routes/county_.admin_.login-help': row('login', 403, 403, 403, 403, 403, 403, 403, 200),
  // issue 17, the leader's day: 每日简报 and 问题台账（全镇）— the township's own people (the county reads a township's 问题台账 with ?township=ID)
  'routes/brief[.]txt': row('login', 403, 403, 200, 200, 403, 200, 403),
  'routes/follow-ups': row('login', 403, 403, 200, 200, 403, 200, 403),
  'routes/follow-ups[.]xlsx': row('login', 403, 403, 200, 200, 403, 200, 403),
  // 佐证材料 (issue 17): a file, to whoever may see its record's village; the upload route's page (a refused upload)
  // to anyone signed in; a checklist item's page, as the village's pages
  'routes/evidence_.$evidenceId': village,
  'routes/evidence': row('login', 200, 200, 200, 200, 200, 200),
  'routes/villages.$villageId.checklist.$itemId': village,
  // 自查报告: its print view and .docx, for whoever reads the report page (issue 17)
  'routes/villages.$villageId.report_.print': village,
  'routes/villages.$villageId.report[.]docx': village,
  // 发放比对: the township's leaders, inspectors and administrators; a cadre their own village's discrepancies; a county
  // user chooses a township (?township=ID); the .xlsx lists every village, so not a cadre's
  'routes/ledger': row('login', 200, 200, 200, 200, 200, 200, 403),
  'routes/ledger[.]xlsx': row('login', 403, 403, 200, 200, 403, 200, 403),
  // 信息核对: everyone with a scope opens it (the county imports; a township sees its matches, a cadre or a 包村干部 only
  // their villages'); the match list likewise
  'routes/crosscheck': row('login', 200, 200, 200, 200, 200, 200, 200),
  'routes/crosscheck_.matches[.]xlsx': row('login', 200, 200, 200, 200, 200, 200, 200),
  // 县级入户抽查: the county's users (the administrator draws and assigns), a township leader their own township read-only
  'routes/county_.sample._index': row('login', 403, 403, 200, 403, 200, 403, 403, 200),
  'routes/county_.sample.households.$recordId': row('login', 403, 403, 200, 403, 200, 403, 403, 200),
  // 举报电话: the township administrator sets it
  'routes/admin_.township': adminOnly,
  // 审核结果公示 (print, .xlsx; 发布公示 is a township user's POST) and the 异议登记表: everyone who may open the village
  'routes/villages.$villageId.exports.approval-notice': village,
  'routes/villages.$villageId.exports.approval-notice[.]xlsx': village,
  'routes/villages.$villageId.exports.objection-record': village,
  // 审批 (ADR 010): the queue of those in the chain (a cadre sees the village's own); not the 包村干部's
  'routes/approvals': row('login', 200, 200, 200, 200, 200, 200, 403),
  // a proposal (拟) of 柳树屯村: read as the village's pages are; who may act is checked per event
  'routes/proposals.$proposalId': village,
  // 家庭成员: everyone who may view the village sees them (the village's cadre edits: the POST rows below)
  'routes/villages.$villageId.households.$householdId.members': village,
  // 低保标准: the county's users see them, the county administrator adds
  'routes/county_.standards': row('login', 403, 403, 403, 403, 200, 403, 403, 200),
  // 近亲属备案登记: the township's leaders, inspectors and administrators (a county user with ?township=ID)
  'routes/near-relatives': row('login', 403, 403, 200, 200, 403, 200, 403, 403),
  // a household's 近亲属备案: the village's cadre, the township's leaders and administrators
  'routes/villages.$villageId.households.$householdId.near-relative': row('login', 200, 403, 200, 403, 403, 200, 403, 403),
  // 乡镇工作清单: a duty's page, the township's leaders and administrators only
  'routes/township-tasks.$taskId': row('login', 403, 403, 200, 403, 403, 200, 403, 403),
  // 新建专项整治: the township's leader and administrator
  'routes/campaigns.new': row('login', 403, 403, 200, 403, 403, 200, 403, 403),
  'routes/admin_.users.import': adminOnly,
  // 我的包村: the 包村干部's own page
  'routes/my-villages': row('login', 403, 403, 403, 403, 403, 403, 200, 403),
  'routes/county_.admin': row('login', 403, 403, 403, 403, 403, 403, 403, 200),
  'routes/campaign.windows': row('login', 403, 403, 200, 403, 403, 200),
  'routes/complaints._index': row('login', 403, 403, 200, 200, 403, 200, 403),
  'routes/complaints.$complaintId': row('login', 403, 403, 200, 200, 403, 200, 403),
  'routes/villages.$villageId._index': village,
  'routes/villages.$villageId.report': village,
  'routes/villages.$villageId.history': village,
  'routes/villages.$villageId.households._index': village,
  'routes/villages.$villageId.households.new': villageWork,
  'routes/villages.$villageId.households.$householdId._index': village,
  'routes/villages.$villageId.households.$householdId.print': village,
  'routes/villages.$villageId.problems._index': village,
  'routes/villages.$villageId.problems.$problemId': village,
  'routes/villages.$villageId.visits._index': village,
  'routes/villages.$villageId.orders.$orderId': village,
  // roster import: admins and leaders for the township, a cadre for their own village
  'routes/import': row('login', 200, 200, 200, 403, 403, 200),
  'routes/import_.rejected[.]xlsx': row('login', 'landing', 'landing', 'landing', 403, 403, 'landing'),
  // 下载花名册模板: whoever may import a roster; it holds no one's data
  'routes/import_.template[.]xlsx': row('login', 200, 200, 200, 403, 403, 200),
  // 打印与导出 (paper and files)
  'routes/exports._index': row('login', 'landing', 'landing', 200, 200, 200, 200, 403),
  'routes/exports.$townshipId.summary[.]docx': row('login', 403, 403, 200, 403, 200, 200),
  'routes/exports.$townshipId.problems[.]xlsx': row('login', 403, 403, 200, 200, 200, 200, 403),
  'routes/exports.$townshipId.rectification[.]xlsx': row('login', 403, 403, 200, 200, 200, 200, 403),
  'routes/villages.$villageId.exports._index': village,
  'routes/villages.$villageId.exports.notice': village,
  'routes/villages.$villageId.exports.notice[.]xlsx': village,
  'routes/villages.$villageId.exports.review-forms': village,
  'routes/villages.$villageId.exports.review-forms[.]xlsx': village,
  'routes/villages.$villageId.exports.problems[.]xlsx': village,
  'routes/villages.$villageId.exports.rectification[.]xlsx': village,
}

let server: TestServer
let routes: Array<{ id: string; path: string; hasLoader: boolean; hasAction: boolean }>
const params = new Map<string, string>()
const browsers = new Map<Who, Browser>()

function one<T>(sql: string, ...args: unknown[]): T {
  const db = new Database(server.databaseFile, { readonly: true })
  try {
    return db.prepare(sql).get(...args) as T
  } finally {
    db.close()
  }
}

/** What an action must never have changed when it was refused: every row of the tables people write. */
function fingerprint(): string {
  const tables = [
    'households',
    'household_members',
    'household_reviews',
    'problems',
    'rectification_orders',
    'inspection_visits',
    'complaints',
    'checklist_items',
    'village_workflows',
    'workflow_events',
    'users',
    'campaign_phases',
    'holiday_overrides',
    'proposals',
    'proposal_events',
    'household_allowance_changes',
    'allowance_standards',
    'payment_ledgers',
    'payment_ledger_entries',
    'ledger_discrepancies',
    'department_lists',
    'department_matches',
    'county_samples',
    'county_sample_households',
    'self_inspection_narratives',
    'evidence_files',
    'site_settings',
  ]
  const db = new Database(server.databaseFile, { readonly: true })
  try {
    const rows = tables.map((t) => db.prepare(`select * from ${t} order by rowid`).all())
    const audits = db.prepare("select count(*) as n from audit_log where action not like 'signIn%'").get()
    return createHash('sha256')
      .update(JSON.stringify([rows, audits]))
      .digest('hex')
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startTestServer()
  // the build the server runs: ZGT_BUILD_DIR when set (the global setup builds there), else build/
  const build = await import(pathToFileURL(path.resolve(process.env.ZGT_BUILD_DIR ?? 'build', 'index.js')).href)
  routes = Object.entries(build.routes as Record<string, { path?: string; index?: boolean; module: { loader?: unknown; action?: unknown } }>)
    .filter(([id]) => id !== 'root')
    .map(([id, r]) => ({ id, path: `/${r.path ?? ''}`, hasLoader: Boolean(r.module.loader), hasAction: Boolean(r.module.action) }))
  const own = one<{ id: number; township_id: number }>("select id, township_id from villages where name = '柳树屯村'")
  params.set('villageId', String(own.id))
  params.set('townshipId', String(own.township_id))
  params.set('householdId', String(one<{ id: number }>('select id from households where village_id = ? order by id limit 1', own.id).id))
  params.set('problemId', String(one<{ id: number }>('select id from problems where village_id = ? order by id limit 1', own.id).id))
  params.set('orderId', String(one<{ id: number }>('select id from rectification_orders where village_id = ? order by id limit 1', own.id).id))
  params.set('complaintId', String(one<{ id: number }>('select id from complaints order by id limit 1').id))
  params.set('userId', String(one<{ id: number }>("select id from users where username = 'hexi'").id))
  params.set('proposalId', String(one<{ id: number }>('select id from proposals where village_id = ? order by id limit 1', own.id).id))
  params.set('taskId', String(one<{ id: number }>('select id from township_tasks order by id limit 1').id))
  params.set('recordId', String(one<{ id: number }>('select id from county_sample_households order by id limit 1').id))
  params.set('itemId', String(one<{ id: number }>('select id from checklist_items where village_id = ? order by id limit 1', own.id).id))
  browsers.set('anonymous', new Browser(server.url))
  for (const [who, username] of Object.entries(USERNAMES)) {
    const browser = new Browser(server.url)
    expect((await browser.signIn(username)).status, username).toBe(302)
    browsers.set(who as Who, browser)
  }
  // 佐证材料: the village's cadre attaches a scan to the order's answer, so /evidence/:evidenceId has a file to serve
  const scan = new FormData()
  scan.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1')], { type: 'application/pdf' }), 'scan.pdf')
  const attached = await browsers.get('ownCadre')!.request(`/evidence?record=orderAnswer&id=${params.get('orderId')}`, { method: 'POST', body: scan })
  expect(attached.status, 'evidence upload').toBe(302)
  params.set('evidenceId', String(one<{ id: number }>('select id from evidence_files order by id desc limit 1').id))
})
afterAll(async () => server?.stop())

const urlOf = (routePath: string) => routePath.replace(/:(\w+)/g, (_, name: string) => params.get(name) ?? `missing-${name}`)

function outcomeOf(res: Response): Outcome | number {
  if (res.status === 302) return (res.headers.get('location') ?? '').startsWith('/login') ? 'login' : 'landing'
  return res.status
}

describe('the access matrix', () => {
  it('has a decision for every route the server serves', () => {
    const missing = routes.filter((r) => r.hasLoader && !(r.id in PAGES)).map((r) => r.id)
    expect(missing, 'routes with no row in PAGES').toEqual([])
    expect(
      Object.keys(PAGES).filter((id) => !routes.some((r) => r.id === id)),
      'rows for routes that no longer exist',
    ).toEqual([])
  })

  it('opens each page only for the roles and the village it belongs to', async () => {
    const wrong: string[] = []
    let checked = 0
    for (const route of routes.filter((r) => r.hasLoader && r.id in PAGES)) {
      for (const who of WHO) {
        const res = await browsers.get(who)!.get(urlOf(route.path))
        const got = outcomeOf(res)
        checked++
        if (got !== PAGES[route.id][who]) wrong.push(`${route.id} as ${who}: expected ${PAGES[route.id][who]}, got ${got}`)
      }
    }
    expect(wrong).toEqual([])
    console.log(`access matrix: ${checked} page requests (${routes.filter((r) => r.hasLoader).length} routes × ${WHO.length} principals)`)
  })

  it('changes nothing when anyone posts a malformed or forbidden form to any action', async () => {
    const before = fingerprint()
    let checked = 0
    const wrong: string[] = []
    for (const route of routes.filter((r) => r.hasAction && r.id !== 'routes/logout' && r.id !== 'routes/login')) {
      for (const who of WHO) {
        const target = urlOf(route.path) + (route.id.endsWith('_index') ? '?index' : '')
        const res = await browsers.get(who)!.post(target, { intent: 'probe-not-an-intent', version: '0' })
        checked++
        const got = outcomeOf(res)
        // a form is parsed before anyone is asked who they are, so a malformed post may answer 400 even to a stranger
        const allowedOutcomes: Array<Outcome | number> = who === 'anonymous' ? ['login', 400] : [400, 403, 404, 405, 409, 422]
        if (!allowedOutcomes.includes(got)) wrong.push(`${route.id} as ${who}: got ${got}`)
      }
    }
    expect(wrong).toEqual([])
    expect(fingerprint()).toBe(before)
    console.log(`access matrix: ${checked} refused posts, nothing changed`)
  })

  it('refuses another village’s cadre on every village action with a well-formed request', async () => {
    const before = fingerprint()
    const other = browsers.get('otherCadre')!
    const v = params.get('villageId')
    const attempts: Array<[string, Record<string, string>]> = [
      [
        `/villages/${v}?index`,
        {
          intent: 'checklistDone',
          itemId: String(one<{ id: number }>('select id from checklist_items where village_id = ? limit 1', Number(v)).id),
          version: '0',
          doneOn: '2026-11-28',
        },
      ],
      [`/villages/${v}/report`, { version: '0' }],
      [`/villages/${v}/send-back`, { version: '0', reason: '越权退回本村' }],
      [`/villages/${v}/report`, { intent: 'narrative', version: '0', workDone: '越权', problemsFound: '越权', measures: '越权', nextSteps: '越权' }],
      [`/villages/${v}/problems?index`, { intent: 'register', category: 'irregular', source: 'selfInspection', description: '越权登记' }],
      [`/villages/${v}/orders/${params.get('orderId')}`, { intent: 'answer', version: '0', response: '越权答复' }],
      // 专人督办 of a problem: the township's leaders and inspectors only (tests/http/problem-supervision.test.ts)
      [
        `/villages/${v}/problems/${params.get('problemId')}`,
        { intent: 'assignSupervisor', version: '0', supervisorUserId: params.get('userId') ?? '1', deadlineOn: '2026-12-10' },
      ],
      [`/villages/${v}/households/${params.get('householdId')}?index`, { version: '0', incomeChecked: 'on', outcome: 'keep' }],
      [`/villages/${v}/households/${params.get('householdId')}/members`, { version: '0', 'members[0].name': '越权', 'members[0].relation': 'head' }],
      [`/proposals/${params.get('proposalId')}`, { intent: 'WITHDRAW', version: '0' }],
      // 佐证材料: attaching to the village's order, withdrawing the village's file
      [`/evidence?record=orderAnswer&id=${params.get('orderId')}`, { caption: '越权' }],
      [`/evidence/${params.get('evidenceId')}`, { intent: 'withdraw' }],
      [`/villages/${v}/exports/approval-notice`, { intent: 'publish', from: '2026-11-27', ids: '1' }],
      [
        `/villages/${v}/households/new`,
        { headName: '越权', idNumber: '11010519491231002X', memberCount: '1', coveredCount: '1', category: 'x', monthlyAmount: '100' },
      ],
    ]
    for (const [url, form] of attempts) expect((await other.post(url, form)).status, url).toBe(403)
    expect(fingerprint()).toBe(before)
  })
})

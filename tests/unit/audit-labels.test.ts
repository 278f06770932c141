// Every audited action and every field an audit row can carry has a Chinese label (issue 12): a history never
// shows "export.reviewForms" or "incomeChecked". The actions and fields are collected from the code itself, so a
// new audited write without a label fails here.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bracketed } from '../../app/i18n'
import { auditActionLabel, auditDetails, hasAuditActionLabel, hasAuditFieldLabel } from '../../app/i18n/auditText'
import { REVIEW_FIELDS } from '../../app/models/householdReviewForm.server'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' || full === path.join(repoRoot, 'app/i18n') ? [] : filesUnder(full)
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : []
  })
}

// every place that writes audit rows: the models and utils, the seed and CLI scripts, the database layer
const SOURCES = ['app', 'seed', 'db', 'scripts', 'bench']
  .flatMap((d) => filesUnder(path.join(repoRoot, d)))
  .map((file) => ({
    file: path.relative(repoRoot, file),
    text: fs.readFileSync(file, 'utf8'),
  }))

const literals = (text: string) => [...text.matchAll(/'([^'\n]+)'/g)].map((m) => m[1])

/** The text of the balanced {...} starting at `open` (the index of the brace). */
function braced(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i)
  }
  return text.slice(open + 1)
}

/** The keys written at the top level of an object literal's body (`key: …` and shorthand `key`), spreads left out. */
function topLevelKeys(body: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const ch of body) {
    if ('{[('.includes(ch)) depth++
    if ('}])'.includes(ch)) depth--
    if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
    } else current += ch
  }
  parts.push(current)
  return parts.flatMap((p) => {
    const m = /^\s*(?:\/\/[^\n]*\n\s*)*([A-Za-z_][A-Za-z0-9_]*)\s*(?::|$)/.exec(p)
    return m && !p.trim().startsWith('...') ? [m[1]] : []
  })
}

/** Every audit action the code writes. */
function auditActions(): Map<string, string> {
  const found = new Map<string, string>()
  const add = (action: string, file: string) => found.set(action, file)
  for (const { file, text } of SOURCES) {
    // `action: 'x.y'`, `action: done ? 'a' : 'b'`, `const action = … ? 'a' : 'b'`
    // (a literal compared with, `target === 'rectifying' ? …`, is not an action)
    for (const m of text.matchAll(/\baction(?::|\s*=(?!=))\s*([^,\n}]+)/g)) for (const l of literals(m[1].replace(/[!=]==\s*'[^']*'/g, ''))) add(l, file)
    // `action: \`export.${e.kind}\``: one action per export kind
    if (/action:\s*`export\.\$\{/.test(text)) {
      const kinds = /export type ExportKind =\s*((?:\s*\|?\s*'[^']+')+)/.exec(text)
      expect(kinds, `${file}: the ExportKind union`).not.toBeNull()
      for (const kind of literals(kinds?.[1] ?? '')) add(`export.${kind}`, file)
    }
  }
  // actions passed positionally to a helper that audits (writeOrder(…, 'rectificationOrder.accept', …)): any
  // 'entity.verb' literal whose entity is one the code already audits
  const entities = new Set([...found.keys()].filter((a) => a.includes('.')).map((a) => a.split('.')[0]))
  for (const { file, text } of SOURCES)
    for (const l of literals(text)) {
      const m = /^([a-z][A-Za-z]*)\.([a-z][A-Za-z]*)$/.exec(l)
      // a file name ('county.db') is no action, whatever its stem
      if (m && entities.has(m[1]) && !/^(db|csv|json|xlsx|docx|txt|log)$/.test(m[2])) add(l, file)
    }
  return found
}

/** Every field an audit row's before or after can carry. */
function auditFields(): Map<string, string> {
  const found = new Map<string, string>()
  // the review form is audited in its own terms
  for (const f of REVIEW_FIELDS) found.set(f, 'REVIEW_FIELDS')
  // updates audit the changed columns of the audited tables (changedFields), creations their inserted values
  // the Database interface and its table groups (db/schema.ts re-exports db/schema/*.ts)
  const schemaDir = path.join(repoRoot, 'db/schema')
  const schema = [path.join(repoRoot, 'db/schema.ts'), ...fs.readdirSync(schemaDir).map((f) => path.join(schemaDir, f))]
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n')
  const audited = [
    'VillageTable',
    'UserTable',
    'CampaignPhaseTable',
    'ChecklistItemTable',
    'HouseholdTable',
    'ProblemTable',
    'ComplaintTable',
    'InspectionVisitTable',
    'RectificationOrderTable',
    'HolidayOverrideTable',
  ]
  // never in an audit row: the row's own id, a password hash, a full ID number (the masked `idNumber` is), who
  // reported (complaint.create records only `reporter_recorded`)
  const never = new Set(['id', 'password_hash', 'id_number', 'reporter_name', 'reporter_contact'])
  for (const table of audited) {
    const at = schema.indexOf(`export interface ${table} {`)
    expect(at, table).toBeGreaterThan(-1)
    const body = braced(schema, schema.indexOf('{', at))
    for (const m of body.matchAll(/^\s*([a-z_]+)\??:/gm)) if (!never.has(m[1])) found.set(m[1], `db/schema.ts ${table}`)
  }
  // and the keys the code writes by hand: after: { … }, before: { … }, an export's details: { … }
  for (const { file, text } of SOURCES)
    for (const m of text.matchAll(/\b(?:after|before|details):\s*\{/g)) {
      if (!/recordAudit|appendAuditRow|recordExport|audit\(/.test(text)) continue
      for (const key of topLevelKeys(braced(text, (m.index ?? 0) + m[0].length - 1))) found.set(key, file)
    }
  return found
}

describe('audit labels', () => {
  const actions = auditActions()
  const fields = auditFields()

  it('finds the audited actions in the code (the collector works)', () => {
    for (const a of [
      'householdReview.save',
      'problem.startRectifying',
      'rectificationOrder.accept',
      'complaint.close',
      'export.reviewForms',
      'signIn.failed',
      'checklist.reopen',
    ])
      expect([...actions.keys()], a).toContain(a)
    for (const f of ['incomeChecked', 'homeVisitOn', 'deadline_on', 'verification_result', 'household_ids', 'headName', 'households'])
      expect([...fields.keys()], f).toContain(f)
  })

  it('has a Chinese label for every audited action', () => {
    const missing = [...actions].filter(([a]) => !hasAuditActionLabel(a)).map(([a, file]) => `${a} (${file})`)
    expect(missing).toEqual([])
  })

  it('has a Chinese label for every field an audit row carries (or hides it)', () => {
    const missing = [...fields].filter(([f]) => !hasAuditFieldLabel(f)).map(([f, from]) => `${f} (${from})`)
    expect(missing).toEqual([])
  })

  it('labels a field without full-width brackets, since the fields are shown inside one', () => {
    for (const f of fields.keys()) expect(auditDetails('problem.update', { [f]: 1 }).join(''), f).not.toMatch(/[（）]/)
  })

  it('renders every audited action with every field an audit row can carry in words, never a raw key', () => {
    // the labeller as the history pages call it: the action's label and its bracket, for each action the code writes
    // with every field the code writes (issue 17: "export.reviewForms（format、households）", "incomeChecked、homeVisitOn")
    const everyField = Object.fromEntries([...fields.keys()].map((f) => [f, f === 'format' ? 'xlsx' : 1]))
    const raw = /[A-Za-z]+[._][A-Za-z]+|[a-z][A-Z]|\b[a-z]{3,}\b/
    const shown = [...actions.keys()].flatMap((action) =>
      [auditActionLabel(action), bracketed(auditDetails(action, everyField))].map((text) => ({ action, text })),
    )
    expect(shown.filter(({ text }) => raw.test(text))).toEqual([])
    // and a field never falls through to 其他项目 when the code writes it
    expect([...fields.keys()].filter((f) => auditDetails('problem.update', { [f]: 1 }).includes('其他项目'))).toEqual([])
  })

  it('never shows a code: unknown actions and fields read as words', () => {
    expect(auditActionLabel('something.new')).toBe('其他修改')
    expect(auditDetails('problem.update', { brandNewColumn: 1 })).toEqual(['其他项目'])
  })

  it('reads a review save and an export as a person would', () => {
    expect(auditActionLabel('householdReview.save')).toBe('保存复核登记')
    expect(auditDetails('householdReview.save', { householdId: 3, homeVisitOn: '2026-11-27', incomeChecked: true, notes: 'x' })).toEqual([
      '入户调查日期',
      '收入核查',
      '备注',
    ])
    expect(auditActionLabel('export.reviewForms')).toBe('导出复核认定情况登记表')
    expect(auditDetails('export.reviewForms', { format: 'xlsx', households: 12, file: 'x.xlsx' })).toEqual(['Excel文件，12户'])
    for (const [action, after] of [...actions.keys()].map((a) => [a, { status: 'open', format: 'xlsx' }] as const)) {
      for (const text of [auditActionLabel(action), ...auditDetails(action, after)]) expect(text, action).not.toMatch(/[A-Za-z]+[._][A-Za-z]+|[a-z][A-Z]/)
    }
  })
})

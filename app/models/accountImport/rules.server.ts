// 账号导入, the rules: what each row of an account list means and why a row cannot become an account. Pure: the
// township's villages and the usernames and phone numbers already taken are handed in, so preview and confirm (inside
// its transaction) judge the same way, and the unit of judgement is the whole row — every problem is listed at once.
import crypto from 'node:crypto'
import { t } from '../../i18n/dictionary'
import { halfWidth } from '../rosterImport/rules.server'
import { villageMatcher, type VillageRef } from '../rosterImport/rules.server'
import type { AccountSheet } from './read.server'
import { mayBeCivilAffairs, USERNAME_PATTERN as USERNAME } from '../userRules'

/** The roles a township's list may give (the county bureau's accounts belong to the county). */
export const IMPORT_ROLES = ['leader', 'inspector', 'cadre', 'liaison', 'admin'] as const
export type ImportRole = (typeof IMPORT_ROLES)[number]

export const MAX_NAME_LENGTH = 40
/** the username rule of the user form (app/models/users.server.ts) */

const compact = (text: string) => halfWidth(text).replace(/\s+/g, '')

/** The role a cell names: the labels the app shows (t.roles) and the usual short forms. */
const ROLE_NAMES = new Map<string, ImportRole | 'county'>([
  ...IMPORT_ROLES.map((role) => [compact(t.roles[role]), role] as const),
  [compact(t.roles.county), 'county'],
  ['村干部', 'cadre'],
  ['村居干部', 'cadre'],
  ['社区干部', 'cadre'],
  ['乡镇领导', 'leader'],
  ['督查', 'inspector'],
  ['系统管理员', 'admin'],
  ['县民政局管理员', 'county'],
  ['县级管理员', 'county'],
])

export function parseRole(text: string): ImportRole | 'county' | null {
  return ROLE_NAMES.get(compact(text)) ?? null
}

/** 11 digits starting with 1, after spaces, hyphens and a +86 are taken off; null when it is not one. */
export function parsePhone(text: string): string | null {
  let digits = compact(text).replace(/[-()]/g, '')
  if (/^\+?86\d{11}$/.test(digits)) digits = digits.slice(-11)
  return /^1\d{10}$/.test(digits) ? digits : null
}

/** 镇民政所 column: 是 (√, Y, 1) or 否 (empty, ×, N, 0); null when it says neither. */
export function parseYesNo(text: string): boolean | null {
  const value = compact(text).toUpperCase()
  if (['', '否', '×', 'X', 'N', 'NO', '0'].includes(value)) return false
  if (['是', '√', '✓', 'Y', 'YES', '1'].includes(value)) return true
  return null
}

/** The villages a cell lists: separated by 、 , ， ; ； or spaces. */
export function splitVillages(text: string): string[] {
  return halfWidth(text)
    .split(/[、,;\s]+/)
    .map((v) => v.trim())
    .filter(Boolean)
}

export type AccountProblem =
  | { code: 'nameMissing' | 'roleMissing' | 'phoneMissing' | 'phoneInvalid' | 'usernameInvalid' | 'oneVillageOnly' | 'usernameTaken' | 'phoneTaken' }
  | { code: 'nameTooLong'; params: { max: number } }
  | { code: 'roleUnknown' | 'roleNotAllowed'; params: { role: string } }
  | { code: 'villageRequired' | 'villageNotForRole' | 'civilAffairsNotForRole'; params: { role: string } }
  | { code: 'civilAffairsUnknown'; params: { value: string } }
  | { code: 'villageUnknown'; params: { village: string } }
  | { code: 'duplicatePhone' | 'duplicateUsername'; params: { row: number } }

/** One row of the list, as read, and what it will be. */
export interface AccountRow {
  sheetRow: number
  name: string
  roleText: string
  villagesText: string
  phoneText: string
  usernameText: string
  /** set when the row can become an account; civilAffairs: 镇民政所（负责镇审核） */
  account: { name: string; role: ImportRole; phone: string; username: string; villages: VillageRef[]; civilAffairs: boolean } | null
  problems: AccountProblem[]
}

export interface Taken {
  usernames: ReadonlySet<string>
  phones: ReadonlySet<string>
}

/** Every row judged: against the township's villages, the accounts already there and the rows above it. */
export function judgeAccountRows(sheet: AccountSheet, villages: readonly VillageRef[], taken: Taken): AccountRow[] {
  const findVillage = villageMatcher(villages)
  const phoneRows = new Map<string, number>()
  const usernameRows = new Map<string, number>()
  return sheet.rows.map(({ sheetRow, values }) => {
    const problems: AccountProblem[] = []
    const name = values.name.replace(/\s+/g, ' ').trim()
    if (!name) problems.push({ code: 'nameMissing' })
    else if ([...name].length > MAX_NAME_LENGTH) problems.push({ code: 'nameTooLong', params: { max: MAX_NAME_LENGTH } })

    const parsedRole = values.role ? parseRole(values.role) : null
    if (!values.role) problems.push({ code: 'roleMissing' })
    else if (parsedRole === null) problems.push({ code: 'roleUnknown', params: { role: values.role } })
    else if (parsedRole === 'county') problems.push({ code: 'roleNotAllowed', params: { role: values.role } })
    const role = parsedRole === 'county' ? null : parsedRole

    const villageNames = splitVillages(values.villages)
    const found: VillageRef[] = []
    if (role) {
      const label = t.roles[role]
      if ((role === 'cadre' || role === 'liaison') && villageNames.length === 0) problems.push({ code: 'villageRequired', params: { role: label } })
      else if (role !== 'cadre' && role !== 'liaison' && villageNames.length > 0) problems.push({ code: 'villageNotForRole', params: { role: label } })
      else if (role === 'cadre' && villageNames.length > 1) problems.push({ code: 'oneVillageOnly' })
      else {
        for (const text of villageNames) {
          const village = findVillage(text)
          if (!village) problems.push({ code: 'villageUnknown', params: { village: text } })
          else if (!found.some((v) => v.id === village.id)) found.push(village)
        }
      }
    }

    const civilAffairs = parseYesNo(values.civilAffairs ?? '')
    if (civilAffairs === null) problems.push({ code: 'civilAffairsUnknown', params: { value: values.civilAffairs } })
    else if (civilAffairs && role && !mayBeCivilAffairs(role)) problems.push({ code: 'civilAffairsNotForRole', params: { role: t.roles[role] } })

    const phone = values.phone ? parsePhone(values.phone) : null
    if (!values.phone) problems.push({ code: 'phoneMissing' })
    else if (phone === null) problems.push({ code: 'phoneInvalid' })
    let duplicatePhone = false
    if (phone !== null) {
      const earlier = phoneRows.get(phone)
      if (earlier !== undefined) {
        duplicatePhone = true
        problems.push({ code: 'duplicatePhone', params: { row: earlier } })
      } else phoneRows.set(phone, sheetRow)
      if (taken.phones.has(phone)) problems.push({ code: 'phoneTaken' })
    }

    const usernameGiven = halfWidth(values.username).trim()
    const username = usernameGiven || phone
    if (usernameGiven && !USERNAME.test(usernameGiven)) problems.push({ code: 'usernameInvalid' })
    else if (username) {
      const earlier = usernameRows.get(username)
      // a username that is the phone number already said so as a repeated phone number
      if (earlier !== undefined && !(duplicatePhone && username === phone)) problems.push({ code: 'duplicateUsername', params: { row: earlier } })
      if (earlier === undefined) usernameRows.set(username, sheetRow)
      if (taken.usernames.has(username)) problems.push({ code: 'usernameTaken' })
    }

    const account =
      problems.length === 0 && role && phone && username ? { name, role, phone, username, villages: found, civilAffairs: civilAffairs === true } : null
    return {
      sheetRow,
      name,
      roleText: values.role,
      villagesText: values.villages,
      phoneText: values.phone,
      usernameText: usernameGiven,
      account,
      problems,
    }
  })
}

/** The usernames and phone numbers a list would use: what to look up among the accounts already there. */
export function candidateKeys(sheet: AccountSheet): { usernames: string[]; phones: string[] } {
  const usernames = new Set<string>()
  const phones = new Set<string>()
  for (const { values } of sheet.rows) {
    const phone = parsePhone(values.phone)
    if (phone) phones.add(phone)
    const username = halfWidth(values.username).trim() || phone
    if (username) usernames.add(username)
  }
  return { usernames: [...usernames], phones: [...phones] }
}

/** What a preview promised, row by row: confirm writes only if its own judgement gives the same. */
export function verdictDigest(rows: readonly AccountRow[]): string {
  const verdicts = rows.map((r) => [
    r.sheetRow,
    r.account ? [r.account.username, r.account.role, r.account.villages.map((v) => v.id), r.account.civilAffairs] : r.problems.map((p) => p.code),
  ])
  return crypto.createHash('sha256').update(JSON.stringify(verdicts)).digest('hex').slice(0, 32)
}

// letters and digits that cannot be mistaken for one another when read aloud or copied by hand: no 0/O/o, 1/l/I/i
const PASSWORD_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'
export const INITIAL_PASSWORD_LENGTH = 12

/** A random initial password (crypto.randomInt: uniform), with at least one letter and one digit. */
export function initialPassword(): string {
  for (;;) {
    let password = ''
    for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) password += PASSWORD_ALPHABET[crypto.randomInt(PASSWORD_ALPHABET.length)]
    if (/[0-9]/.test(password) && /[A-Za-z]/.test(password)) return password
  }
}

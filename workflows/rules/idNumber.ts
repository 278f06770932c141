// 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check digit (ISO 7064 MOD 11-2).
// Pure rules shared by the app, the importer and the seed.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The check digit for the first 17 digits. */
export function checkDigit(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4))
  const m = Number(yyyymmdd.slice(4, 6))
  const d = Number(yyyymmdd.slice(6, 8))
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * The region (the first six digits, GB/T 2260) without shipping the full code table (≈3,200 counties that change
 * every year). The rule: the first two digits are a province-level code that exists (11–15 华北, 21–23 东北, 31–37
 * 华东, 41–46 中南, 50–54 西南, 61–65 西北), and the next two (the prefecture, 地级) are not 00: every county-level
 * code a person is registered under has a prefecture part (省直辖县 use 90, e.g. 429004). The only exceptions are
 * 71 台湾, 81 香港, 82 澳门 and 83 (the 台湾居民居住证 code), whose residence-permit numbers carry 710000, 810000,
 * 820000 and 830000. So 000000, 990000, 160101 and 370001 are refused; a made-up code such as 379999 still
 * passes — the check digit, the duplicate check and the household's own papers are the next line.
 */
const PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '))
const WHOLE_REGION_ALLOWED = new Set(['71', '81', '82', '83'])

export function isKnownRegion(region: string): boolean {
  if (!/^\d{6}$/.test(region)) return false
  const province = region.slice(0, 2)
  if (!PROVINCES.has(province)) return false
  if (WHOLE_REGION_ALLOWED.has(province)) return true
  return region.slice(2, 4) !== '00'
}

/** Today in Asia/Shanghai (UTC+8, no daylight saving), for a birth date that must lie in the past. */
function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
}

export type IdNumberProblem = 'empty' | 'length' | 'characters' | 'region' | 'birthDate' | 'birthFuture' | 'checkDigit' | 'century'

export type IdNumberResult = { ok: true; value: string; convertedFrom15: boolean } | { ok: false; problem: IdNumberProblem }

/**
 * A legacy 15-digit number writes only the last two digits of the year (yymmdd). They were issued until 2004, so
 * 00–04 may be 1900–1904 or 2000–2004: the number alone does not say which (century problem) — the birth date or
 * the age written beside it does (centuryFromBirth). 05–99 are 19xx.
 */
export function isCenturyAmbiguous(fifteen: string): boolean {
  return /^\d{15}$/.test(fifteen) && Number(fifteen.slice(6, 8)) <= 4
}

/**
 * Normalise what is only written differently (full-width digits, spaces, a lower-case x) and validate.
 * A legacy 15-digit number (no check digit) is converted to 18 digits: born 19xx, or, for the years 00–04 that may be
 * either, in the century `options.century` says (else the century problem). The region must be a known one
 * (isKnownRegion) and the birth date a real day not after `today` (YYYY-MM-DD; default: today in Asia/Shanghai).
 */
export function parseIdNumber(input: string, options: { today?: string; century?: 19 | 20 | null } = {}): IdNumberResult {
  const today = options.today ? options.today.replaceAll('-', '') : shanghaiToday()
  const cleaned = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ｘＸ]/g, 'X')
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
  if (cleaned === '') return { ok: false, problem: 'empty' }
  if (cleaned.length === 15) {
    if (!/^\d{15}$/.test(cleaned)) return { ok: false, problem: 'characters' }
    if (!isKnownRegion(cleaned.slice(0, 6))) return { ok: false, problem: 'region' }
    const century = isCenturyAmbiguous(cleaned) ? options.century : 19
    if (!century) return isRealDate(`20${cleaned.slice(6, 12)}`) ? { ok: false, problem: 'century' } : { ok: false, problem: 'birthDate' }
    const first17 = `${cleaned.slice(0, 6)}${century}${cleaned.slice(6)}`
    if (!isRealDate(first17.slice(6, 14))) return { ok: false, problem: 'birthDate' }
    if (first17.slice(6, 14) > today) return { ok: false, problem: 'birthFuture' }
    return { ok: true, value: first17 + checkDigit(first17), convertedFrom15: true }
  }
  if (cleaned.length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(cleaned)) return { ok: false, problem: 'characters' }
  if (!isKnownRegion(cleaned.slice(0, 6))) return { ok: false, problem: 'region' }
  if (!isRealDate(cleaned.slice(6, 14))) return { ok: false, problem: 'birthDate' }
  if (cleaned.slice(6, 14) > today) return { ok: false, problem: 'birthFuture' }
  if (checkDigit(cleaned.slice(0, 17)) !== cleaned[17]) return { ok: false, problem: 'checkDigit' }
  return { ok: true, value: cleaned, convertedFrom15: false }
}

/**
 * The century of a 15-digit number's two-digit year `yy` from what else the row says: a birth year (出生日期) that
 * ends in yy gives it; an age gives the birth year within a year or two, and the century whose year lies nearest to
 * it (within 15 years) is the one. Null when neither says, or they disagree with the number.
 */
export function centuryFromBirth(yy: number, hint: { birthYear?: number | null; age?: number | null }, todayYear: number): 19 | 20 | null {
  const { birthYear, age } = hint
  if (birthYear != null) {
    if (birthYear % 100 !== yy || (birthYear !== 1900 + yy && birthYear !== 2000 + yy)) return null
    return birthYear >= 2000 ? 20 : 19
  }
  if (age != null && age >= 0 && age <= 130) {
    const born = todayYear - age
    const candidates = ([19, 20] as const).filter((c) => Math.abs(c * 100 + yy - born) <= 15)
    return candidates.length === 1 ? candidates[0] : null
  }
  return null
}

/**
 * Every 18-digit form one person's number may have been written in on another roster: the same region, yymmdd and
 * sequence in 19xx and 20xx, each with its own check digit (a 15-digit number converted in the wrong century, and
 * the right one). The number itself is not among them. Empty for what is not a well-formed 15- or 18-digit number.
 */
export function otherCenturyForms(input: string): string[] {
  const key = idMatchKey(input)
  if (!key) return []
  const own = input.replace(/[\s\u3000-]/g, '').toUpperCase()
  return (['19', '20'] as const)
    .map((century) => {
      const first17 = `${key.slice(0, 6)}${century}${key.slice(6)}`
      return first17 + checkDigit(first17)
    })
    .filter((form) => form !== own && isRealDate(form.slice(6, 14)))
}

/** 3701**********123X: region prefix and last four kept, the birth date and the rest hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length)
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`
}

/** Build a valid 18-digit number (the seed and tests use this). */
export function makeIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}

/**
 * The key two records of one person share whatever form each was written in: the 15-digit form (region, yymmdd,
 * sequence). A legacy 15-digit number names no century, so a roster's 18-digit number and another office's 15-digit
 * one meet only here. Null for what is not a well-formed 15- or 18-digit number. Match on the full number first and
 * on this key only where the full numbers cannot meet.
 */
export function idMatchKey(input: string): string | null {
  const cleaned = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
  if (/^\d{15}$/.test(cleaned)) return cleaned
  if (/^\d{17}[\dX]$/.test(cleaned)) return cleaned.slice(0, 6) + cleaned.slice(8, 17)
  return null
}

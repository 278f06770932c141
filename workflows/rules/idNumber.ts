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

export type IdNumberProblem = 'empty' | 'length' | 'characters' | 'birthDate' | 'checkDigit'

export type IdNumberResult = { ok: true; value: string; convertedFrom15: boolean } | { ok: false; problem: IdNumberProblem }

/**
 * Normalise what is only written differently (full-width digits, spaces, a lower-case x) and validate.
 * A legacy 15-digit number (born 19xx, no check digit) is converted to 18 digits.
 */
export function parseIdNumber(input: string): IdNumberResult {
  const cleaned = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[ｘＸ]/g, 'X')
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase()
  if (cleaned === '') return { ok: false, problem: 'empty' }
  if (cleaned.length === 15) {
    if (!/^\d{15}$/.test(cleaned)) return { ok: false, problem: 'characters' }
    const first17 = `${cleaned.slice(0, 6)}19${cleaned.slice(6)}`
    if (!isRealDate(first17.slice(6, 14))) return { ok: false, problem: 'birthDate' }
    return { ok: true, value: first17 + checkDigit(first17), convertedFrom15: true }
  }
  if (cleaned.length !== 18) return { ok: false, problem: 'length' }
  if (!/^\d{17}[\dX]$/.test(cleaned)) return { ok: false, problem: 'characters' }
  if (!isRealDate(cleaned.slice(6, 14))) return { ok: false, problem: 'birthDate' }
  if (checkDigit(cleaned.slice(0, 17)) !== cleaned[17]) return { ok: false, problem: 'checkDigit' }
  return { ok: true, value: cleaned, convertedFrom15: false }
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

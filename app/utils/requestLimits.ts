// How much of a request the server will read (docs/threat-model.md: untrusted input is bounded before it is parsed).
// Pure: server.ts applies the byte caps and content types before Remix; app/utils/forms.server.ts the field rules.
import { requestLimits } from '../i18n/zh-CN/common'

/** an ordinary form: the largest the app's pages send is a few KB (2,000 Chinese characters ≈ 18 KB encoded) */
export const MAX_FORM_BYTES = 64 * 1024
/** a roster file (.xlsx or .csv) */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024
/** the roster upload's whole multipart body: the file plus its part headers and a few small fields */
export const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
/** one 佐证材料 file (a phone photo, a scanned PDF); docs/decisions/014-evidence-files.md */
export const MAX_EVIDENCE_FILE_BYTES = 10 * 1024 * 1024
/** the evidence upload's whole multipart body (POST /evidence): the file plus its part headers and a caption */
export const MAX_EVIDENCE_BODY_BYTES = MAX_EVIDENCE_FILE_BYTES + 64 * 1024

/**
 * Field rules for every form. The app's forms use plain names (`intent`, `version`, `householdIds` repeated),
 * one dot (`fullInspection.starts_on`) and the importer's `c0`…`c199`; no page sends indexed names.
 * Indices and depth are still allowed a little, never enough to make a parser build something large.
 */
export const FORM_LIMITS = {
  /** the import's mapping form has up to 200 columns plus a few fields; a visit up to 500 households */
  maxFields: 1000,
  maxNameLength: 100,
  /** characters of one value; the longest text any schema accepts is 2,000 */
  maxValueLength: 5000,
  /** path segments of a name: `a.b[1].c` has four */
  maxDepth: 4,
  /** the largest array index in a name, `a[100]` */
  maxIndex: 100,
} as const

export type FormLimits = { [K in keyof typeof FORM_LIMITS]: number }

/** Paths that take a multipart upload (the roster; the account list), and how many bytes their body may have. */
const UPLOAD_PATHS = new Set(['/import', '/admin/users/import'])

/** The byte cap of a request body to this path (without a trailing slash or query). */
export function bodyLimitFor(pathname: string): number {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/evidence') return MAX_EVIDENCE_BODY_BYTES
  return UPLOAD_PATHS.has(path) ? MAX_UPLOAD_BODY_BYTES : MAX_FORM_BYTES
}

/** The two content types a browser's form sends; nothing in this app takes JSON or text. */
export function isFormContentType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data'
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)}MB` : `${Math.floor(bytes / 1024)}KB`
}

export type RefusalReason = 'tooLarge' | 'unsupportedType' | 'tooManyFields' | 'badFieldName' | 'valueTooLong' | 'malformed'

export const REFUSAL_STATUS: Record<RefusalReason, number> = {
  tooLarge: 413,
  unsupportedType: 415,
  tooManyFields: 400,
  badFieldName: 400,
  valueTooLong: 400,
  malformed: 400,
}

/** The Chinese text of a refusal: says what was wrong, never repeats what was sent. */
export function refusalText(reason: RefusalReason, pathname = ''): string {
  const m = requestLimits
  if (reason === 'tooLarge') {
    const limit = bodyLimitFor(pathname)
    if (limit === MAX_FORM_BYTES) return m.formTooLarge.replace('{size}', sizeText(limit))
    return m.uploadTooLarge.replace('{size}', sizeText(limit === MAX_EVIDENCE_BODY_BYTES ? MAX_EVIDENCE_FILE_BYTES : MAX_UPLOAD_BYTES))
  }
  return m[reason]
}

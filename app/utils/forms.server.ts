// Reading a posted form, bounded before anything parses it (docs/threat-model.md). Every action reads its form
// here, never with `request.formData()`: the bytes are counted as they arrive, then the field count, every name
// (length, path depth, array index) and every value's length are checked before a schema (conform's parseWithZod
// builds arrays from `a[999999999]`) ever sees them. A refusal is a 4xx with a Chinese text that repeats nothing
// that was sent. server.ts caps the body's bytes and content type before Remix; this is the second lock.
import { json, unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import {
  FORM_LIMITS,
  MAX_FORM_BYTES,
  MAX_UPLOAD_BODY_BYTES,
  MAX_UPLOAD_BYTES,
  REFUSAL_STATUS,
  isFormContentType,
  refusalText,
  type FormLimits,
  type RefusalReason,
} from './requestLimits'

/** What a refusal carries: root's ErrorBoundary shows `refusal`. */
export interface RefusalBody {
  refusal: string
}

/** The Response thrown for a refused form (a 4xx, Chinese, no echo, never cached). */
export function refusal(reason: RefusalReason, pathname = ''): Response {
  return json({ refusal: refusalText(reason, pathname) } satisfies RefusalBody, { status: REFUSAL_STATUS[reason], headers: { 'Cache-Control': 'no-store' } })
}

/** The problem with one field name, or null when it is one the app's forms could send. */
export function fieldNameProblem(name: string, limits: FormLimits = FORM_LIMITS): RefusalReason | null {
  if (name.length === 0 || name.length > limits.maxNameLength) return 'badFieldName'
  // control characters never belong in a name
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'badFieldName'
  // conform's path grammar: keys `[^.[\]]+` separated by single dots, indices `[digits]`
  const token = /([^.[\]]+)|\[(\d*)\]/g
  let last = 0
  let depth = 0
  for (let match = token.exec(name); match; match = token.exec(name)) {
    if (match.index !== last && !(match.index === last + 1 && name[last] === '.' && last > 0)) return 'badFieldName'
    const [, key, index] = match
    if (key !== undefined) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return 'badFieldName'
    } else if (index === '' || index.length > 6 || Number(index) > limits.maxIndex) {
      return 'badFieldName'
    }
    if (++depth > limits.maxDepth) return 'badFieldName'
    last = token.lastIndex
  }
  return last === name.length ? null : 'badFieldName'
}

/** Checks a parsed form's entries; the first problem found, or null. */
export function formProblem(entries: Iterable<[string, FormDataEntryValue]>, limits: FormLimits = FORM_LIMITS): RefusalReason | null {
  let count = 0
  for (const [name, value] of entries) {
    if (++count > limits.maxFields) return 'tooManyFields'
    const nameProblem = fieldNameProblem(name, limits)
    if (nameProblem) return nameProblem
    if (typeof value !== 'string') return 'malformed' // a file: only the roster upload takes one (readRosterUpload)
    if (value.length > limits.maxValueLength) return 'valueTooLong'
  }
  return null
}

/** At most `max` bytes of the request's body; null when there are more (the rest is not read). */
async function readBytes(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > max) return null
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    // stop reading, but do not cancel: cancelling destroys the connection before the refusal reaches the client
    if (total > max) {
      reader.releaseLock()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/**
 * The posted form, bounded: at most MAX_FORM_BYTES, FORM_LIMITS fields, names and values (narrower `limits` for
 * small forms such as sign-in). Throws a 400/413/415 Response with a Chinese text otherwise.
 */
export async function readForm(request: Request, limits: Partial<FormLimits> = {}): Promise<FormData> {
  const rules: FormLimits = { ...FORM_LIMITS, ...limits }
  const pathname = new URL(request.url).pathname
  const contentType = request.headers.get('content-type') ?? ''
  const bytes = await readBytes(request, MAX_FORM_BYTES)
  if (!bytes) throw refusal('tooLarge', '/')
  if (bytes.byteLength === 0) return new FormData()
  if (!isFormContentType(contentType)) throw refusal('unsupportedType', pathname)
  let entries: Array<[string, FormDataEntryValue]>
  if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const text = new TextDecoder().decode(bytes)
    // count before parsing: `&&&&…` is cheap to send
    let separators = 0
    for (let i = text.indexOf('&'); i !== -1 && separators <= rules.maxFields; i = text.indexOf('&', i + 1)) separators++
    if (separators >= rules.maxFields) throw refusal('tooManyFields', pathname)
    entries = [...new URLSearchParams(text)]
  } else {
    try {
      entries = [...(await new Response(bytes, { headers: { 'content-type': contentType } }).formData())]
    } catch {
      throw refusal('malformed', pathname)
    }
  }
  const problem = formProblem(entries, rules)
  if (problem) throw refusal(problem, pathname)
  const form = new FormData()
  for (const [name, value] of entries) form.append(name, value)
  return form
}

export interface UploadedFile {
  name: string
  content: Uint8Array
}

export type RosterUpload = { ok: true; file: UploadedFile; fields: Record<string, string> } | { ok: false; problem: 'tooLarge' | 'noFile' }

class UploadRefused extends Error {
  constructor(readonly problem: 'tooLarge' | 'noFile') {
    super(problem)
  }
}

/**
 * The roster upload form (multipart): one file field `file` of at most MAX_UPLOAD_BYTES, held in memory, plus at
 * most a few small text fields (returned as `fields`). Streams the parts and stops at the first byte over a limit.
 * `limits`: another upload's caps (佐证材料: MAX_EVIDENCE_FILE_BYTES and MAX_EVIDENCE_BODY_BYTES).
 */
export async function readRosterUpload(
  request: Request,
  limits: { fileBytes: number; bodyBytes: number } = { fileBytes: MAX_UPLOAD_BYTES, bodyBytes: MAX_UPLOAD_BODY_BYTES },
): Promise<RosterUpload> {
  const declared = Number(request.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > limits.bodyBytes) return { ok: false, problem: 'tooLarge' }
  let file: UploadedFile | null = null
  // the small text fields beside the file (e.g. /crosscheck's 数据来源 and 数据日期), each at most 1 KB
  const fields: Record<string, string> = {}
  let parts = 0
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (++parts > 10) throw new UploadRefused('noFile')
    const isFile = typeof filename === 'string'
    if (isFile && (name !== 'file' || file)) throw new UploadRefused('noFile')
    const max = isFile ? limits.fileBytes : 1024
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > max) throw new UploadRefused(isFile ? 'tooLarge' : 'noFile')
      chunks.push(chunk)
    }
    if (isFile) file = { name: (filename || 'roster').slice(0, 200), content: Buffer.concat(chunks) }
    else if (!(name in fields)) fields[name] = Buffer.concat(chunks).toString('utf8')
    return undefined
  }
  try {
    await parseMultipartFormData(request, handler)
  } catch (error) {
    return { ok: false, problem: error instanceof UploadRefused ? error.problem : 'noFile' }
  }
  const uploaded = file as UploadedFile | null
  if (!uploaded || uploaded.content.byteLength === 0) return { ok: false, problem: 'noFile' }
  return { ok: true, file: uploaded, fields }
}

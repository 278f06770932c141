// A small .xlsx reader for rosters: cell values only (no styles, no formulas' evaluation), sheet by sheet, row by row.
//
// Why not exceljs' streaming WorkbookReader: it decodes every inflated chunk of XML on its own, so a Chinese
// character (3 bytes in UTF-8) that falls across a chunk boundary becomes U+FFFD — about one row in a few thousand of
// a real roster gets a garbled name or ID number, silently (exceljs issues #2063 and #2084; the fix, PR #1665, is not
// merged in 4.4.0). Its non-streaming reader is correct but holds the whole workbook as objects (~600 MB for
// 100,000 rows). This reader inflates each sheet as a stream (node:zlib), decodes with a streaming TextDecoder, and
// reads complete <row> elements as they arrive: memory stays at the rows kept, and the text is exactly the file's.
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import type { Cell } from './rules.server'

export class XlsxError extends Error {}

/**
 * What one workbook may cost before it is refused (docs/decisions/007-untrusted-files-and-workers.md): a .xlsx is a
 * zip, so a few kilobytes on the wire can inflate to gigabytes (a zip bomb) or to millions of rows and cells. Every
 * limit is checked as the file is read, and reading stops at the first one passed.
 */
export const XLSX_LIMITS = {
  /** inflated bytes of one part read whole: the workbook, its relationships, the shared strings */
  partBytes: 64 * 1024 * 1024,
  /** inflated bytes of every part read, sheets included (300,000 rows of a real roster are about 200 MB) */
  totalBytes: 256 * 1024 * 1024,
  /** <row> elements in one sheet, blank ones included: Excel's own maximum */
  rows: 1_048_576,
  /** <c> elements in the whole workbook */
  cells: 30_000_000,
  /** shared strings */
  strings: 4_000_000,
}

/** A file past one of XLSX_LIMITS: refused as too big, not as broken. */
export class XlsxLimitError extends XlsxError {
  constructor(readonly limit: keyof typeof XLSX_LIMITS) {
    super(`xlsx limit passed: ${limit}`)
  }
}

/** Columns kept per row; a cell further right is passed over (a roster has a few dozen columns, Excel 16,384). */
const MAX_COLUMNS = 1024

/** What a workbook has used of XLSX_LIMITS so far. */
interface Budget {
  bytes: number
  cells: number
}

function spend(budget: Budget, bytes: number) {
  budget.bytes += bytes
  if (budget.bytes > XLSX_LIMITS.totalBytes) throw new XlsxLimitError('totalBytes')
}

interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localOffset: number
}

/** The zip's central directory (what a .xlsx is a container of). */
function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new XlsxError('not a zip file')
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const entries = new Map<string, ZipEntry>()
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new XlsxError('broken central directory')
    const nameLength = zip.readUInt16LE(at + 28)
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    }
    if (entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new XlsxError('zip64 is not supported')
    entries.set(entry.name.replace(/^\/+/, '').toLowerCase(), entry)
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  return entries
}

function compressedData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw new XlsxError('broken local header')
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28)
  if (start + entry.compressedSize > zip.length) throw new XlsxError('truncated zip')
  if (entry.method !== 0 && entry.method !== 8) throw new XlsxError(`compression method ${entry.method}`)
  return zip.subarray(start, start + entry.compressedSize)
}

/** A small part (workbook, relationships, shared strings), inflated whole, never past XLSX_LIMITS.partBytes. */
function readPart(zip: Buffer, entries: Map<string, ZipEntry>, name: string, budget: Budget): string | null {
  const entry = entries.get(name.toLowerCase())
  if (!entry) return null
  const data = compressedData(zip, entry)
  const limit = Math.min(XLSX_LIMITS.partBytes, XLSX_LIMITS.totalBytes - budget.bytes + 1)
  let bytes: Buffer
  if (entry.method === 0) bytes = data
  else {
    try {
      bytes = zlib.inflateRawSync(data, { maxOutputLength: limit })
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new XlsxLimitError('partBytes')
      throw new XlsxError('broken deflate data')
    }
  }
  if (bytes.length > XLSX_LIMITS.partBytes) throw new XlsxLimitError('partBytes')
  spend(budget, bytes.length)
  return new TextDecoder('utf-8').decode(bytes)
}

// ————————————————————————————————————————— XML, just enough of it —————————————————————————————————————————
//
// No regular expression runs over a part or a row: a lazy pattern such as <si>([\s\S]*?)</si> rescans the rest of
// the text from every unclosed <si>, so 250,000 of them (2.5 KB zipped) took over a minute. The scanner below finds
// each tag with indexOf and never looks at a character more than a bounded number of times.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function codePoint(text: string, radix: number): string | null {
  const n = parseInt(text, radix)
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : null
}

/** XML entities, then OOXML's _xHHHH_ escapes (Excel writes a carriage return in a cell as _x000D_). */
export function decodeXmlText(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text
  // both patterns are linear: an entity's digits stop at the next character that is not one
  return text
    .replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,8}|amp|lt|gt|quot|apos);/g, (whole, e: string) =>
      e[0] === '#' ? codePoint(e[1] === 'x' ? e.slice(2) : e.slice(1), e[1] === 'x' ? 16 : 10) ?? whole : ENTITIES[e],
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

const NAME_LIMIT = 64

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>', '<'
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 47 || code === 62 || code === 60
}

interface Tag {
  /** the name as written, with its prefix (x:row) */
  qname: string
  /** the text between the name and '>' (or '/>') */
  attrs: string
  selfClosing: boolean
  /** index of '<' */
  start: number
  /** index just after '>' */
  end: number
}

/**
 * The next start tag named `local` (any namespace prefix) at or after `from`. 'incomplete' when the text ends inside
 * a tag that may be one (more text may come), with where it starts; null when there is none.
 */
function nextTag(text: string, from: number, local: string): Tag | { incomplete: number } | null {
  let at = from
  for (;;) {
    const lt = text.indexOf('<', at)
    if (lt < 0) return null
    let i = lt + 1
    const stop = Math.min(text.length, i + NAME_LIMIT)
    while (i < stop && !isNameEnd(text.charCodeAt(i))) i++
    if (i === text.length) return { incomplete: lt }
    if (i === stop || text.charCodeAt(lt + 1) === 47) {
      at = lt + 1
      continue
    }
    const qname = text.slice(lt + 1, i)
    const colon = qname.lastIndexOf(':')
    if ((colon < 0 ? qname : qname.slice(colon + 1)) !== local) {
      at = lt + 1
      continue
    }
    const gt = text.indexOf('>', i)
    if (gt < 0) return { incomplete: lt }
    const selfClosing = text.charCodeAt(gt - 1) === 47
    return { qname, attrs: text.slice(i, selfClosing ? gt - 1 : gt), selfClosing, start: lt, end: gt + 1 }
  }
}

/** Where `</qname>` starts at or after `from`; -1 when it does not (yet) appear. */
function closeTag(text: string, from: number, qname: string): number {
  const needle = `</${qname}`
  let at = from
  for (;;) {
    const found = text.indexOf(needle, at)
    if (found < 0) return -1
    const next = text.charCodeAt(found + needle.length)
    if (next === 62 || next === 32 || next === 9 || next === 10 || next === 13) return found
    at = found + 1
  }
}

/** Index just after the '>' of a close tag that starts at `at`. */
function afterClose(text: string, at: number): number {
  const gt = text.indexOf('>', at)
  return gt < 0 ? text.length : gt + 1
}

/** Every name="value" of a tag's attribute text, entities decoded; scanned once, left to right. */
function attributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>()
  let i = 0
  while (i < text.length) {
    const eq = text.indexOf('=', i)
    if (eq < 0) break
    const name = text.slice(i, eq).trim()
    let q = eq + 1
    while (q < text.length && (text[q] === ' ' || text[q] === '\t' || text[q] === '\n' || text[q] === '\r')) q++
    const quote = text[q]
    if (quote !== '"' && quote !== "'") {
      i = eq + 1
      continue
    }
    const close = text.indexOf(quote, q + 1)
    if (close < 0) break
    if (name && !/\s/.test(name)) attrs.set(name, decodeXmlText(text.slice(q + 1, close)))
    i = close + 1
  }
  return attrs
}

/** The text of a string item (<si>, <is>): every <t> run joined, phonetic guides (<rPh>) left out. */
function runText(xml: string): string {
  let text = ''
  let at = 0
  for (;;) {
    const lt = xml.indexOf('<', at)
    if (lt < 0) break
    let i = lt + 1
    const stop = Math.min(xml.length, i + NAME_LIMIT)
    while (i < stop && !isNameEnd(xml.charCodeAt(i))) i++
    const qname = xml.slice(lt + 1, i)
    const colon = qname.lastIndexOf(':')
    const local = colon < 0 ? qname : qname.slice(colon + 1)
    if (local !== 't' && local !== 'rPh') {
      at = lt + 1
      continue
    }
    const gt = xml.indexOf('>', i)
    if (gt < 0) break
    if (xml.charCodeAt(gt - 1) === 47) {
      at = gt + 1
      continue
    }
    const close = closeTag(xml, gt + 1, qname)
    if (close < 0) break
    if (local === 't') text += xml.slice(gt + 1, close)
    at = afterClose(xml, close)
  }
  return decodeXmlText(text)
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return []
  const items: string[] = []
  let at = 0
  for (;;) {
    const tag = nextTag(xml, at, 'si')
    if (!tag) break
    if ('incomplete' in tag) throw new XlsxError('broken shared strings')
    if (items.length >= XLSX_LIMITS.strings) throw new XlsxLimitError('strings')
    if (tag.selfClosing) {
      items.push('')
      at = tag.end
      continue
    }
    const close = closeTag(xml, tag.end, tag.qname)
    if (close < 0) throw new XlsxError('an unclosed shared string')
    items.push(runText(xml.slice(tag.end, close)))
    at = afterClose(xml, close)
  }
  return items
}

/** 'C12' → 2 (0-based); null when there is no reference. */
function columnIndex(ref: string | undefined): number | null {
  if (!ref) return null
  let n = 0
  let i = 0
  for (; i < ref.length && i < 3; i++) {
    const code = ref.charCodeAt(i) | 0x20 // lower case
    if (code < 97 || code > 122) break
    n = n * 26 + (code - 96)
  }
  return i === 0 ? null : n - 1
}

/** One attribute's value from an element's attribute text (cells and rows only need r and t). */
function attribute(text: string, name: string): string | undefined {
  const at = text.indexOf(` ${name}=`)
  if (at < 0) return undefined
  const quote = text[at + name.length + 2]
  const end = text.indexOf(quote, at + name.length + 3)
  return end < 0 ? undefined : decodeXmlText(text.slice(at + name.length + 3, end))
}

/** The inner text of the first <local> element in `xml`, or null. */
function childText(xml: string, local: string): string | null {
  const tag = nextTag(xml, 0, local)
  if (!tag || 'incomplete' in tag) return null
  if (tag.selfClosing) return ''
  const close = closeTag(xml, tag.end, tag.qname)
  return close < 0 ? null : xml.slice(tag.end, close)
}

function cellValue(attrText: string, inner: string, strings: string[]): Cell {
  const type = attribute(attrText, 't') ?? 'n'
  if (type === 'inlineStr') {
    const is = childText(inner, 'is')
    return is === null ? null : runText(is)
  }
  const v = childText(inner, 'v')
  if (v === null) return null
  const raw = decodeXmlText(v)
  switch (type) {
    case 's':
      return strings[Number(raw)] ?? null
    case 'str':
    case 'd':
      return raw
    case 'e':
      return raw
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE'
    default: {
      const n = Number(raw)
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw
    }
  }
}

function parseRow(attrText: string, inner: string | null, previous: number, strings: string[], budget: Budget): { number: number; cells: Cell[] } {
  const r = Number(attribute(attrText, 'r'))
  const number = Number.isInteger(r) && r > 0 ? r : previous + 1
  const cells: Cell[] = []
  if (inner) {
    let next = 0
    let at = 0
    for (;;) {
      const tag = nextTag(inner, at, 'c')
      if (!tag || 'incomplete' in tag) break
      if (++budget.cells > XLSX_LIMITS.cells) throw new XlsxLimitError('cells')
      let cellInner: string | null = null
      at = tag.end
      if (!tag.selfClosing) {
        const close = closeTag(inner, tag.end, tag.qname)
        if (close < 0) throw new XlsxError('an unclosed cell')
        cellInner = inner.slice(tag.end, close)
        at = afterClose(inner, close)
      }
      const column = columnIndex(attribute(tag.attrs, 'r')) ?? next
      next = column + 1
      if (column >= MAX_COLUMNS) continue
      const value = cellInner === null ? null : cellValue(tag.attrs, cellInner, strings)
      while (cells.length < column) cells.push(null)
      cells[column] = value
    }
  }
  return { number, cells }
}

// ————————————————————————————————————————— the workbook —————————————————————————————————————————

export interface XlsxSheet {
  name: string
  hidden: boolean
  /** rows as they arrive; breaking out of the loop stops inflating the rest */
  rows(): AsyncGenerator<{ number: number; cells: Cell[] }>
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop()
    else if (segment !== '.') parts.push(segment)
  }
  return parts.join('/')
}

/** The attributes of every <local> start tag in a small part, in order. */
function tagsOf(xml: string | null, local: string): Array<Map<string, string>> {
  const out: Array<Map<string, string>> = []
  if (!xml) return out
  let at = 0
  for (;;) {
    const tag = nextTag(xml, at, local)
    if (!tag || 'incomplete' in tag) return out
    out.push(attributes(tag.attrs))
    at = tag.end
  }
}

function relationships(xml: string | null): Array<{ id: string; type: string; target: string }> {
  return tagsOf(xml, 'Relationship').map((a) => ({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '' }))
}

/**
 * The sheets of an .xlsx in tab order, each readable as a stream of rows. Throws XlsxError on a broken file and
 * XlsxLimitError (one of XLSX_LIMITS passed) on one too big to read, as soon as it is seen.
 */
export function openXlsx(content: Uint8Array): XlsxSheet[] {
  const zip = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  const entries = zipEntries(zip)
  const budget: Budget = { bytes: 0, cells: 0 }
  const officeDocument = relationships(readPart(zip, entries, '_rels/.rels', budget)).find((r) => r.type.endsWith('/officeDocument'))
  const workbookPath = officeDocument ? resolvePart('', officeDocument.target) : 'xl/workbook.xml'
  const workbook = readPart(zip, entries, workbookPath, budget)
  if (!workbook) throw new XlsxError('no workbook')
  const relsPath = resolvePart(workbookPath, `_rels/${workbookPath.split('/').pop()}.rels`)
  const rels = relationships(readPart(zip, entries, relsPath, budget))
  const stringsRel = rels.find((r) => r.type.endsWith('/sharedStrings'))
  let strings: string[] | null = null
  const loadStrings = () =>
    (strings ??= sharedStrings(stringsRel ? readPart(zip, entries, resolvePart(workbookPath, stringsRel.target), budget) : null))

  const sheets: XlsxSheet[] = []
  for (const a of tagsOf(workbook, 'sheet')) {
    const relId = [...a].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1]
    const rel = rels.find((r) => r.id === relId)
    if (!rel) continue
    const entry = entries.get(resolvePart(workbookPath, rel.target).toLowerCase())
    if (!entry) continue
    sheets.push({
      name: a.get('name') ?? '',
      hidden: (a.get('state') ?? 'visible') !== 'visible',
      rows: () => streamRows(compressedData(zip, entry), entry.method, loadStrings(), budget),
    })
  }
  return sheets
}

/** Most text one unfinished row may hold before the file is taken as broken. */
const MAX_PENDING = 16 * 1024 * 1024

async function* streamRows(data: Buffer, method: number, strings: string[], budget: Budget): AsyncGenerator<{ number: number; cells: Cell[] }> {
  const source = Readable.from([data])
  const inflate = method === 8 ? source.pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 })) : source
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let previous = 0
  let rows = 0
  // an unfinished row is looked at again only once the text waiting has doubled, so a long row arriving in many
  // chunks is scanned a bounded number of times, not once per chunk
  let retryAt = 0

  function* completeRows(): Generator<{ number: number; cells: Cell[] }> {
    let at = 0
    let unfinished = false
    for (;;) {
      const tag = nextTag(pending, at, 'row')
      if (!tag) {
        at = pending.length
        break
      }
      if ('incomplete' in tag) {
        at = tag.incomplete
        unfinished = true
        break
      }
      let inner: string | null = null
      let end = tag.end
      if (!tag.selfClosing) {
        const close = closeTag(pending, tag.end, tag.qname)
        if (close < 0) {
          at = tag.start
          unfinished = true
          break
        }
        inner = pending.slice(tag.end, close)
        end = afterClose(pending, close)
      }
      if (++rows > XLSX_LIMITS.rows) throw new XlsxLimitError('rows')
      const row = parseRow(tag.attrs, inner, previous, strings, budget)
      previous = row.number
      at = end
      yield row
    }
    pending = pending.slice(at)
    retryAt = unfinished ? pending.length * 2 : 0
  }

  try {
    for await (const chunk of inflate) {
      spend(budget, (chunk as Buffer).length)
      // stream: true keeps a character split across two chunks whole
      pending += decoder.decode(chunk as Buffer, { stream: true })
      if (pending.length >= retryAt) yield* completeRows()
      if (pending.length > MAX_PENDING) throw new XlsxError('a row too large')
    }
    pending += decoder.decode()
    retryAt = 0
    yield* completeRows()
  } finally {
    source.destroy()
    if (inflate !== source) (inflate as zlib.InflateRaw).destroy()
  }
}

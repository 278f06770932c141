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

/** A small part (workbook, relationships, shared strings), inflated whole; `limit` guards against zip bombs. */
function readPart(zip: Buffer, entries: Map<string, ZipEntry>, name: string, limit = 512 * 1024 * 1024): string | null {
  const entry = entries.get(name.toLowerCase())
  if (!entry) return null
  const data = compressedData(zip, entry)
  const bytes = entry.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: limit })
  return new TextDecoder('utf-8').decode(bytes)
}

// ————————————————————————————————————————— XML, just enough of it —————————————————————————————————————————

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** XML entities, then OOXML's _xHHHH_ escapes (Excel writes a carriage return in a cell as _x000D_). */
export function decodeXmlText(text: string): string {
  if (!text.includes('&') && !text.includes('_x')) return text
  return text
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

function attributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const m of text.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(m[1], decodeXmlText(m[2] ?? m[3] ?? ''))
  return attrs
}

const P = '(?:[\\w.-]+:)?' // an optional namespace prefix: <x:c> from some generators
const T_RE = new RegExp(`<${P}t(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${P}t>)`, 'g')
const PHONETIC_RE = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g')

/** The text of a string item (<si>, <is>): every <t> run joined, phonetic guides (<rPh>) left out. */
function runText(xml: string): string {
  let text = ''
  for (const m of xml.replace(PHONETIC_RE, '').matchAll(T_RE)) text += m[1] ?? ''
  return decodeXmlText(text)
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return []
  const items: string[] = []
  for (const m of xml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))) items.push(runText(m[1] ?? ''))
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

const ROW_RE = new RegExp(`<${P}row\\b([^>]*?)(/>|>([\\s\\S]*?)</${P}row>)`, 'g')
const CELL_RE = new RegExp(`<${P}c\\b([^>]*?)(/>|>([\\s\\S]*?)</${P}c>)`, 'g')
const V_RE = new RegExp(`<${P}v>([\\s\\S]*?)</${P}v>`)
const IS_RE = new RegExp(`<${P}is>([\\s\\S]*?)</${P}is>`)

function cellValue(attrText: string, inner: string, strings: string[]): Cell {
  const type = attribute(attrText, 't') ?? 'n'
  if (type === 'inlineStr') {
    const is = IS_RE.exec(inner)
    return is ? runText(is[1]) : null
  }
  const v = V_RE.exec(inner)
  if (!v) return null
  const raw = decodeXmlText(v[1])
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

function parseRow(attrText: string, inner: string | undefined, previous: number, strings: string[]): { number: number; cells: Cell[] } {
  const r = Number(attribute(attrText, 'r'))
  const number = Number.isInteger(r) && r > 0 ? r : previous + 1
  const cells: Cell[] = []
  if (inner) {
    let next = 0
    for (const m of inner.matchAll(CELL_RE)) {
      const column = columnIndex(attribute(m[1], 'r')) ?? next
      next = column + 1
      if (column > 16_383) continue
      const value = m[3] === undefined ? null : cellValue(m[1], m[3], strings)
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

function relationships(xml: string | null): Array<{ id: string; type: string; target: string }> {
  if (!xml) return []
  return [...xml.matchAll(new RegExp(`<${P}Relationship\\b([^>]*?)/?>`, 'g'))].map((m) => {
    const a = attributes(m[1])
    return { id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '' }
  })
}

/** The sheets of an .xlsx in tab order, each readable as a stream of rows. Throws XlsxError on a broken file. */
export function openXlsx(content: Uint8Array): XlsxSheet[] {
  const zip = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  const entries = zipEntries(zip)
  const officeDocument = relationships(readPart(zip, entries, '_rels/.rels')).find((r) => r.type.endsWith('/officeDocument'))
  const workbookPath = officeDocument ? resolvePart('', officeDocument.target) : 'xl/workbook.xml'
  const workbook = readPart(zip, entries, workbookPath)
  if (!workbook) throw new XlsxError('no workbook')
  const relsPath = resolvePart(workbookPath, `_rels/${workbookPath.split('/').pop()}.rels`)
  const rels = relationships(readPart(zip, entries, relsPath))
  const stringsRel = rels.find((r) => r.type.endsWith('/sharedStrings'))
  let strings: string[] | null = null
  const loadStrings = () => (strings ??= sharedStrings(stringsRel ? readPart(zip, entries, resolvePart(workbookPath, stringsRel.target)) : null))

  const sheets: XlsxSheet[] = []
  for (const m of workbook.matchAll(new RegExp(`<${P}sheet\\b([^>]*?)/?>`, 'g'))) {
    const a = attributes(m[1])
    const relId = [...a].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1]
    const rel = rels.find((r) => r.id === relId)
    if (!rel) continue
    const entry = entries.get(resolvePart(workbookPath, rel.target).toLowerCase())
    if (!entry) continue
    sheets.push({
      name: a.get('name') ?? '',
      hidden: (a.get('state') ?? 'visible') !== 'visible',
      rows: () => streamRows(compressedData(zip, entry), entry.method, loadStrings()),
    })
  }
  return sheets
}

/** Most text one unfinished row may hold before the file is taken as broken. */
const MAX_PENDING = 16 * 1024 * 1024

async function* streamRows(data: Buffer, method: number, strings: string[]): AsyncGenerator<{ number: number; cells: Cell[] }> {
  const source = Readable.from([data])
  const inflate = method === 8 ? source.pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 })) : source
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let previous = 0
  try {
    for await (const chunk of inflate) {
      // stream: true keeps a character split across two chunks whole
      pending += decoder.decode(chunk as Buffer, { stream: true })
      ROW_RE.lastIndex = 0
      let consumed = 0
      for (const m of pending.matchAll(ROW_RE)) {
        const row = parseRow(m[1], m[3], previous, strings)
        previous = row.number
        consumed = (m.index ?? 0) + m[0].length
        yield row
      }
      pending = pending.slice(consumed)
      if (pending.length > MAX_PENDING) throw new XlsxError('a row too large')
    }
    pending += decoder.decode()
    for (const m of pending.matchAll(ROW_RE)) yield parseRow(m[1], m[3], previous, strings)
  } finally {
    source.destroy()
    if (inflate !== source) (inflate as zlib.InflateRaw).destroy()
  }
}

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
import { nextTag, attributes, sharedStrings, closeTag, afterClose, parseRow, type XlsxRow } from './xlsxXml.server'
import { type Budget, XLSX_LIMITS, XlsxLimitError, XlsxError } from './xlsxLimits.server'

function spend(budget: Budget, bytes: number) {
  budget.bytes += bytes
  if (budget.bytes > XLSX_LIMITS.totalBytes) throw new XlsxLimitError('totalBytes')
}

export interface ZipEntry {
  name: string
  method: number
  compressedSize: number
  size: number
  localOffset: number
}

/** The zip's central directory (what a .xlsx is a container of). */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
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

export function compressedData(zip: Buffer, entry: ZipEntry): Buffer {
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

// ————————————————————————————————————————— the workbook —————————————————————————————————————————

export interface XlsxSheet {
  name: string
  hidden: boolean
  /** rows as they arrive; breaking out of the loop stops inflating the rest */
  rows(): AsyncGenerator<XlsxRow>
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
  const loadStrings = () => (strings ??= sharedStrings(stringsRel ? readPart(zip, entries, resolvePart(workbookPath, stringsRel.target), budget) : null))

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

async function* streamRows(data: Buffer, method: number, strings: string[], budget: Budget): AsyncGenerator<XlsxRow> {
  const source = Readable.from([data])
  const inflate = method === 8 ? source.pipe(zlib.createInflateRaw({ chunkSize: 256 * 1024 })) : source
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let previous = 0
  let rows = 0
  // an unfinished row is looked at again only once the text waiting has doubled, so a long row arriving in many
  // chunks is scanned a bounded number of times, not once per chunk
  let retryAt = 0

  function* completeRows(): Generator<XlsxRow> {
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

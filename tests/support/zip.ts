// Read one file out of a .zip (an .xlsx or .docx is one) with node:zlib alone: the central directory says where each
// entry is; stored entries are copied, deflated ones inflated. Enough for the tests to read word/document.xml.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

export function readZipEntry(zip: Uint8Array, name: string): string | null {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip file')
  const entries = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  for (let e = 0; e < entries; e++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory')
    const method = buf.readUInt16LE(at + 10)
    const compressed = buf.readUInt32LE(at + 20)
    const nameLength = buf.readUInt16LE(at + 28)
    const extraLength = buf.readUInt16LE(at + 30)
    const commentLength = buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const entryName = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    if (entryName === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
      const data = buf.subarray(start, start + compressed)
      if (method === 0) return data.toString('utf8')
      if (method === 8) return inflateRawSync(data).toString('utf8')
      throw new Error(`unsupported zip method ${method}`)
    }
    at += 46 + nameLength + extraLength + commentLength
  }
  return null
}

/** The text of each table row of a Word document.xml: rows of cells of text. */
export function docxTables(xml: string): string[][][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map(([, tbl]) =>
    [...tbl.matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map(([, tr]) => [...tr.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, tc]) => docxText(tc))),
  )
}

/** The text of a piece of document.xml, paragraphs joined by newlines. */
export function docxText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1])).join(''))
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .join('\n')
    .trim()
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

/**
 * A .zip (an .xlsx is one) from named parts, deflated unless `stored`: for tests that need hostile or hand-written
 * workbooks (unclosed tags, zip bombs, millions of blank rows) that no spreadsheet program would write.
 */
export function writeZip(parts: Array<{ name: string; data: string | Uint8Array; stored?: boolean }>): Uint8Array {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : Buffer.from(part.data)
    const data = part.stored ? raw : deflateRawSync(raw, { level: 9 })
    const name = Buffer.from(part.name, 'utf8')
    const crc = crc32(raw)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(part.stored ? 0 : 8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(name.length, 26)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(20, 6)
    header.writeUInt16LE(0x0800, 8)
    header.writeUInt16LE(part.stored ? 0 : 8, 10)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(data.length, 20)
    header.writeUInt32LE(raw.length, 24)
    header.writeUInt16LE(name.length, 28)
    header.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    central.push(header, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

/** The smallest workbook around one sheet's XML (and, if given, its shared strings' XML). */
export function minimalXlsx(sheetXml: string | Uint8Array, sharedStringsXml?: string | Uint8Array): Uint8Array {
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  const parts: Array<{ name: string; data: string | Uint8Array }> = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    { name: 'xl/workbook.xml', data: `<workbook xmlns:r="${ns}"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/worksheet" Target="worksheets/sheet1.xml"/>${
        sharedStringsXml === undefined ? '' : `<Relationship Id="rId2" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/>`
      }</Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml },
  ]
  if (sharedStringsXml !== undefined) parts.push({ name: 'xl/sharedStrings.xml', data: sharedStringsXml })
  return writeZip(parts)
}

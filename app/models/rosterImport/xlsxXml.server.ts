// The roster .xlsx reader's XML, just enough of it: a linear scanner for tags, attributes and text (no regular
// expression that could backtrack on a hostile file), shared strings, and one <row> into cells, within the budget.
// Used by xlsx.server.ts, which reads the zip and streams the sheets.
import type { Cell } from './rules.server'
import { XlsxError, XLSX_LIMITS, XlsxLimitError, type Budget, MAX_COLUMNS } from './xlsxLimits.server'

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
      e[0] === '#' ? (codePoint(e[1] === 'x' ? e.slice(2) : e.slice(1), e[1] === 'x' ? 16 : 10) ?? whole) : ENTITIES[e],
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
export function nextTag(text: string, from: number, local: string): Tag | { incomplete: number } | null {
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
export function closeTag(text: string, from: number, qname: string): number {
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
export function afterClose(text: string, at: number): number {
  const gt = text.indexOf('>', at)
  return gt < 0 ? text.length : gt + 1
}

/** Every name="value" of a tag's attribute text, entities decoded; scanned once, left to right. */
export function attributes(text: string): Map<string, string> {
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

export function sharedStrings(xml: string | null): string[] {
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

export interface XlsxRow {
  number: number
  cells: Cell[]
  /** hidden in the spreadsheet (<row hidden="1">): a row filtered out or hidden by hand */
  hidden: boolean
}

export function parseRow(attrText: string, inner: string | null, previous: number, strings: string[], budget: Budget): XlsxRow {
  const r = Number(attribute(attrText, 'r'))
  const number = Number.isInteger(r) && r > 0 ? r : previous + 1
  const hiddenValue = attribute(attrText, 'hidden')
  const hidden = hiddenValue === '1' || hiddenValue === 'true'
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
  return { number, cells, hidden }
}

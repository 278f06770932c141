// What SheetJS does not read from an .ods: which sheets are hidden (a table style with table:display="false") and
// which rows (table:visibility="collapse" or "filter"). One linear pass over the XML's tags, no regular expression.
import { attributes } from '../rosterImport/xlsxXml.server'

export interface OdsVisibility {
  /** by sheet, in document order */
  hiddenSheets: boolean[]
  /** by sheet: the row numbers (1-based, as SheetJS counts them) that are hidden */
  hiddenRows: Array<Set<number>>
}

/** Hidden rows marked per repeated block at most this many (a hidden block of a million blank rows is blank anyway). */
const MAX_MARKED_PER_BLOCK = 10_000

function localName(qname: string): string {
  const colon = qname.indexOf(':')
  return colon < 0 ? qname : qname.slice(colon + 1)
}

/** Every start tag of `xml` in order, with its local name and attribute text; closing tags as '/name'. */
function* tags(xml: string): Generator<{ name: string; attrs: string }> {
  let at = 0
  for (;;) {
    const lt = xml.indexOf('<', at)
    if (lt < 0) return
    const gt = xml.indexOf('>', lt)
    if (gt < 0) return
    at = gt + 1
    const inner = xml.slice(lt + 1, xml.charCodeAt(gt - 1) === 47 ? gt - 1 : gt)
    if (inner[0] === '?' || inner[0] === '!') continue
    let end = 0
    while (end < inner.length && !/\s/.test(inner[end])) end++
    const qname = inner.slice(0, end)
    yield qname[0] === '/' ? { name: `/${localName(qname.slice(1))}`, attrs: '' } : { name: localName(qname), attrs: inner.slice(end) }
  }
}

function hiddenTableStyles(xml: string, into: Set<string>) {
  let style: string | null = null
  for (const tag of tags(xml)) {
    if (tag.name === 'style') {
      const a = attributes(tag.attrs)
      style = a.get('style:family') === 'table' ? (a.get('style:name') ?? null) : null
    } else if (tag.name === '/style') style = null
    else if (tag.name === 'table-properties' && style && attributes(tag.attrs).get('table:display') === 'false') into.add(style)
  }
}

export function odsVisibility(content: string, styles: string): OdsVisibility {
  const hiddenStyles = new Set<string>()
  hiddenTableStyles(styles, hiddenStyles)
  hiddenTableStyles(content, hiddenStyles)
  const out: OdsVisibility = { hiddenSheets: [], hiddenRows: [] }
  let depth = 0
  let row = 0
  let rows: Set<number> | null = null
  for (const tag of tags(content)) {
    if (tag.name === 'table') {
      // a table inside a cell (rare) is not a sheet
      if (depth++ > 0) continue
      const a = attributes(tag.attrs)
      out.hiddenSheets.push(hiddenStyles.has(a.get('table:style-name') ?? ''))
      rows = new Set()
      out.hiddenRows.push(rows)
      row = 0
    } else if (tag.name === '/table') depth = Math.max(0, depth - 1)
    else if (tag.name === 'table-row' && depth === 1 && rows) {
      const a = attributes(tag.attrs)
      const repeat = Math.max(1, Number(a.get('table:number-rows-repeated')) || 1)
      const visibility = a.get('table:visibility')
      if (visibility === 'collapse' || visibility === 'filter') {
        for (let i = 1; i <= Math.min(repeat, MAX_MARKED_PER_BLOCK); i++) rows.add(row + i)
      }
      row += repeat
    }
  }
  return out
}

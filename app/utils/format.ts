// The one place figures, money and dates become text, shared by pages, charts, JSON, CSV and files, so a figure reads
// the same everywhere (tests/unit/format.test.ts checks that they agree for any amount).
// - Money is stored as integer fen (分) and shown in yuan; every form below is cut from the same integer parts (no
//   floating point), so the page's '¥1,234.50', a file's '1,234.50', the CSV's 1234.50 and the cell's 1234.5 agree.
// - Counts carry thousands separators (4,320), as the summary report writes them.
// - Percentages are ROUNDED DOWN to a tenth: 4,319 of 4,320 households is 99.9%, never "100%" (and never green)
//   before the last household is done. Integer arithmetic on tenths, so no floating-point edge turns 99.95 into 100.
// - Dates are Shanghai (Beijing) dates: a day is 'YYYY-MM-DD' in Asia/Shanghai (workflows/rules/dates.ts); an
//   instant is shown in Beijing time (UTC+8, no daylight saving).
// Not a .server module: pages and charts use it in the browser too.

// ————————————————————————————————————————— counts —————————————————————————————————————————

/** 4320 → '4,320': a count in a document's text. */
export function countText(n: number): string {
  const rounded = Math.round(n)
  return `${rounded < 0 ? '-' : ''}${grouped(Math.abs(rounded))}`
}

/** A non-negative integer with thousands separators: 1234567 → '1,234,567'. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

// ————————————————————————————————————————— money (fen → yuan) —————————————————————————————————————————

/** fen → sign, whole yuan with thousands separators, and the two-digit fen part. */
function yuanParts(fen: number): { sign: string; whole: string; cents: string } {
  const rounded = Math.round(fen)
  const abs = Math.abs(rounded)
  return {
    sign: rounded < 0 ? '-' : '',
    whole: grouped(Math.floor(abs / 100)),
    cents: String(abs % 100).padStart(2, '0'),
  }
}

/** fen → '¥1,234.50': money on a page, in a chart, in a message. */
export function yuan(fen: number): string {
  const { sign, whole, cents } = yuanParts(fen)
  return `¥${sign}${whole}.${cents}`
}

/** fen → '1,234.50': money in a document's text, where the unit (元) or the column says what it is. */
export function yuanDigits(fen: number): string {
  const { sign, whole, cents } = yuanParts(fen)
  return `${sign}${whole}.${cents}`
}

/** fen → '¥10,000' or '¥1,234.50': a limit quoted in a message, whole yuan without '.00'. */
export function yuanBrief(fen: number): string {
  const { sign, whole, cents } = yuanParts(fen)
  return `¥${sign}${whole}${cents === '00' ? '' : `.${cents}`}`
}

/** fen → '380' or '380.50': what a form's yuan field shows (parseYuan reads it back to the same fen). */
export function yuanInput(fen: number): string {
  const { sign, whole, cents } = yuanParts(fen)
  return `${sign}${whole.replace(/,/g, '')}${cents === '00' ? '' : `.${cents}`}`
}

/** fen → '1234.50': money in a CSV cell, a plain number with two decimals and no separators. */
export function yuanCsv(fen: number): string {
  const { sign, whole, cents } = yuanParts(fen)
  return `${sign}${whole.replace(/,/g, '')}.${cents}`
}

/** fen → 1234.5: money as a spreadsheet cell's number (the cell's format shows two decimals). */
export function yuanCell(fen: number): number {
  return Math.round(fen) / 100
}

// ————————————————————————————————————————— percentages —————————————————————————————————————————

/** done of total as a percentage with one decimal, rounded down; 0 when there is nothing to count. */
export function percentFloor(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0
  return Math.floor((done * 1000) / total) / 10
}

/** The same figure as text with its decimal, for files: '99.9', '100.0'. */
export function percentFloorText(done: number, total: number): string {
  return percentFloor(done, total).toFixed(1)
}

// ————————————————————————————————————————— dates —————————————————————————————————————————

/** A Shanghai day, '2026-11-29' → '2026年11月29日' (documents and notices). */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-')
  return `${year}年${Number(month)}月${Number(date)}日`
}

/**
 * An instant (ISO 8601) shown in Beijing time, 'YYYY-MM-DD HH:mm'. A time without a zone is UTC: SQLite's own clock
 * (`CURRENT_TIMESTAMP`) writes '2026-11-30 18:19:37'. Date.parse would read that as the machine's local time, so a
 * browser in China showed it 8 hours early and the page failed to hydrate.
 */
export function beijingTime(iso: string): string {
  const utc = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(iso) ? `${iso.replace(' ', 'T')}Z` : iso
  return new Date(Date.parse(utc) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** A file's size as a person reads it: 356KB, 2.4MB (佐证材料 lists). */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.floor((bytes / 1024 / 1024) * 10) / 10}MB`
  return `${Math.max(1, Math.ceil(bytes / 1024))}KB`
}

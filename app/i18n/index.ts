// `format` fills {placeholders}. The strings themselves: ./zh-CN/<area> (browser modules: only the sections they read)
// or ./dictionary (server code: the whole dictionary as `t`).
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** The bracket after a history entry: '（入户调查日期、备注）', or nothing. Here, not beside the audit labels, so a page
 * that shows entries does not download every label (page weight, ADR 015). */
export function bracketed(details: readonly string[]): string {
  return details.length ? `（${details.join('、')}）` : ''
}

// Money and times as text: app/utils/format.ts, the one format module; re-exported here for the pages that read them
// beside their strings.
export { beijingTime, yuan } from '../utils/format'

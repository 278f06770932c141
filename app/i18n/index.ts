// The one dictionary module. Pages read strings from `t`; `format` fills {placeholders}.
import { zhCN } from './zh-CN'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof zhCN>

// One language today (the users' own); a second would be another dictionary of the same shape, chosen per request.
export const t: Messages = zhCN

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

// Money and times as text: app/utils/format.ts, the one format module; re-exported here for the pages that read them
// beside their strings.
export { beijingTime, yuan } from '../utils/format'

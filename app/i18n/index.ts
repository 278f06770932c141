// The one dictionary module. Pages read strings from `t`; `format` fills {placeholders}.
import { zhCN } from './zh-CN'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof zhCN>

const locales: Record<string, Messages> = { 'zh-CN': zhCN }

export const DEFAULT_LOCALE = 'zh-CN'
export const t: Messages = locales[DEFAULT_LOCALE]

export function messagesFor(locale: string): Messages {
  return locales[locale] ?? t
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** Amounts are stored in fen; shown in yuan with two decimals. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** An instant shown as Beijing time, 'YYYY-MM-DD HH:mm'. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

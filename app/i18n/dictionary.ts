// The whole dictionary as one object, for server code, scripts and tests. Modules that reach the browser import only
// the sections they read from ./zh-CN/<area> instead (lint enforces it): a page's script then carries its own strings,
// not all of them (the cadre pages' weight budget, issue 17; ADR 015).
import { zhCN } from './zh-CN'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
export type Messages = Widen<typeof zhCN>

// One language today (the users' own); a second would be another dictionary of the same shape, chosen per request.
export const t: Messages = zhCN

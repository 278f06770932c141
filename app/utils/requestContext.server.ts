// What the server knows about the request being answered, wherever in its handling the code runs: its id (for the
// logs) and where its time went (for the Server-Timing header). server.ts starts a context per request; the query
// timing plugin (db/queryTiming.ts) and the HTML render (app/entry.server.tsx) add to it.
//
// server.ts runs this module from source and the Remix bundle carries its own copy: the store lives on globalThis
// (as the database handle does, app/utils/db.server.ts), so both copies read and write the same contexts.
import { AsyncLocalStorage } from 'node:async_hooks'
import crypto from 'node:crypto'
import type { DB } from '../../db/connection.server'
import { queryTimingPlugin } from '../../db/queryTiming'

export interface RequestContext {
  readonly id: string
  /** performance.now() when the request arrived */
  readonly startedAt: number
  /** its database queries, as [started, ended] (performance.now()) */
  readonly queries: Array<[number, number]>
  /** milliseconds spent rendering HTML; null when no page was rendered */
  renderMs: number | null
}

declare global {
  var __zhenggaitongRequests: AsyncLocalStorage<RequestContext> | undefined
}

const storage: AsyncLocalStorage<RequestContext> = (globalThis.__zhenggaitongRequests ??= new AsyncLocalStorage<RequestContext>())

/** Runs `fn` (the rest of the request's handling) with a fresh context for this request. */
export function runWithRequestContext<T>(id: string, fn: (context: RequestContext) => T): T {
  const context: RequestContext = { id, startedAt: performance.now(), queries: [], renderMs: null }
  return storage.run(context, fn, context)
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore()
}

/** The database handle, timing each query into the request that runs it (queries outside a request are not counted). */
export function withQueryTiming(db: DB): DB {
  return db.withPlugin(
    queryTimingPlugin((started, ended) => {
      storage.getStore()?.queries.push([started, ended])
    }),
  )
}

/** Times `render` into the current request (app/entry.server.tsx). */
export function timeRender<T>(render: () => T): T {
  const started = performance.now()
  try {
    return render()
  } finally {
    const context = storage.getStore()
    if (context) context.renderMs = (context.renderMs ?? 0) + performance.now() - started
  }
}

/**
 * Milliseconds during which at least one of the request's queries was running or waiting for its connection: the
 * union of their intervals, so queries run side by side (Promise.all) are not counted twice and db ≤ total.
 */
export function databaseTime(queries: ReadonlyArray<readonly [number, number]>): number {
  let total = 0
  let until = -Infinity
  for (const [start, end] of [...queries].sort((a, b) => a[0] - b[0])) {
    if (end <= until) continue
    total += end - Math.max(start, until)
    until = end
  }
  return total
}

/** The Server-Timing header for a request answered now: db, render (when a page was rendered) and total, in ms. */
export function serverTiming(context: RequestContext, now = performance.now()): string {
  const metric = (name: string, ms: number) => `${name};dur=${ms.toFixed(1)}`
  return [
    metric('db', databaseTime(context.queries)),
    ...(context.renderMs === null ? [] : [metric('render', context.renderMs)]),
    metric('total', now - context.startedAt),
  ].join(', ')
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * The request's id: the one a trusted reverse proxy sent in X-Request-Id (so its logs and ours join up), or a new
 * one. A client's own header is not believed unless a proxy is trusted (TRUST_PROXY), and nothing but a short
 * token is ever taken (no spaces, no line breaks: it goes into every log line).
 */
export function requestIdFor(header: string | undefined, proxyTrusted: boolean): string {
  if (proxyTrusted && header !== undefined && REQUEST_ID.test(header)) return header
  return crypto.randomUUID()
}

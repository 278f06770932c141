// Issue 12, observability: the pieces of the Server-Timing header and the request log line, without a server.
import { describe, expect, it } from 'vitest'
import { routePatternMatcher } from '../../app/utils/logger.server'
import { currentRequest, databaseTime, requestIdFor, runWithRequestContext, serverTiming, timeRender } from '../../app/utils/requestContext.server'

describe('the db time of a request', () => {
  it('counts queries that ran side by side once: the union of their intervals, never more than the wall clock', () => {
    expect(databaseTime([])).toBe(0)
    expect(databaseTime([[0, 10]])).toBe(10)
    // three queries started together, waiting for one connection: 30 ms of wall clock, not 10 + 20 + 30
    expect(
      databaseTime([
        [0, 10],
        [0, 20],
        [0, 30],
      ]),
    ).toBe(30)
    expect(
      databaseTime([
        [50, 60],
        [0, 10],
        [5, 15],
      ]),
    ).toBe(25)
  })

  it('is carried by the request that ran the query, through awaits', async () => {
    const header = await runWithRequestContext('req-1', async (context) => {
      await Promise.resolve()
      currentRequest()?.queries.push([context.startedAt, context.startedAt + 4])
      timeRender(() => 'html')
      return serverTiming(context, context.startedAt + 9)
    })
    expect(header).toMatch(/^db;dur=4\.0, render;dur=\d+\.\d, total;dur=9\.0$/)
    expect(currentRequest()).toBeUndefined()
  })
})

describe('request ids', () => {
  it('are new unless a trusted proxy sent a short token', () => {
    expect(requestIdFor('abc-123', true)).toBe('abc-123')
    expect(requestIdFor('abc-123', false)).not.toBe('abc-123')
    expect(requestIdFor('a b\nforged log line', true)).toMatch(/^[0-9a-f-]{36}$/)
    expect(requestIdFor('x'.repeat(65), true)).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('the route pattern a request is logged under', () => {
  const match = routePatternMatcher({
    root: { path: '' },
    'routes/_index': { parentId: 'root', index: true },
    'routes/villages.$villageId._index': { parentId: 'root', path: 'villages/:villageId', index: true },
    'routes/villages.$villageId.households._index': { parentId: 'root', path: 'villages/:villageId/households', index: true },
    'routes/villages.$villageId.households.new': { parentId: 'root', path: 'villages/:villageId/households/new' },
    'routes/villages.$villageId.households.$householdId._index': { parentId: 'root', path: 'villages/:villageId/households/:householdId', index: true },
    'routes/dashboard[.]csv': { parentId: 'root', path: 'dashboard.csv' },
  })

  it('names the route, never the IDs in the URL', () => {
    expect(match('/')).toBe('/')
    expect(match('/villages/12')).toBe('/villages/:villageId')
    expect(match('/villages/12/households')).toBe('/villages/:villageId/households')
    expect(match('/villages/12/households/new')).toBe('/villages/:villageId/households/new')
    expect(match('/villages/12/households/3456')).toBe('/villages/:villageId/households/:householdId')
    expect(match('/dashboard.csv')).toBe('/dashboard.csv')
    expect(match('/build/entry.client-ABC.js')).toBe('/build/*')
    expect(match('/no/such/page')).toBe('*')
  })
})

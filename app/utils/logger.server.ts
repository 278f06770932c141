// Structured logs (pino, one JSON object a line on stdout): every line written while a request is being answered
// carries that request's id (reqId), so a slow query or a failed worker can be traced to the request behind it.
// No personal data goes into a log: a request is logged by its route's pattern ('/villages/:villageId/households'),
// never its URL (no query string, no IDs), and never its body, its user or its cookies. LOG_LEVEL sets the level.
import pino from 'pino'
import { currentRequest } from './requestContext.server'

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    base: undefined,
    // a request's id on every line written while it is answered
    mixin: () => {
      const request = currentRequest()
      return request ? { reqId: request.id } : {}
    },
  },
  // synchronous: a line written just before the process exits (a refused start-up) is not lost
  pino.destination({ dest: 1, sync: true }),
)

interface RouteEntry {
  parentId?: string
  path?: string
  index?: boolean
}

/**
 * Maps a URL path to the pattern of the Remix route that answers it ('/villages/12/households' →
 * '/villages/:villageId/households'), ranked as Remix ranks them (static segments before parameters before a splat).
 * A path no route answers is '*'; the static files are '/build/*'.
 */
export function routePatternMatcher(routes: Record<string, RouteEntry | undefined>): (pathname: string) => string {
  const fullPath = (id: string | undefined): string[] => {
    const route = id === undefined ? undefined : routes[id]
    if (!route) return []
    return [...fullPath(route.parentId), ...(route.path ?? '').split('/').filter(Boolean)]
  }
  const candidates = Object.entries(routes)
    .filter((entry): entry is [string, RouteEntry] => entry[1] !== undefined)
    .map(([id, route]) => {
      const segments = fullPath(id)
      const score = segments.reduce((sum, s) => sum + (s === '*' ? -2 : s.startsWith(':') ? 3 : 10), route.index ? 2 : 0)
      return { segments, score, pattern: `/${segments.join('/')}` }
    })
    .sort((a, b) => b.score - a.score)
  return (pathname) => {
    if (pathname.startsWith('/build/')) return '/build/*'
    const parts = pathname.split('/').filter(Boolean)
    const found = candidates.find(({ segments }) => {
      const splat = segments.at(-1) === '*'
      const fixed = splat ? segments.slice(0, -1) : segments
      if (splat ? parts.length < fixed.length : parts.length !== fixed.length) return false
      return fixed.every((s, i) => s.startsWith(':') || s === parts[i])
    })
    return found?.pattern ?? '*'
  }
}

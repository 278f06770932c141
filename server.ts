// The production server: prepares the database, then serves the Remix build with Express.
// `npm start` builds first; `npm run serve` serves an existing build.
import crypto from 'node:crypto'
import fs from 'node:fs'
import type { Socket } from 'node:net'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import compression from 'compression'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { logger, routePatternMatcher } from './app/utils/logger.server'
import { requestIdFor, runWithRequestContext, serverTiming, withQueryTiming } from './app/utils/requestContext.server'
import { bodyLimitFor, isFormContentType, refusalText } from './app/utils/requestLimits'
import { openDatabase } from './db/connection.server'
import { prepareDatabase } from './seed/startup'
import { shanghaiDay } from './workflows/rules/dates'

const root = path.dirname(fileURLToPath(import.meta.url))
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

const started = Date.now()
if (!process.env.SESSION_SECRET) {
  if (process.env.NODE_ENV === 'production') {
    logger.fatal('SESSION_SECRET must be set in production (README, "Running in production").')
    process.exit(1)
  }
  // Outside production: a random secret kept beside the data, so sessions survive a restart.
  const file = path.join(root, 'data', '.session-secret')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 })
  process.env.SESSION_SECRET = fs.readFileSync(file, 'utf8').trim()
}
const { db, dialect, location } = openDatabase()
const today = shanghaiDay(process.env.APP_NOW ? new Date(process.env.APP_NOW) : new Date())
const prepared = await prepareDatabase(db, { today, seedDemo: process.env.SEED_DEMO !== '0' })
// every query a request runs is timed into its Server-Timing header (app/utils/requestContext.server.ts)
globalThis.__zhenggaitongDb = withQueryTiming(db)
// where the worker threads' sources are (app/utils/workers.server.ts): the bundle cannot tell from its own URL
globalThis.__zhenggaitongRoot = root

// ZGT_BUILD_DIR: the same switch remix.config.js reads (separate builds for parallel test runs)
const buildDir = process.env.ZGT_BUILD_DIR ? path.resolve(process.env.ZGT_BUILD_DIR) : null
const build = (await import(pathToFileURL(buildDir ? path.join(buildDir, 'index.js') : path.join(root, 'build/index.js')).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
// cadres are on cheap phones with poor signal: the roster's HTML shrinks about tenfold
app.use(compression())
// TRUST_PROXY names the reverse proxies in front: a hop count ('1': the one proxy that connects to us) or their
// addresses/subnets ('loopback', '10.0.0.0/8', comma-separated). req.ip is then the address the nearest trusted
// proxy saw, never an X-Forwarded-For entry the client wrote itself; unset, X-Forwarded-For is ignored.
const trustProxy = process.env.TRUST_PROXY?.trim()
if (trustProxy === 'true') {
  logger.fatal('TRUST_PROXY=true would believe any X-Forwarded-For a client writes: give the number of proxies in front (TRUST_PROXY=1) or their addresses.')
  process.exit(1)
}
if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy.split(',').map((s) => s.trim()))
// Every request: an id (X-Request-Id, also in each log line written while it is answered), a Server-Timing header
// (db: its queries, render: the HTML, total) and one log line when it is answered — its route's pattern, never its
// URL, query string, body or user (app/utils/logger.server.ts).
const routePattern = routePatternMatcher(build.routes)
/** Fingerprinted scripts and styles (/build/…): immutable, cached for a year, never a document. */
const isBuildAsset = (req: express.Request) => req.path.startsWith('/build/') && (req.method === 'GET' || req.method === 'HEAD')
app.use((req, res, next) => {
  // a page's scripts are 20–40 small files: the request id and timings of each would cost a cheap phone ~10 kB of
  // headers for nothing anyone reads, and a log line each (ADR 015)
  if (isBuildAsset(req)) return next()
  const id = requestIdFor(req.get('x-request-id'), Boolean(trustProxy))
  res.setHeader('X-Request-Id', id)
  runWithRequestContext(id, (context) => {
    const writeHead = res.writeHead
    res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
      this.setHeader('Server-Timing', serverTiming(context))
      return writeHead.apply(this, args)
    } as typeof writeHead
    res.once('close', () => {
      const line = {
        reqId: id,
        method: req.method,
        route: routePattern(req.path),
        status: res.statusCode,
        ms: Math.round(performance.now() - context.startedAt),
      }
      if (res.writableFinished) logger.info(line, 'request')
      else logger.warn(line, 'request aborted')
    })
    next()
  })
})
app.use((req, res, next) => {
  // A script or a stylesheet is not a document: CSP, framing, referrer, opener and permissions policies apply to the
  // page that loads it, and nosniff is the one header it needs (ADR 015: every header byte counts on a cadre's phone).
  if (isBuildAsset(req)) {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    return next()
  }
  // Security headers (docs/threat-model.md). Remix's own inline scripts carry the per-request nonce; inline
  // style attributes (progress bars, the diagram, charts) are allowed, inline script is not.
  const nonce = crypto.randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  )
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
  if (process.env.NODE_ENV === 'production') res.setHeader('Strict-Transport-Security', 'max-age=31536000')
  // the client's address, for the sign-in rate limit (Express knows it; a Fetch Request does not)
  req.headers['x-client-address'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  next()
})
// Mutations only from the app's own pages: a browser names the page's origin on every POST; another site's
// form is refused here, before any session is looked at (the SameSite=Lax cookie is the second lock).
app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  if (isSameOrigin(req.get('origin'), req.get('sec-fetch-site'), req.get('host'))) return next()
  res.status(403).type('text/plain; charset=utf-8').send('拒绝跨站提交：请从整改通的页面提交表单。')
})

/** Browsers send Origin on every POST; scripts and command-line clients send neither it nor Sec-Fetch-Site. */
function isSameOrigin(origin: string | undefined, fetchSite: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none'
  try {
    return new URL(origin).host === host
  } catch {
    return false // 'null' (sandboxed frames, file pages) or garbage
  }
}
// Untrusted input is bounded before it is parsed (docs/threat-model.md): a body larger than its route's cap (64 KB
// for a form, 20 MB for the roster upload) is refused with 413 before a byte of it is read, a chunked body is
// counted as it arrives and cut off at the same cap, and a body that is not a form (text, JSON, XML…) gets 415.
// The connection then closes, so the rest is never read. app/utils/forms.server.ts then bounds the fields.
app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  const cap = bodyLimitFor(req.path)
  const declared = req.get('content-length')
  const chunked = req.get('transfer-encoding') !== undefined
  if ((chunked || (declared !== undefined && declared !== '0')) && !isFormContentType(req.get('content-type'))) {
    return refuseBody(req, res, 415, refusalText('unsupportedType'))
  }
  if (declared !== undefined && Number(declared) > cap) return refuseBody(req, res, 413, refusalText('tooLarge', req.path))
  if (chunked) {
    let seen = 0
    // a passive count: it sees each chunk as Remix's reader does (the reader pauses the stream, this never resumes it)
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length
      if (seen <= cap || res.locals.bodyRefused) return
      if (!res.headersSent) return refuseBody(req, res, 413, refusalText('tooLarge', req.path))
      // answered already (an action that never read its body): stop reading the rest
      res.locals.bodyRefused = true
      if (res.writableFinished) closeAfterLinger(req.socket)
      else res.once('finish', () => closeAfterLinger(req.socket))
    })
  }
  next()
})

function refuseBody(req: express.Request, res: express.Response, status: number, message: string) {
  res.locals.bodyRefused = true
  // `Connection: close` so that no client reuses the connection; Node then ends it with destroySoon(), which would
  // reset it while body bytes are still arriving: linger instead
  const socket = req.socket
  // a declared body just over the cap (a roster of 21 MB) is read to its end and thrown away, so the client finishes
  // sending and reads the answer; past 64 MB the client is cut off once that much is drained
  const declared = Number(req.get('content-length') ?? 0)
  const budget = Number.isFinite(declared) && declared > 0 ? Math.min(declared, LINGER_MAX_BYTES) : LINGER_MIN_BYTES
  socket.destroySoon = () => closeAfterLinger(socket, budget)
  req.resume() // what still arrives is thrown away as it comes, never buffered
  res.status(status).set({ Connection: 'close', 'Cache-Control': 'no-store' }).type('text/plain; charset=utf-8').send(message)
}

const LINGER_MIN_BYTES = 1024 * 1024
const LINGER_MAX_BYTES = 64 * 1024 * 1024
const LINGER_MS = 10_000

/**
 * Ends a connection whose request body is not wanted, once its answer is out: FIN at once, then what is still
 * arriving is read and thrown away (never kept) up to `budget` bytes or ten seconds before the socket closes.
 * Closing at once with unread bytes would send a TCP reset, and the client (a browser uploading a too-large roster)
 * would lose the answer.
 */
function closeAfterLinger(socket: Socket, budget = LINGER_MIN_BYTES) {
  if (socket.destroyed) return
  socket.end()
  let drained = 0
  const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref()
  socket.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > budget) socket.destroy()
  })
  socket.resume()
  socket.once('close', () => clearTimeout(timer))
}

app.use(
  '/build',
  express.static(buildDir ? path.join(buildDir, 'assets') : path.join(root, 'public/build'), {
    immutable: true,
    maxAge: '1y',
    etag: false,
    lastModified: false,
    acceptRanges: false,
  }),
)
app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
// Nothing the app answers may stay in a browser's or a proxy's cache: its pages and exports carry personal data and
// reporters' names, and Back after sign-out must not show them. Only /build and public/ (above) are cached. A
// route that sets its own Cache-Control (exports: private, no-store) keeps it, so the default goes in just before
// the headers are written (Remix appends its headers to what is set already; setting it here first would double it).
app.use((_req, res, next) => {
  const writeHead = res.writeHead
  res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
    if (!this.hasHeader('Cache-Control')) this.setHeader('Cache-Control', 'no-store')
    return writeHead.apply(this, args)
  } as typeof writeHead
  next()
})
const remix = createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) })
// a body cut off above was answered already: Remix's late attempt to answer it is no error
app.all('*', (req, res, next) => {
  // the handler answers its own errors (it passes them to next), so its promise never rejects
  void remix(req, res, (error?: unknown) => (res.locals.bodyRefused && res.headersSent ? undefined : next(error)))
})

const server = app.listen(port, host, () => {
  const where = dialect === 'sqlite' ? `SQLite ${path.resolve(location)}` : 'PostgreSQL'
  logger.info(`整改通 is serving http://localhost:${port} (${where}; ready in ${Date.now() - started} ms)`)
  if (prepared.applied.length) logger.info(`Applied migrations: ${prepared.applied.join(', ')}`)
  if (prepared.seededDemo) logger.info('Built the demo township 清河镇. Demo accounts (password qinghe-demo) are listed in README.md, "Demo accounts".')
})

function shutdown() {
  server.close(() => void db.destroy().finally(() => process.exit(0)))
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

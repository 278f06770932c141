// The production server: prepares the database, then serves the Remix build with Express.
// `npm start` builds first; `npm run serve` serves an existing build.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import compression from 'compression'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { openDatabase } from './db/connection.server'
import { prepareDatabase } from './seed/startup'
import { shanghaiDay } from './workflows/rules/dates'

const root = path.dirname(fileURLToPath(import.meta.url))
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

const started = Date.now()
if (!process.env.SESSION_SECRET) {
  if (process.env.NODE_ENV === 'production') {
    console.error('SESSION_SECRET must be set in production (README, "Running in production").')
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
globalThis.__zhenggaitongDb = db

// ZGT_BUILD_DIR: the same switch remix.config.js reads (separate builds for parallel test runs)
const buildDir = process.env.ZGT_BUILD_DIR ? path.resolve(process.env.ZGT_BUILD_DIR) : null
const build = (await import(pathToFileURL(buildDir ? path.join(buildDir, 'index.js') : path.join(root, 'build/index.js')).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
// cadres are on cheap phones with poor signal: the roster's HTML shrinks about tenfold
app.use(compression())
if (process.env.TRUST_PROXY === '1') app.set('trust proxy', true)
app.use((req, res, next) => {
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
app.use('/build', express.static(buildDir ? path.join(buildDir, 'assets') : path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }))
app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }) }))

const server = app.listen(port, host, () => {
  const where = dialect === 'sqlite' ? `SQLite ${path.resolve(location)}` : 'PostgreSQL'
  console.log(`整改通 is serving http://localhost:${port} (${where}; ready in ${Date.now() - started} ms)`)
  if (prepared.applied.length) console.log(`Applied migrations: ${prepared.applied.join(', ')}`)
  if (prepared.seededDemo) console.log('Built the demo township 清河镇. Demo accounts (password qinghe-demo) are listed in README.md, "Demo accounts".')
})

function shutdown() {
  server.close(() => void db.destroy().finally(() => process.exit(0)))
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

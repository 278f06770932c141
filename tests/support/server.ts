// Start the built server (server.ts) on a free port with its own fresh SQLite database, for HTTP tests.
// The server is ONE process (node with tsx's loader, not the tsx wrapper that forks a second node): a SIGKILL then
// kills the server itself, as a crash would, and never leaves it running as an orphan. Every server started is
// listed in the run's registry (tests/support/processes.ts), so the global teardown stops what a failed suite left.
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import type { Readable } from 'node:stream'
import os from 'node:os'
import path from 'node:path'
import { forgetProcess, registerProcess } from './processes'

export interface TestServer {
  url: string
  /** the server process itself (one process: node with tsx's loader) */
  pid: number | undefined
  databaseFile: string
  /** everything the server has written to stdout and stderr so far (its log lines) */
  output(): string
  stop(): Promise<void>
  /** SIGKILL: no shutdown, no flush — what a power cut or an OOM kill does to the process */
  kill(): Promise<void>
}

/** A port nothing listens on at the moment, on the loopback address (also the benchmarks'). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

export async function startTestServer(env: Record<string, string> = {}, options: { databaseFile?: string } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-http-'))
  const databaseFile = options.databaseFile ?? path.join(dir, 'app.db')
  const port = await freePort()
  const child: ChildProcess = spawnTsx(['server.ts'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseFile,
    SESSION_SECRET: 'http-test-secret',
    APP_NOW: '2026-11-29T02:00:00Z',
    ...env,
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('is serving')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    databaseFile,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL')
        await new Promise((r) => child.once('exit', r))
      }
    },
  }
}

/**
 * A TypeScript entry point run as one node process with tsx's loader (what `tsx FILE` runs in a child process),
 * registered so that the run's teardown can stop it if the test that started it never does.
 */
export function spawnTsx(args: string[], env: Record<string, string> = {}): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  if (child.pid !== undefined) {
    const pid = child.pid
    registerProcess(pid)
    child.once('exit', () => forgetProcess(pid))
  }
  return child
}

/** A tiny cookie-keeping client: what a browser does with Set-Cookie, enough for these tests. */
export class Browser {
  cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', this.cookieHeader)
    const res = await fetch(this.base + pathname, { ...init, headers, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const [name, value] = pair.split('=')
      const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))
      if (expired || value === '') this.cookies.delete(name.trim())
      else this.cookies.set(name.trim(), value)
    }
    return res
  }

  get(pathname: string) {
    return this.request(pathname)
  }

  post(pathname: string, form: Record<string, string>) {
    return this.request(pathname, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  }

  signIn(username: string, password = 'qinghe-demo') {
    return this.post('/login', { username, password })
  }
}

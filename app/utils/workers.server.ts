// Work that could hold the request thread for seconds — reading an uploaded roster, building a large .docx — runs in
// a worker thread with a time limit (docs/decisions/007-untrusted-files-and-workers.md). A worker past its limit is
// terminated, wherever it is; a task that waits for a free worker past its limit is given up as busy.
//
// The workers are TypeScript files under app/workers/, loaded through tsx's loader (registered inside each worker), so
// the same files run under `npm start` (tsx server.ts with the Remix bundle), in the tests (Vitest, and the test
// server) and from the command line — nothing extra to build. The bundle cannot tell where the sources are from its
// own URL, so server.ts leaves the project's folder on globalThis.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { logger } from './logger.server'

declare global {
  var __zhenggaitongRoot: string | undefined
}

export type WorkerOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'busy' | 'failed' | 'outOfMemory' }

export interface WorkerTask {
  /** the worker's module, from the project's folder ('app/workers/readRoster.worker.ts'); it exports handle(input) */
  entry: string
  input: unknown
  /** the whole task, waiting for a worker included */
  timeLimitMs: number
  /** the worker's heap; past it the worker ends with outOfMemory */
  memoryMb?: number
  /** what the worker sends before its answer (handle's second argument, send(part)) */
  onPart?: (part: unknown) => void
}

/** Workers running at once: the server has few cores and the request thread needs one. */
const MAX_RUNNING = Math.max(1, Number(process.env.WORKER_CONCURRENCY) || 2)
/** Tasks waiting for a worker; past this a new task is refused as busy at once. */
const MAX_WAITING = 16

let running = 0
const waiting: Array<() => void> = []
/** idle workers by entry and heap size, kept warm: starting one (tsx, the module graph) costs about a second */
const idle = new Map<string, Worker[]>()

function projectRoot(): string {
  if (globalThis.__zhenggaitongRoot) return globalThis.__zhenggaitongRoot
  // from the sources (tests, command line) this file is app/utils/workers.server.ts
  const fromSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  if (fs.existsSync(path.join(fromSource, 'app', 'workers'))) return fromSource
  return process.cwd()
}

/**
 * The worker's script: register tsx's loader, import the entry, then answer each input with { value } or { error },
 * after any { part } that handle(input, send) sends on the way.
 */
function bootstrap(root: string, entry: string): string {
  // tsx/esm/api's ESM build (its "import" export); require.resolve would give the CommonJS one
  const tsxFolder = path.dirname(createRequire(path.join(root, 'package.json')).resolve('tsx/package.json'))
  const tsx = pathToFileURL(path.join(tsxFolder, 'dist', 'esm', 'api', 'index.mjs')).href
  const file = pathToFileURL(path.join(root, entry)).href
  const tsconfig = path.join(root, 'tsconfig.json')
  return `
const { parentPort } = require('node:worker_threads')
const ready = import(${JSON.stringify(tsx)})
  .then((m) => m.register({ tsconfig: ${JSON.stringify(tsconfig)} }))
  .then(() => import(${JSON.stringify(file)}))
parentPort.on('message', (input) => {
  ready
    .then((m) => m.handle(input, (part) => parentPort.postMessage({ part })))
    .then((value) => parentPort.postMessage({ value }), (error) => parentPort.postMessage({ error: String(error && error.stack || error) }))
})`
}

/** How long an idle worker is kept warm (WORKER_IDLE_MS, default 5 minutes; 0: ended at once, as the command line does). */
function idleMs(): number {
  const ms = Number(process.env.WORKER_IDLE_MS ?? 300_000)
  return Number.isFinite(ms) && ms >= 0 ? ms : 300_000
}

const idleTimers = new WeakMap<Worker, NodeJS.Timeout>()

function takeWorker(task: WorkerTask): Worker {
  const key = `${task.entry}|${task.memoryMb ?? 1024}`
  const warm = idle.get(key)?.pop()
  if (warm) {
    clearTimeout(idleTimers.get(warm))
    warm.ref()
    return warm
  }
  return new Worker(bootstrap(projectRoot(), task.entry), {
    eval: true,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: task.memoryMb ?? 1024 },
  })
}

const pooled = new WeakSet<Worker>()

function keepWorker(task: WorkerTask, worker: Worker) {
  const key = `${task.entry}|${task.memoryMb ?? 1024}`
  const list = idle.get(key) ?? []
  if (list.length >= MAX_RUNNING || idleMs() === 0) return void worker.terminate()
  // an idle worker must not keep a command-line run (or a test) alive, nor end the server when it exits; these two
  // listeners go on once per worker, not on every return to the pool (they would pile up on a warm worker)
  if (!pooled.has(worker)) {
    pooled.add(worker)
    worker.on('error', () => undefined)
    worker.once('exit', () => {
      const at = list.indexOf(worker)
      if (at >= 0) list.splice(at, 1)
    })
  }
  worker.unref()
  list.push(worker)
  idle.set(key, list)
  const timer = setTimeout(() => {
    const at = list.indexOf(worker)
    if (at >= 0) list.splice(at, 1)
    void worker.terminate()
  }, idleMs())
  timer.unref()
  idleTimers.set(worker, timer)
}

/**
 * Runs one task in a worker: handle(input) of the entry module. Resolves — never rejects — with the value or why
 * there is none. A worker past the time limit is terminated (and not reused); one that answered is kept warm.
 */
export function runInWorker<T>(task: WorkerTask): Promise<WorkerOutcome<T>> {
  return new Promise((resolve) => {
    let worker: Worker | null = null
    let settled = false
    let queued: (() => void) | null = null
    const finish = (outcome: WorkerOutcome<T>, reusable = false) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (queued) {
        const at = waiting.indexOf(queued)
        if (at >= 0) waiting.splice(at, 1)
      }
      if (worker) {
        // only this task's listeners: Worker keeps its own on itself (removeAllListeners would deafen it)
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        if (reusable) keepWorker(task, worker)
        else {
          worker.on('error', () => undefined)
          void worker.terminate()
        }
        running--
        waiting.shift()?.()
      }
      resolve(outcome)
    }
    const timer = setTimeout(() => finish({ ok: false, reason: worker ? 'timeout' : 'busy' }), task.timeLimitMs)
    const onMessage = (message: { value?: T; error?: string; part?: unknown }) => {
      if (message && 'part' in message) task.onPart?.(message.part)
      else if (message && 'value' in message) finish({ ok: true, value: message.value as T }, true)
      else {
        logger.error({ worker: task.entry, error: message?.error ?? 'no answer' }, 'worker failed')
        finish({ ok: false, reason: 'failed' })
      }
    }
    const onError = (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return finish({ ok: false, reason: 'outOfMemory' })
      logger.error({ worker: task.entry, error: error.message }, 'worker failed')
      finish({ ok: false, reason: 'failed' })
    }
    const onExit = () => finish({ ok: false, reason: 'failed' })
    const start = () => {
      queued = null
      if (settled) return
      running++
      try {
        worker = takeWorker(task)
      } catch (error) {
        logger.error({ worker: task.entry, error: (error as Error).message }, 'worker did not start')
        running--
        settled = true
        clearTimeout(timer)
        waiting.shift()?.()
        resolve({ ok: false, reason: 'failed' })
        return
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
      worker.postMessage(task.input)
    }
    if (running < MAX_RUNNING) start()
    else if (waiting.length >= MAX_WAITING) finish({ ok: false, reason: 'busy' })
    else {
      queued = start
      waiting.push(start)
    }
  })
}

// The run's registry of processes that tests start (built servers, command-line imports). Each start writes a file
// named after the pid into a folder the global set-up chose for this run; each clean exit removes it. The global
// teardown (tests/support/global-setup.ts) kills whatever is still listed, so a suite that fails half-way, or a
// worker that dies, never leaves a server holding a port after `npm test` has ended.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const REGISTRY_ENV = 'ZGT_TEST_PROCESSES'

function registryDir(): string | undefined {
  return process.env[REGISTRY_ENV]
}

export function createRegistry(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zgt-test-processes-'))
  process.env[REGISTRY_ENV] = dir
  return dir
}

export function registerProcess(pid: number) {
  const dir = registryDir()
  if (dir) fs.writeFileSync(path.join(dir, String(pid)), '')
}

export function forgetProcess(pid: number) {
  const dir = registryDir()
  if (dir) fs.rmSync(path.join(dir, String(pid)), { force: true })
}

/** Kill every process still listed and wait (up to 10 s) until they are gone; returns the pids that were running. */
export async function killRegistered(dir: string): Promise<number[]> {
  const killed: number[] = []
  if (!fs.existsSync(dir)) return killed
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0) continue
    try {
      process.kill(pid, 'SIGKILL')
      killed.push(pid)
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true })
  const until = Date.now() + 10_000
  while (killed.some(isRunning) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  return killed
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

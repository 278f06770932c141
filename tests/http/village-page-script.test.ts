// The village page is opened on cheap phones: its browser script must not carry the workflow machine (XState, about
// 21 kB gzipped) only to draw a static diagram — the layout comes from the server (issue 12).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// the global set-up has just built the app, into ZGT_BUILD_DIR when set (remix.config.js), else build/
const buildDir = process.env.ZGT_BUILD_DIR ? path.resolve(repoRoot, process.env.ZGT_BUILD_DIR) : path.join(repoRoot, 'build')

interface Metafile {
  outputs: Record<string, { imports?: Array<{ path: string; kind: string }>; inputs?: Record<string, unknown>; entryPoint?: string }>
}

describe("the village page's browser script", () => {
  it('does not contain the workflow machine (XState)', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(buildDir, 'metafile.js.json'), 'utf8')) as Metafile
    const entry = Object.keys(meta.outputs).find((key) => /routes\/villages\.\$villageId\._index-[^/]+\.js$/.test(key))
    expect(entry, 'the village page has its own chunk').toBeDefined()
    // every chunk the page loads up front (static imports, transitively)
    const loaded = new Set<string>()
    const queue = [entry as string]
    while (queue.length) {
      const chunk = queue.pop() as string
      if (loaded.has(chunk)) continue
      loaded.add(chunk)
      for (const i of meta.outputs[chunk]?.imports ?? []) if (i.kind === 'import-statement') queue.push(i.path)
    }
    const withMachine = [...loaded].filter((chunk) =>
      Object.keys(meta.outputs[chunk]?.inputs ?? {}).some((input) => input.includes('node_modules/xstate/') || input.includes('workflows/campaignMachine')),
    )
    expect(withMachine).toEqual([])
    expect(loaded.size).toBeGreaterThan(1)
  })
})

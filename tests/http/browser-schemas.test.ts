// Form schemas live on the server (ADR 005, issue 12): every form is parsed in app/forms/*.server.ts, so no script a
// browser loads carries zod (about 60 kB) or a schema. Reads the build's metafile, as village-page-script.test.ts does.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// the global set-up has just built the app, into ZGT_BUILD_DIR when set (remix.config.js), else build/
const buildDir = process.env.ZGT_BUILD_DIR ? path.resolve(repoRoot, process.env.ZGT_BUILD_DIR) : path.join(repoRoot, 'build')

interface Metafile {
  outputs: Record<string, { inputs?: Record<string, unknown> }>
}

describe('the browser scripts', () => {
  it('carry no zod and no form schema, in any chunk of any page', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(buildDir, 'metafile.js.json'), 'utf8')) as Metafile
    const chunks = Object.keys(meta.outputs).filter((key) => key.endsWith('.js'))
    expect(chunks.length).toBeGreaterThan(10)
    const offending = chunks.flatMap((chunk) =>
      Object.keys(meta.outputs[chunk].inputs ?? {})
        .filter((input) => input.includes('node_modules/zod/') || input.includes('node_modules/@conform-to/zod/') || input.includes('app/forms/'))
        .map((input) => `${chunk}: ${input}`),
    )
    expect(offending).toEqual([])
  })
})

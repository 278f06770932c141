// A fresh clone's `npm test` needs nothing outside the repository (issue 11, finding 18): the roster-import suites
// once read the workspace's sample roster from beside the repository. Every path written in the tests must stay inside.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(full)
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [full] : []
  })
}

/** Every quoted relative path in a file that leads outside the repository, from the file or from the root. */
function pathsLeavingTheRepository(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const inside = (p: string) => p === repoRoot || p.startsWith(repoRoot + path.sep)
  const found: string[] = []
  for (const match of text.matchAll(/(['"`])(\.\.?\/[^'"`\s]*)\1/g)) {
    const literal = match[2]
    // an import resolves from the file; a data path is usually resolved from the repository's root
    const fromFile = path.resolve(path.dirname(file), literal)
    const fromRoot = path.resolve(repoRoot, literal)
    if (!inside(fromFile) || (/\.(xlsx|xls|csv|json|ods|et|docx)$/.test(literal) && !inside(fromRoot)))
      found.push(`${path.relative(repoRoot, file)}: ${literal}`)
  }
  return found
}

describe('the test suite', () => {
  it('reads no file outside the repository, so a fresh clone can run it', () => {
    const offenders = filesUnder(path.join(repoRoot, 'tests'))
      .filter((file) => file !== fileURLToPath(import.meta.url))
      .flatMap(pathsLeavingTheRepository)
    expect(offenders).toEqual([])
  })

  it('has the sample roster and its answer key in tests/fixtures', () => {
    expect(fs.existsSync(path.join(repoRoot, 'tests/fixtures/roster-qinghe.xlsx'))).toBe(true)
    expect(JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/fixtures/roster-qinghe.key.json'), 'utf8'))).toBeTruthy()
  })
})

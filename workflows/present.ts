// For a value the code knows is there — a map filled from the same list a moment ago, a row a query always returns,
// a field the form's schema requires — instead of a `!` that would let a broken promise run on as `undefined`.
// Pure, so the app, the seed, db/ and the benchmarks may all use it.

/** The value, or an Error naming what was missing (a bug, never a user's mistake). */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`)
  return value
}

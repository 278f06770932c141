// Where a sign-in may send the user afterwards (`redirectTo`): only a path of this site. Pure, for unit tests.
const BASE = 'http://app.invalid'
// control characters (tab, CR, LF… which a browser strips from URLs), DEL, and backslashes (read as '/')
const UNSAFE = /[\u0000-\u001f\u007f\\]/

function staysHere(candidate: string): URL | null {
  if (!candidate.startsWith('/') || candidate.startsWith('//') || UNSAFE.test(candidate)) return null
  let url: URL
  try {
    url = new URL(candidate, BASE)
  } catch {
    return null
  }
  // '/a/..//evil.example' resolves to the path '//evil.example', which a browser reads as another host
  if (url.origin !== BASE || url.pathname.startsWith('//')) return null
  return url
}

/**
 * `target` as a path of this site (path, query and fragment), or `fallback`. Refuses other hosts however they are
 * written: '//host', '/\host', 'https:…', control characters, and the same tricks percent-encoded once or twice
 * ('/%09/host', '/%2F/host', '/%5Chost'), since a client-side router decodes before it navigates.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback
  const url = staysHere(target)
  if (!url) return fallback
  let decoded = target
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    try {
      decoded = decodeURIComponent(decoded)
    } catch {
      return fallback
    }
    if (!staysHere(decoded)) return fallback
  }
  const path = url.pathname + url.search + url.hash
  return staysHere(path) ? path : fallback
}

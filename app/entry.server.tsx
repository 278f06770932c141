// Remix's Node entry, with two changes:
// - the CSP nonce: every inline script Remix renders carries it, so the Content-Security-Policy (server.ts) can
//   forbid all other inline script;
// - renderToString instead of the streaming renderer: React 18.3's Node streaming renderer writes a stray NUL byte
//   where a multi-byte (Chinese) character meets the edge of its 2 KB buffer, which corrupted our pages
//   (tests/http/security-headers.test.ts checks for it). No page here streams deferred data, so nothing is lost.
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { NonceProvider } from './utils/nonce'

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : ''
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} />
    </NonceProvider>,
  )
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode })
}

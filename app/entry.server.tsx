// Remix's Node entry, with two changes:
// - the CSP nonce: every inline script Remix renders carries it, so the Content-Security-Policy (server.ts) can
//   forbid all other inline script;
// - renderToString instead of the streaming renderer: React 18.3's Node streaming renderer writes a stray NUL byte
//   where a multi-byte (Chinese) character meets the edge of its 2 KB buffer, which corrupted our pages
//   (tests/http/security-headers.test.ts checks for it). No page here streams deferred data, so nothing is lost.
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { logger } from './utils/logger.server'
import { NonceProvider } from './utils/nonce'
import { timeRender } from './utils/requestContext.server'

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : ''
  // timed into the Server-Timing header (render;dur=…)
  const html = timeRender(() =>
    renderToString(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} />
      </NonceProvider>,
    ),
  )
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode })
}

/**
 * A loader, action or render that threw: logged as one structured line (with the request's id, never its URL: an
 * error's message may quote it). A request the client gave up on, and a URL no route answers, are no errors.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return
  if (isRouteErrorResponse(error) && error.status === 404) return
  logger.error({ err: error }, 'request failed')
}

/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import '@remix-run/node'
declare module '@remix-run/node' {
  interface AppLoadContext {
    /** this request's Content-Security-Policy nonce (server.ts) */
    cspNonce?: string
  }
}

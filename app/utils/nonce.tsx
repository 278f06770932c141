// The per-request CSP nonce (server.ts makes it): the server renders it onto Remix's inline scripts.
// In the browser the value is '' — browsers hide nonce attributes from script anyway.
import { createContext, useContext } from 'react'

const NonceContext = createContext('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)

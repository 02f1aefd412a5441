import { createContext, useContext } from 'react'

const NonceContext = createContext<string>('')
export const NonceProvider = NonceContext.Provider

/** The CSP nonce of this response; every script the page renders must carry it. */
export function useNonce(): string {
  return useContext(NonceContext)
}

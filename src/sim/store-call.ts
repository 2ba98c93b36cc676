import type { MemoryStore, PlainData } from '../connect/index.ts'
import { quote } from './quote.ts'

/** The store methods a reader can call directly (get and set are the middleware's; regenerate needs a request). */
export const STORE_METHODS = ['clear', 'all', 'length', 'destroy'] as const

/** One of the store methods a reader can call. */
export type StoreMethod = (typeof STORE_METHODS)[number]

/** A direct call of a store method: `destroy` names the key (fingerprint) to remove. */
export type StoreCall = { readonly method: 'clear' | 'all' | 'length' } | { readonly method: 'destroy'; readonly key: string }

/** What a store method called back with. */
export type StoreCallResult =
  | { readonly method: 'clear'; readonly removed: number }
  | { readonly method: 'all'; readonly sessions: readonly PlainData[] }
  | { readonly method: 'length'; readonly length: number }
  | { readonly method: 'destroy'; readonly key: string; readonly destroyed: boolean }

/** Checks a store call from outside (a click, a test, a scenario), naming what is wrong. */
export function checkStoreCall(value: unknown): StoreCall {
  if (typeof value !== 'object' || value === null) throw new TypeError('storeCall({ method, key? }): the call must be an object')
  const { method, key } = value as { method?: unknown; key?: unknown }
  if (!(STORE_METHODS as readonly unknown[]).includes(method)) {
    throw new TypeError(`storeCall: method must be one of ${STORE_METHODS.join(', ')}; got ${quote(method)}`)
  }
  if (method === 'destroy') {
    if (typeof key !== 'string' || key === '') throw new TypeError('storeCall: destroy needs the key (fingerprint) of the session to remove')
    return { method, key }
  }
  if (key !== undefined) throw new TypeError(`storeCall: ${method as string} takes no key`)
  return { method: method as 'clear' | 'all' | 'length' }
}

/**
 * Calls the method on the MemoryStore itself, not through the fault layer: the faults model the middleware's traffic
 * to a remote store, while these calls stand for someone inspecting the store, and every MemoryStore callback is
 * synchronous, so the result is known when this returns.
 */
export function callStore(store: MemoryStore, call: StoreCall): StoreCallResult {
  // Filled by the callbacks, which MemoryStore calls before returning.
  const out: { result?: StoreCallResult; error?: Error | null } = {}
  switch (call.method) {
    case 'clear': {
      const removed = store.size
      store.clear((err) => {
        out.error = err
        out.result = { method: 'clear', removed }
      })
      break
    }
    case 'all':
      store.all((err, sessions) => {
        out.error = err
        out.result = { method: 'all', sessions: sessions ?? [] }
      })
      break
    case 'length':
      store.length((err, length) => {
        out.error = err
        out.result = { method: 'length', length: length ?? 0 }
      })
      break
    case 'destroy':
      store.destroy(call.key, (err, destroyed) => {
        out.error = err
        out.result = { method: 'destroy', key: call.key, destroyed }
      })
      break
  }
  if (out.error) throw out.error
  if (out.result === undefined) throw new Error(`store.${call.method} did not call back synchronously`)
  return out.result
}

/** What a store method called back with, in words (`callback(null, 2)`). */
export function describeResult(res: StoreCallResult): string {
  switch (res.method) {
    case 'clear':
      return `callback(null): ${res.removed} session${res.removed === 1 ? '' : 's'} removed`
    case 'all':
      return `callback(null, [${res.sessions.length} session${res.sessions.length === 1 ? '' : 's'}])`
    case 'length':
      return `callback(null, ${res.length})`
    case 'destroy':
      return `callback(null, ${String(res.destroyed)})`
  }
}

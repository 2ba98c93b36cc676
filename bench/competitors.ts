/**
 * Loading the competitors from node_modules: the original connect 0.2.1 session files (CommonJS,
 * 2010) and express-session's MemoryStore. Only the files the bench needs are required; connect's
 * lib/connect/index.js is deliberately not loaded because it patches Object.prototype.
 */
import { createRequire } from 'node:module'
import type { AnyLayer } from './fake-http.ts'

const require = createRequire(import.meta.url)

type Callback<T = unknown> = (err?: unknown, value?: T) => void

/** connect 0.2.1 `lib/connect/middleware/session/memory.js` */
export interface LegacyMemoryStore {
  sessions: Record<string, unknown>
  maxAge: number
  cookie: Record<string, unknown>
  get(hash: string, fn: Callback): void
  set(hash: string, sess: unknown, fn?: Callback): void
  reap(ms: number): void
  all(fn: Callback<unknown[]>): void
  length(fn: Callback<number>): void
  clear(fn?: Callback): void
}

export interface Connect021 {
  MemoryStore: new (options?: { reapInterval?: number; maxAge?: number; cookie?: Record<string, unknown> }) => LegacyMemoryStore
  session: (options: { store: LegacyMemoryStore; fingerprint?: (req: unknown) => string }) => AnyLayer
  cookieDecoder: () => AnyLayer
  utils: { md5(str: string, encoding?: string): string }
  version: string
}

/**
 * Requires connect 0.2.1's session pieces under Node 20. Shims: `process.ENOENT` (Node 0.2 had it) and
 * `process.connectEnv`, set only when absent; deprecation warnings (connect requires the `sys` module)
 * are muted while requiring and the previous setting is restored afterwards.
 */
export function loadConnect021(): Connect021 {
  const proc = process as NodeJS.Process & { ENOENT?: number; connectEnv?: string }
  if (proc.ENOENT === undefined) proc.ENOENT = 2
  if (proc.connectEnv === undefined) proc.connectEnv = 'production'
  const previous = process.noDeprecation
  process.noDeprecation = true
  try {
    const pkg = require('connect/package.json') as { version: string }
    const loaded: Connect021 = {
      MemoryStore: require('connect/lib/connect/middleware/session/memory.js') as Connect021['MemoryStore'],
      session: require('connect/lib/connect/middleware/session.js') as Connect021['session'],
      cookieDecoder: require('connect/lib/connect/middleware/cookieDecoder.js') as Connect021['cookieDecoder'],
      utils: require('connect/lib/connect/utils.js') as Connect021['utils'],
      version: pkg.version,
    }
    if (typeof loaded.MemoryStore !== 'function') throw new Error('connect 0.2.1 memory.js did not export a constructor')
    return loaded
  } finally {
    process.noDeprecation = previous
  }
}

/** express-session's MemoryStore: callback API, JSON-serialised entries, callbacks deferred with setImmediate. */
export interface ExpressMemoryStore {
  sessions: Record<string, string>
  get(sid: string, cb: (err: unknown, sess?: unknown) => void): void
  set(sid: string, sess: unknown, cb?: (err?: unknown) => void): void
  all(cb: (err: unknown, sessions?: Record<string, unknown>) => void): void
  length(cb: (err: unknown, n?: number) => void): void
}

export interface ExpressSessionOptions {
  secret: string
  store: ExpressMemoryStore
  resave?: boolean
  saveUninitialized?: boolean
  rolling?: boolean
  cookie?: Record<string, unknown>
}

export interface ExpressSession {
  session: (options: ExpressSessionOptions) => AnyLayer
  MemoryStore: new () => ExpressMemoryStore
  version: string
}

export function loadExpressSession(): ExpressSession {
  const mod = require('express-session') as ExpressSession['session'] & { MemoryStore: ExpressSession['MemoryStore'] }
  const pkg = require('express-session/package.json') as { version: string }
  return { session: mod, MemoryStore: mod.MemoryStore, version: pkg.version }
}

/** True when something (e.g. connect's index.js) has added enumerable-or-not helpers to Object.prototype. */
export function objectPrototypePatched(): boolean {
  return Object.prototype.hasOwnProperty.call(Object.prototype, 'forEach') || Object.prototype.hasOwnProperty.call(Object.prototype, 'map')
}

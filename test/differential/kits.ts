// The two implementations the differential test drives through one interface: the real connect@0.2.1 package
// (CommonJS, 2010) and our library, in 2010 mode (every quirk) or in default mode. A script builds its server from
// a kit and never knows which one it has.
import http from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import {
  cookieDecoder,
  createServer,
  MemoryStore,
  session,
  type App,
  type Handler,
  type Quirk,
  type Store,
} from '../../src/connect/index.ts'

const require = createRequire(import.meta.url)

/** A layer as both implementations call it. */
export type AnyLayer = (...args: never[]) => unknown

/** Options a script may give a store. */
export interface StoreInit {
  reapInterval?: number
  maxAge?: number
  cookie?: Record<string, string | boolean>
}

/** What a script builds servers from. */
export interface Kit {
  readonly name: 'connect-0.2.1' | 'ours-2010' | 'ours-today'
  memoryStore(init?: StoreInit): unknown
  session(options?: { store?: unknown; fingerprint?: (req: never) => string }): AnyLayer
  cookieDecoder(): AnyLayer
  /** A server (or app) made of layers; usable as a layer of another server (mounting). */
  createServer(...layers: unknown[]): unknown
  /** Listens on 127.0.0.1 and resolves with the port. */
  listen(server: unknown): Promise<{ port: number; close(): Promise<void> }>
  /** The store's entries, normalised for comparison (key order kept). */
  entries(store: unknown): [string, unknown][]
}

interface ConnectModule {
  createServer(...layers: unknown[]): http.Server
  session: ((options?: object) => AnyLayer) & Record<string, unknown>
  cookieDecoder: () => AnyLayer
}

/** Loads connect 0.2.1 with the shims of the era it needs on today's Node (see the behaviour study, section 0). */
export function loadConnect(): { connect: ConnectModule; MemoryStore: new (o?: object) => { sessions: Record<string, unknown> } } {
  const proc = process as NodeJS.Process & { connectEnv?: unknown }
  // 404 bodies `Cannot GET /…` as in 2010's own tests (CONNECT_ENV=test); read once, when index.js loads.
  proc.connectEnv ??= { name: 'test', post: 3000, host: null }
  const previous = process.noDeprecation
  process.noDeprecation = true // connect requires the `sys` module
  try {
    return {
      connect: require('connect/lib/connect/index.js') as ConnectModule,
      MemoryStore: require('connect/lib/connect/middleware/session/memory.js') as new (o?: object) => { sessions: Record<string, unknown> },
    }
  } finally {
    process.noDeprecation = previous
  }
}

/** Makes plain, comparable data of a stored value: functions and undefined become labels, objects their own keys. */
export function normalise(value: unknown): unknown {
  if (value === undefined) return '(undefined)'
  if (typeof value === 'function') return `(function ${(value as { name?: string }).name ?? ''})`
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = normalise((value as Record<string, unknown>)[key])
  return out
}

function listenOn(server: http.Server): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve) => {
    // 0.2.1's own listen ignores host and callback, so Node's is called directly.
    const listen = http.Server.prototype.listen as (this: http.Server, port: number, host: string, cb: () => void) => http.Server
    listen.call(server, 0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      })
    })
  })
}

/** The kit of the real connect 0.2.1. */
export function connectKit(): Kit {
  const { connect, MemoryStore: LegacyStore } = loadConnect()
  return {
    name: 'connect-0.2.1',
    memoryStore: (init = {}) => new LegacyStore({ reapInterval: -1, ...init }),
    session: (options) => connect.session(options),
    cookieDecoder: () => connect.cookieDecoder(),
    createServer: (...layers) => connect.createServer(...layers),
    listen: (server) => listenOn(server as http.Server),
    entries: (store) => {
      const sessions = (store as { sessions: Record<string, unknown> }).sessions
      return Object.keys(sessions).map((k) => [k, normalise(sessions[k])])
    },
  }
}

/** The kit of our library, with every quirk on ('2010') or none. */
export function ourKit(mode: '2010' | 'today'): Kit {
  const quirks: '2010' | undefined = mode === '2010' ? '2010' : undefined
  const q = quirks === undefined ? {} : { quirks }
  return {
    name: mode === '2010' ? 'ours-2010' : 'ours-today',
    memoryStore: (init = {}) => new MemoryStore({ reapInterval: -1, ...init, ...q }),
    session: (options = {}) => session({ ...(options as { store?: Store; fingerprint?: () => string }), ...q }) as unknown as AnyLayer,
    cookieDecoder: () => cookieDecoder(q) as unknown as AnyLayer,
    createServer: (...layers) => createServer(q, ...(layers as Handler[])),
    listen: (server) => listenOn(http.createServer(server as App)),
    entries: (store) => (store as MemoryStore).entries().map(({ key, data }) => [key, normalise(data)]),
  }
}

/** The quirk ids a kit runs with, for messages. */
export type { Quirk }

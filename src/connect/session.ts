import { assertClock, type Clock } from './clock.ts'
import { COOKIE_NAME, installCommit, type CommitContext } from './commit.ts'
import { SessionCookieWriter } from './cookie.ts'
import { defaultFingerprint, fingerprintWithAddress, type Fingerprint } from './default-fingerprint.ts'
import { Emitter, type ErrorStage, type GenerateReason, type Listener, type SessionEvent } from './events.ts'
import { randomId } from './genid.ts'
import type { Handler, Request } from './http-types.ts'
import { ADOPT, MemoryStore, type AdoptingStore } from './memory-store.ts'
import { bindContext } from './request-context.ts'
import type { PlainData } from './plain-data.ts'
import { Session } from './session-class.ts'
import { assertKnownOptions } from './options.ts'
import { asError, Store } from './store.ts'
import { trustedProxy, type TrustProxy } from './trusted-proxy.ts'

export type { Fingerprint }

export interface SessionOptions {
  /** Where sessions live; default a new MemoryStore of this middleware's own (fixes Q1/Q2). */
  store?: Store
  /** Store key of a request; default md5(id + remoteAddress + User-Agent). Its result is used as is. */
  fingerprint?: Fingerprint
  /** Session id generator; default 128 random bits as hex. */
  genid?: () => string
  /** Source of time for lastAccess and cookie expiry; default the store's clock. */
  clock?: Clock
  /**
   * Behind a reverse proxy: the proxies (addresses, or a test) whose `X-Forwarded-For` names the client address the
   * default fingerprint uses. Without it every client behind the proxy has the proxy's address. Default: none.
   */
  trustProxy?: TrustProxy
}

/** The session middleware with its store and an event subscription API. */
export interface SessionMiddleware extends Handler {
  readonly store: Store
  readonly clock: Clock
  /** Subscribes to every decision the middleware takes; returns the unsubscribe function. */
  on(listener: Listener<SessionEvent>): () => void
  /** Unsubscribes a listener. */
  off(listener: Listener<SessionEvent>): void
}

export const MISSING_DECODER_MESSAGE = 'session requires cookieDecoder to work properly'

function isStoreLike(value: unknown): value is Store {
  const s = value as Partial<Store> | null
  return typeof s === 'object' && s !== null && typeof s.get === 'function' && typeof s.set === 'function'
}

/** Builds the session middleware. cookieDecoder must come before it in the stack. */
export function session(options: SessionOptions = {}): SessionMiddleware {
  if (typeof options !== 'object' || options === null) throw new TypeError('session(options): options must be an object')
  assertKnownOptions(options, ['store', 'fingerprint', 'genid', 'clock', 'trustProxy'], 'session')
  if (options.store !== undefined && !isStoreLike(options.store)) {
    throw new TypeError('session: store must be a Store (an object with get(hash, cb) and set(hash, data, cb))')
  }
  if (options.fingerprint !== undefined && typeof options.fingerprint !== 'function') {
    throw new TypeError('session: fingerprint must be a function (req) => string')
  }
  if (options.genid !== undefined) {
    if (typeof options.genid !== 'function') throw new TypeError('session: genid must be a function () => string')
    const probe: unknown = options.genid()
    if (typeof probe !== 'string' || probe === '') {
      throw new TypeError(`session: genid must return a non-empty string; it returned ${typeof probe === 'string' ? 'an empty string' : typeof probe}`)
    }
  }
  if (options.clock !== undefined) assertClock(options.clock)
  if (options.trustProxy !== undefined && options.fingerprint !== undefined) {
    throw new TypeError('session: trustProxy sets the address of the default fingerprint; a custom fingerprint reads it with trustedProxy(list)(req)')
  }
  const addressOf = options.trustProxy === undefined ? undefined : trustedProxy(options.trustProxy, 'session: trustProxy')

  const store = options.store ?? new MemoryStore(options.clock !== undefined ? { clock: options.clock } : {})
  const clock = options.clock ?? store.clock
  const fingerprint = options.fingerprint ?? (addressOf === undefined ? defaultFingerprint : fingerprintWithAddress(addressOf))
  const genid = options.genid ?? randomId
  const events = new Emitter<SessionEvent>()

  /** Computes and checks the key for the request's current session. */
  const keyOf = (req: Request): string => {
    const key: unknown = fingerprint(req)
    if (typeof key !== 'string' || key === '') {
      throw new TypeError(`fingerprint must return a non-empty string; it returned ${typeof key === 'string' ? 'an empty string' : typeof key}`)
    }
    if (events.active) {
      const inputs = typeof fingerprint.inputs === 'function' ? fingerprint.inputs(req) : null
      events.emit({ type: 'fingerprint', time: clock.now(), req, id: req.session?.id ?? '', key, inputs })
    }
    return key
  }

  /** A new id from genid, checked. */
  const newId = (): string => {
    const id: unknown = genid()
    if (typeof id !== 'string' || id === '') throw new TypeError(`genid must return a non-empty string; it returned ${typeof id}`)
    return id
  }

  /**
   * The one path that makes a session, new or regenerated: a new id, the request's session and key, the
   * announcement. Returns null, or the step that failed with its error.
   */
  const generate = (req: Request, reason: GenerateReason): { stage: 'genid' | 'fingerprint'; error: Error } | null => {
    let id: string
    try {
      id = newId()
    } catch (err) {
      return { stage: 'genid', error: asError(err) }
    }
    const fresh = new Session(req, id, clock)
    req.session = fresh
    try {
      req.sessionHash = keyOf(req)
    } catch (err) {
      return { stage: 'fingerprint', error: asError(err) }
    }
    if (events.active) events.emit({ type: 'generate', time: fresh.lastAccess, req, id, key: req.sessionHash, reason })
    return null
  }

  /** Gives the request a new session, or fails the request naming the step that failed. */
  const start = (req: Request, reason: GenerateReason, next: (e?: unknown) => void): boolean => {
    const failed = generate(req, reason)
    if (failed !== null) fail(req, failed.stage, failed.error, next)
    return failed === null
  }

  // A store that adopts copies (MemoryStore, or one forwarding to it) may keep the commit's fresh copy as is; any
  // other store, or a MemoryStore subclass with a set of its own, gets it through set, which copies.
  const adopts =
    typeof (store as Partial<AdoptingStore>)[ADOPT] === 'function' &&
    (!(store instanceof MemoryStore) || store.set === MemoryStore.prototype.set)
  const ctx: CommitContext = {
    store,
    clock,
    events,
    cookies: new SessionCookieWriter(),
    save(key, data, callback) {
      if (adopts) (store as unknown as AdoptingStore)[ADOPT](key, data, callback)
      else store.set(key, data, callback)
    },
    generate: (req, reason) => generate(req, reason)?.error ?? null,
  }

  function fail(req: Request, stage: ErrorStage, err: unknown, next: (e?: unknown) => void): void {
    // Nothing about this request is committed: no provisional session with the client's id survives (fixes Q16).
    delete req.session
    delete req.sessionHash
    const error = asError(err)
    if (events.active) events.emit({ type: 'error', time: clock.now(), req, stage, error })
    next(error)
  }

  const middleware: Handler = function session(req, res, next) {
    req.sessionStore = store
    const cookies = req.cookies
    if (cookies === undefined || cookies === null) {
      fail(req, 'decode', new Error(MISSING_DECODER_MESSAGE), next)
      return
    }
    bindContext(req, ctx)
    const sid = cookies[COOKIE_NAME]
    if (!sid) {
      if (!start(req, 'no-cookie', next)) return
      installCommit(req, res, ctx, next)
      next()
      return
    }
    let key: string
    try {
      req.session = new Session(req, sid, clock)
      key = keyOf(req)
    } catch (err) {
      fail(req, 'fingerprint', err, next)
      return
    }
    req.sessionHash = key
    let answered = false
    const lookedUp = (err: Error | null, data?: PlainData | null): void => {
      // A store that calls back twice must not run the rest of the stack twice.
      if (answered) return
      answered = true
      if (err) {
        fail(req, 'lookup', err, next)
        return
      }
      if (data) {
        if (events.active) events.emit({ type: 'lookup', time: clock.now(), req, key, result: 'hit' })
        const loaded = new Session(req, data, clock)
        req.session = loaded
        if (events.active) events.emit({ type: 'load', time: clock.now(), req, id: loaded.id, key })
        loaded.touch()
      } else {
        if (events.active) events.emit({ type: 'lookup', time: clock.now(), req, key, result: 'miss' })
        if (!start(req, 'store-miss', next)) return
      }
      installCommit(req, res, ctx, next)
      next()
    }
    try {
      store.get(key, lookedUp)
    } catch (err) {
      // A store that throws instead of calling back fails the lookup; once it has answered, the stack owns the error.
      if (answered) throw err
      answered = true
      fail(req, 'lookup', err, next)
    }
  }

  return Object.assign(middleware, {
    store,
    clock,
    on: (listener: Listener<SessionEvent>) => events.on(listener),
    off: (listener: Listener<SessionEvent>) => events.off(listener),
  })
}

session.Store = Store
session.MemoryStore = MemoryStore
session.Session = Session

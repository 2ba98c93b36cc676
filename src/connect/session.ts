import { assertClock, type Clock } from './clock.ts'
import { COOKIE_NAME, installCommit, type CommitContext } from './commit.ts'
import { SessionCookieWriter } from './cookie.ts'
import { installCommit2010, commitQuirksOf } from './commit-2010.ts'
import { defaultFingerprint, fingerprintWithAddress, latin1Fingerprint, type Fingerprint } from './default-fingerprint.ts'
import { Emitter, type ErrorStage, type GenerateReason, type Listener, type SessionEvent } from './events.ts'
import { randomId } from './genid.ts'
import type { Handler, Request, Response } from './http-types.ts'
import { ADOPT, MemoryStore, type AdoptingStore } from './memory-store.ts'
import { bindContext } from './request-context.ts'
import type { PlainData } from './plain-data.ts'
import { Session } from './session-class.ts'
import { assertKnownOptions } from './options.ts'
import { resolveQuirks, uid2010, type QuirksOption } from './quirks.ts'
import { loadSession2010 } from './session-2010.ts'
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
  /**
   * 2010 mode: `'2010'` or a list of quirk ids brings connect 0.2.1's behaviour back on purpose (see QUIRKS); ids of
   * other parts are ignored here. Default: none, the fixed behaviour.
   */
  quirks?: QuirksOption
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

// Quirk `shared-global-store`: 2010 assigned the store to an undeclared variable, one global for the process.
const globalStore: { current: Store | undefined } = { current: undefined }

function isStoreLike(value: unknown): value is Store {
  const s = value as Partial<Store> | null
  return typeof s === 'object' && s !== null && typeof s.get === 'function' && typeof s.set === 'function'
}

/** Builds the session middleware. cookieDecoder must come before it in the stack. */
export function session(options: SessionOptions = {}): SessionMiddleware {
  if (typeof options !== 'object' || options === null) throw new TypeError('session(options): options must be an object')
  assertKnownOptions(options, ['store', 'fingerprint', 'genid', 'clock', 'trustProxy', 'quirks'], 'session')
  const quirks = resolveQuirks(options.quirks, 'session', 'session')
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

  if (options.store === undefined && quirks.has('broken-default-store')) {
    throw new TypeError(
      "MemoryStore is not a constructor (quirk 'broken-default-store': connect 0.2.1 imported MemoryStore under a name its module did not export); pass a store",
    )
  }
  const ownStore =
    options.store ??
    new MemoryStore({ ...(options.clock !== undefined ? { clock: options.clock } : {}), ...(options.quirks !== undefined ? { quirks: options.quirks } : {}) })
  const sharesGlobal = quirks.has('shared-global-store')
  if (sharesGlobal) globalStore.current = ownStore
  // Reassigned per request only under `shared-global-store`, which reads the process-wide store each time.
  let store = ownStore
  const clock = options.clock ?? store.clock
  const fingerprint =
    options.fingerprint ??
    (quirks.has('latin1-fingerprint')
      ? latin1Fingerprint(addressOf)
      : addressOf === undefined
        ? defaultFingerprint
        : fingerprintWithAddress(addressOf))
  const genid = options.genid ?? (quirks.has('math-random-ids') ? () => uid2010() : randomId)
  // Chosen once: a middleware without quirks runs exactly the default path.
  const commitQuirks = commitQuirksOf(quirks)
  const install = commitQuirks === null ? installCommit : installCommit2010(commitQuirks)
  const fixation = quirks.has('fixation-on-store-error')
  const silentWithoutDecoder = quirks.has('silent-without-decoder')
  const shadowing = quirks.has('data-shadows-methods')
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
    !sharesGlobal &&
    typeof (store as Partial<AdoptingStore>)[ADOPT] === 'function' &&
    (!(store instanceof MemoryStore) || store.set === MemoryStore.prototype.set)
  const ctx: { -readonly [K in keyof CommitContext]: CommitContext[K] } = {
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

  function fail(req: Request, stage: ErrorStage, err: unknown, next: (e?: unknown) => void, res?: Response): void {
    if (fixation && res !== undefined && stage === 'lookup') {
      // Quirk Q16: the provisional session, carrying the client's id, stays; the error page commits and echoes it.
      install(req, res, ctx, next)
      const error = asError(err)
      if (events.active) events.emit({ type: 'error', time: clock.now(), req, stage, error })
      next(error)
      return
    }
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
      if (silentWithoutDecoder) return next()
      fail(req, 'decode', new Error(MISSING_DECODER_MESSAGE), next)
      return
    }
    bindContext(req, ctx)
    const sid = cookies[COOKIE_NAME]
    if (!sid) {
      if (!start(req, 'no-cookie', next)) return
      install(req, res, ctx, next)
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
        fail(req, 'lookup', err, next, res)
        return
      }
      if (data) {
        if (events.active) events.emit({ type: 'lookup', time: clock.now(), req, key, result: 'hit' })
        if (shadowing) {
          // As 2010 did it: the commit hook is already in place, so when a saved `touch` key makes the call below
          // throw, the error page still saves the session and sends its cookie.
          const loaded = loadSession2010(req, data, clock)
          req.session = loaded
          if (events.active) events.emit({ type: 'load', time: clock.now(), req, id: String(loaded.id), key })
          install(req, res, ctx, next)
          req.session.touch()
          next()
          return
        }
        const loaded = new Session(req, data, clock)
        req.session = loaded
        if (events.active) events.emit({ type: 'load', time: clock.now(), req, id: loaded.id, key })
        loaded.touch()
      } else {
        if (events.active) events.emit({ type: 'lookup', time: clock.now(), req, key, result: 'miss' })
        if (!start(req, 'store-miss', next)) return
      }
      install(req, res, ctx, next)
      next()
    }
    try {
      store.get(key, lookedUp)
    } catch (err) {
      // A store that throws instead of calling back fails the lookup; once it has answered, the stack owns the error.
      if (answered) throw err
      answered = true
      fail(req, 'lookup', err, next, res)
    }
  }

  // Quirk Q1: every request reads the store of the last session() built with it, whichever middleware it reaches.
  const handler: Handler = sharesGlobal
    ? function session(req, res, next) {
        store = globalStore.current ?? ownStore
        ctx.store = store
        middleware(req, res, next)
      }
    : middleware

  return Object.assign(handler, {
    store: ownStore,
    clock,
    on: (listener: Listener<SessionEvent>) => events.on(listener),
    off: (listener: Listener<SessionEvent>) => events.off(listener),
  })
}

session.Store = Store
session.MemoryStore = MemoryStore
session.Session = Session

import { assertClock, systemClock, type Clock } from './clock.ts'
import type { CookieOptions } from './cookie.ts'
import { Emitter, type Listener, type StoreEvent } from './events.ts'
import type { Request } from './http-types.ts'
import type { PlainData } from './plain-data.ts'
import { checkCookie, checkExpiry, checkMaxAge, DEFAULT_COOKIE, DEFAULT_MAX_AGE } from './options.ts'
import { contextOf } from './request-context.ts'

export type Callback = (err: Error | null) => void
export type DestroyCallback = (err: Error | null, destroyed: boolean) => void
/** `set(hash, null, cb)` deletes and may report whether something was there. */
export type SetCallback = (err: Error | null, removed?: boolean) => void
export type GetCallback = (err: Error | null, data?: PlainData | null) => void

export interface StoreOptions {
  /** Idle time in ms after which the reaper removes a session; default 4 hours. */
  maxAge?: number
  /** Session cookie attributes; default `{ path: '/', httpOnly: true }`. */
  cookie?: CookieOptions
  /** Source of time; default the system clock. */
  clock?: Clock
}

/**
 * The abstract store of Connect's 2010 session page: subclasses define `get(hash, cb)` and `set(hash, data, cb)` (and may
 * define `clear`, `all`, `length`); `destroy` and `regenerate` are inherited.
 */
export abstract class Store {
  readonly clock: Clock
  #maxAge = DEFAULT_MAX_AGE
  #cookie: Readonly<CookieOptions> = DEFAULT_COOKIE
  protected readonly storeEvents = new Emitter<StoreEvent>()

  constructor(options: StoreOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('store options must be an object')
    if (options.clock !== undefined) assertClock(options.clock)
    this.clock = options.clock ?? systemClock
    if (options.maxAge !== undefined) this.#maxAge = this.#checkMaxAge(options.maxAge)
    if (options.cookie !== undefined) this.#cookie = checkCookie(options.cookie)
  }

  // A maxAge is refused when a cookie set now would expire beyond what a Date can hold (each commit checks again).
  #checkMaxAge(value: unknown): number {
    const maxAge = checkMaxAge(value)
    checkExpiry(this.clock.now(), maxAge)
    return maxAge
  }

  /** Idle timeout in ms; changing it applies from the next reap and the next cookie. */
  get maxAge(): number {
    return this.#maxAge
  }

  set maxAge(value: number) {
    this.#maxAge = this.#checkMaxAge(value)
  }

  /** Cookie attributes, defaults merged in; each response gets its own copy with `expires` filled in. */
  get cookie(): Readonly<CookieOptions> {
    return this.#cookie
  }

  set cookie(value: CookieOptions) {
    this.#cookie = checkCookie(value)
  }

  /** Fetches the data stored under a fingerprint: `callback(err, data)`, data absent on a miss. */
  abstract get(hash: string, callback: GetCallback): void

  /** Stores data under a fingerprint, or deletes it when data is null: `callback(err, removed?)`. */
  abstract set(hash: string, data: PlainData | null, callback?: SetCallback): void

  clear?(callback?: Callback): void
  all?(callback: (err: Error | null, sessions?: PlainData[]) => void): void
  length?(callback: (err: Error | null, length?: number) => void): void

  /** Deletes the session under a fingerprint: `callback(err, destroyed)`, destroyed true when one was removed. */
  destroy(hash: string, callback?: DestroyCallback): void {
    this.set(hash, null, (err, removed) => callback?.(err ?? null, !err && removed === true))
  }

  /** Destroys the request's session and gives the request a new one (new id, new key): `callback(err)`. */
  regenerate(req: Request, callback?: Callback): void {
    const ctx = contextOf(req)
    if (ctx === undefined) {
      callback?.(new Error('regenerate needs a request that has passed through session()'))
      return
    }
    const oldId = req.session?.id
    const oldKey = req.sessionHash
    const renew = (): void => {
      const failed = ctx.generate(req, 'regenerate')
      if (failed !== null) {
        callback?.(failed)
        return
      }
      if (ctx.events.active) {
        const s = req.session
        ctx.events.emit({ type: 'regenerate', time: ctx.clock.now(), req, oldId, oldKey, id: s?.id ?? '', key: req.sessionHash ?? '' })
      }
      callback?.(null)
    }
    if (oldKey === undefined) return renew()
    this.destroy(oldKey, (err, destroyed) => {
      if (ctx.events.active) ctx.events.emit({ type: 'destroy', time: ctx.clock.now(), req, key: oldKey, destroyed })
      if (err) callback?.(err)
      else renew()
    })
  }

  /** Subscribes to the store's changes; returns the unsubscribe function. */
  on(listener: Listener<StoreEvent>): () => void {
    return this.storeEvents.on(listener)
  }

  /** Unsubscribes a listener. */
  off(listener: Listener<StoreEvent>): void {
    this.storeEvents.off(listener)
  }
}

/** Destroys the request's session in its store and reports it to the session() instance. */
export function destroyIn(req: Request, callback?: DestroyCallback): void {
  const store = req.sessionStore
  const key = req.sessionHash
  if (store === undefined || key === undefined) {
    callback?.(new Error('destroy needs a request that has passed through session()'), false)
    return
  }
  store.destroy(key, (err, destroyed) => {
    const ctx = contextOf(req)
    if (ctx !== undefined && ctx.events.active) ctx.events.emit({ type: 'destroy', time: ctx.clock.now(), req, key, destroyed })
    callback?.(err, destroyed)
  })
}

/** Regenerates the request's session through its store. */
export function regenerateIn(req: Request, callback?: Callback): void {
  const store = req.sessionStore
  if (store === undefined) {
    callback?.(new Error('regenerate needs a request that has passed through session()'))
    return
  }
  store.regenerate(req, callback)
}

/** Normalises anything thrown into an Error. */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}

import { ADOPT } from '../connect/internal.ts'
import {
  Store,
  type Callback,
  type CookieOptions,
  type GetCallback,
  type Listener,
  type MemoryStore,
  type PlainData,
  type Request,
  type SetCallback,
  type StoreEvent,
} from '../connect/index.ts'
import type { SeededRandom } from './seeded-random.ts'
import { shortKey, StoreCallLog } from './store-call-log.ts'
import { LATEST_TIME, type VirtualClock } from './virtual-clock.ts'
import { quote } from './quote.ts'

/** Store faults the world can inject. */
export interface Faults {
  /** Virtual ms each get/set takes; the operation happens, and calls back, when that time has passed. */
  readonly latency: number
  /** How many of the next `get`s fail. */
  readonly failNextGet: number
  /** How many of the next `set`s fail (deletes count: the library deletes through `set(key, null)`). */
  readonly failNextSet: number
  /** Probability in [0, 1] that any get/set fails, drawn from the world's seeded generator. */
  readonly failureRate: number
}

/** No faults: the store as it is. */
export const NO_FAULTS: Faults = Object.freeze({ latency: 0, failNextGet: 0, failNextSet: 0, failureRate: 0 })

/** Thrown (passed to callbacks) by an injected fault. */
export class StoreFaultError extends Error {
  constructor(readonly operation: 'get' | 'set') {
    super(`store unavailable: simulated ${operation} failure`)
    this.name = 'StoreFaultError'
    // The message says everything; a stack would only describe the simulator's own call path.
    this.stack = `${this.name}: ${this.message}`
  }
}

/** Checks a partial set of faults, naming the bad field; returns the merged result. */
export function mergeFaults(base: Faults, partial: Partial<Faults>): Faults {
  if (typeof partial !== 'object' || partial === null) throw new TypeError('faults must be an object')
  const out = { ...base }
  for (const key of Object.keys(partial) as (keyof Faults)[]) {
    const value = partial[key]
    if (value === undefined) continue
    if (!(key in NO_FAULTS)) throw new TypeError(`unknown fault ${quote(key)}; known: ${Object.keys(NO_FAULTS).join(', ')}`)
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`faults.${key} must be a finite number ≥ 0; got ${quote(value)}`)
    }
    if (key === 'latency' && value > LATEST_TIME) {
      throw new RangeError(`faults.latency must be at most ${LATEST_TIME} ms (the span a Date can hold); got ${quote(value)}`)
    }
    if (key === 'failureRate' && value > 1) throw new RangeError(`faults.failureRate is a probability in [0, 1]; got ${value}`)
    if ((key === 'failNextGet' || key === 'failNextSet') && !Number.isInteger(value)) {
      throw new RangeError(`faults.${key} counts operations, so it must be an integer; got ${value}`)
    }
    out[key] = value
  }
  return out
}

/**
 * The world's store as the session middleware sees it: a MemoryStore behind a layer that can delay operations (in
 * virtual time, via the clock's one-shots) and make them fail. Without faults it forwards synchronously, so the
 * library's synchronous MemoryStore behaviour is unchanged. maxAge, cookie, events and inspection are the inner
 * store's, so the middleware reads the live settings. Every call passes here, so here is where they are logged
 * (`calls`), with who made them (`caller`, set by the engine while a request is in the stack).
 */
export class FaultyStore extends Store {
  readonly inner: MemoryStore
  /** The calls made on the store, newest last. */
  readonly calls = new StoreCallLog()
  /** Who is calling now: the request in the stack; a delayed answer runs with the caller of its call. */
  caller = 'the middleware'
  /**
   * Whether the middleware's gets and saves go in `calls`. An engine that nobody inspects (a comparison's column
   * run at once) turns it off: a call without faults then goes straight to the MemoryStore, as without this layer.
   */
  logging = true
  readonly #timers: VirtualClock
  readonly #random: SeededRandom
  #faults: Faults = NO_FAULTS
  #getsToFail = 0
  #setsToFail = 0
  // Operations waiting for their latency to pass: the world is quiescent only when this is zero.
  #pending = 0

  constructor(inner: MemoryStore, clock: VirtualClock, random: SeededRandom) {
    super({ clock })
    this.inner = inner
    this.#timers = clock
    this.#random = random
    inner.on((event) => {
      if (event.type === 'reap' && event.removed.length > 0) {
        const n = event.removed.length
        this.calls.add(event.time, 'reap', 'the reaper', null, `removed ${n} idle session${n === 1 ? '' : 's'}`)
      }
    })
  }

  /** The faults in force, with the fail-next counters as they stand now. */
  get faults(): Faults {
    return { ...this.#faults, failNextGet: this.#getsToFail, failNextSet: this.#setsToFail }
  }

  set faults(value: Faults) {
    this.#faults = mergeFaults(NO_FAULTS, value)
    this.#getsToFail = this.#faults.failNextGet
    this.#setsToFail = this.#faults.failNextSet
  }

  /** Operations delayed by latency and not yet done. */
  get pending(): number {
    return this.#pending
  }

  override get maxAge(): number {
    return this.inner.maxAge
  }

  override set maxAge(value: number) {
    this.inner.maxAge = value
  }

  override get cookie(): Readonly<CookieOptions> {
    return this.inner.cookie
  }

  override set cookie(value: CookieOptions) {
    this.inner.cookie = value
  }

  /** Reads through to the MemoryStore, after the latency, unless a fault says it fails. */
  get(hash: string, callback: GetCallback): void {
    if (!this.logging && this.#faultless(this.#getsToFail)) {
      this.inner.get(hash, callback)
      return
    }
    const caller = this.caller
    this.#get(hash, (err, data) => {
      this.calls.add(this.#timers.now(), 'get', caller, err ? null : hash, err ? `failed: ${err.message}` : data ? 'hit: data' : 'miss: nothing')
      this.#answer(caller, callback, err, data)
    })
  }

  #get(hash: string, callback: GetCallback): void {
    const fails = this.#fails('get')
    const latency = this.#faults.latency
    if (latency === 0) {
      if (fails) callback(new StoreFaultError('get'))
      else this.inner.get(hash, callback)
      return
    }
    this.#delay(latency, () => {
      if (fails) callback(new StoreFaultError('get'))
      else this.inner.get(hash, callback)
    })
  }

  /** Writes (or, with null, deletes) through to the MemoryStore, after the latency, unless a fault says it fails. */
  set(hash: string, data: PlainData | null, callback?: SetCallback): void {
    const caller = this.caller
    this.#set(hash, data, (err, removed) => {
      this.#saved(caller, hash, data, err, removed)
      this.#answer(caller, callback, err, removed)
    })
  }

  #set(hash: string, data: PlainData | null, callback: SetCallback): void {
    const fails = this.#fails('set')
    const latency = this.#faults.latency
    if (latency === 0) {
      if (fails) callback?.(new StoreFaultError('set'))
      else this.inner.set(hash, data, callback)
      return
    }
    this.#delay(latency, () => {
      if (fails) callback?.(new StoreFaultError('set'))
      else this.inner.set(hash, data, callback)
    })
  }

  /** Hands the middleware's fresh copy to the MemoryStore without another copy, with the same faults and latency as set. */
  [ADOPT](key: string, copy: PlainData, callback: (err: Error | null) => void): void {
    if (!this.logging && this.#faultless(this.#setsToFail)) {
      this.inner[ADOPT](key, copy, callback)
      return
    }
    const fails = this.#fails('set')
    const latency = this.#faults.latency
    const caller = this.caller
    const answer = (err: Error | null): void => {
      this.#saved(caller, key, copy, err, undefined)
      this.#answer(caller, callback, err, undefined)
    }
    if (latency === 0) this.#adopt(key, copy, fails, answer)
    else this.#delay(latency, () => this.#adopt(key, copy, fails, answer))
  }

  #adopt(key: string, copy: PlainData, fails: boolean, answer: (err: Error | null) => void): void {
    if (fails) answer(new StoreFaultError('set'))
    else this.inner[ADOPT](key, copy, answer)
  }

  /** Regenerates through the inherited Store method (its destroy is logged as a call); counted on its own. */
  override regenerate(req: Request, callback?: Callback): void {
    this.calls.count('regenerate')
    super.regenerate(req, callback)
  }

  /** Subscribes to the MemoryStore's changes: that is where they happen. */
  override on(listener: Listener<StoreEvent>): () => void {
    return this.inner.on(listener)
  }

  /** Unsubscribes from the MemoryStore's changes. */
  override off(listener: Listener<StoreEvent>): void {
    this.inner.off(listener)
  }

  #saved(caller: string, key: string, data: PlainData | null, err: Error | null | undefined, removed: boolean | undefined): void {
    const time = this.#timers.now()
    if (data === null) this.calls.add(time, 'destroy', caller, key, err ? `failed: ${err.message}` : `set(${shortKey(key)}, null): ${removed === true ? 'removed' : 'nothing to remove'}`)
    else this.calls.add(time, 'set', caller, key, err ? `failed: ${err.message}` : data)
  }

  // A delayed answer continues the request that made the call: calls made from it are that request's too. An answer
  // in the same turn (no latency) has its caller already, and costs no extra frame.
  #answer<A, B>(caller: string, callback: ((a: A, b: B) => void) | undefined, a: A, b: B): void {
    if (callback === undefined) return
    if (this.caller === caller) {
      callback(a, b)
      return
    }
    const outer = this.caller
    this.caller = caller
    try {
      callback(a, b)
    } finally {
      this.caller = outer
    }
  }

  // True when an operation would neither wait nor fail, and deciding so draws nothing (see #fails).
  #faultless(toFail: number): boolean {
    return toFail === 0 && this.#faults.latency === 0 && this.#faults.failureRate === 0
  }

  #fails(operation: 'get' | 'set'): boolean {
    // Decided when the operation starts, so the outcome does not depend on what else happens during its latency.
    if (operation === 'get' && this.#getsToFail > 0) {
      this.#getsToFail--
      return true
    }
    if (operation === 'set' && this.#setsToFail > 0) {
      this.#setsToFail--
      return true
    }
    const rate = this.#faults.failureRate
    // Draw only when a rate is set, so turning faults on never shifts the ids a fault-free run would get.
    return rate > 0 && this.#random.nextFloat() < rate
  }

  #delay(ms: number, run: () => void): void {
    this.#pending++
    this.#timers.setTimeout(() => {
      this.#pending--
      run()
    }, ms)
  }
}

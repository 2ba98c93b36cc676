import type { Callback, GetCallback, SetCallback, StoreOptions } from './store.ts'
import { Store } from './store.ts'
import { assertKnownOptions, checkReapInterval, DEFAULT_REAP_INTERVAL } from './options.ts'
import { ExpiryQueue } from './expiry-queue.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'
import { SetEvent } from './events.ts'
import { idleDeadline, reapThreshold } from './reap-rule.ts'
import { systemClock, type TimerHandle } from './clock.ts'
import { installStorage2010, storageQuirksOf } from './memory-store-2010.ts'
import { resolveQuirks, type QuirksOption } from './quirks.ts'

export interface MemoryStoreOptions extends StoreOptions {
  /** How often, in ms, stale sessions are reaped; default 10 minutes; -1 turns reaping off. */
  reapInterval?: number
  /**
   * 2010 mode: `'2010'` or a list of quirk ids (tombstones, destroy-no-result, object-map, aliasing-store,
   * leaking-timer; others are ignored here). Default: none.
   */
  quirks?: QuirksOption
}

/**
 * The middleware's way to hand a store a plain-data copy it made itself and will not touch again, so the data is not
 * copied twice per save. MemoryStore implements it; a store that wraps one may implement it by forwarding.
 */
export const ADOPT = Symbol('sessionscope.adopt')

/** A store that can take ownership of a fresh copy instead of copying it. */
export interface AdoptingStore {
  [ADOPT](key: string, copy: PlainData, callback: (err: Error | null) => void): void
}

function checkKey(hash: unknown): string {
  if (typeof hash !== 'string') throw new TypeError(`session store keys are strings; got ${typeof hash}`)
  return hash
}

/**
 * The in-memory store: plain data copies in a Map keyed by fingerprint, reaped every `reapInterval` ms of entries
 * idle for more than `maxAge`. Every callback is called synchronously, before the method returns.
 */
export class MemoryStore extends Store {
  /** Data copies the store owns and never hands out, so they cannot change behind its back. */
  readonly #sessions = new Map<string, PlainData>()
  readonly #queue = new ExpiryQueue<PlainData>()
  #reapInterval = DEFAULT_REAP_INTERVAL
  #timer: TimerHandle | undefined
  // Quirk `leaking-timer`: the reaper is never kept, so close() cannot stop it.
  #leaks = false

  constructor(options: MemoryStoreOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('MemoryStore options must be an object')
    assertKnownOptions(options, ['reapInterval', 'maxAge', 'cookie', 'clock', 'quirks'], 'MemoryStore')
    const quirks = resolveQuirks(options.quirks, 'MemoryStore', 'MemoryStore')
    const leaks = quirks.has('leaking-timer')
    // 2010 read `options.x || default`: a zero meant the default (the leaking-timer quirk brings that back).
    const { quirks: _quirks, ...rest } = options
    super(leaks && !options.maxAge && options.maxAge !== undefined ? { ...rest, maxAge: undefined } : rest)
    this.#leaks = leaks
    if (options.reapInterval !== undefined && !(this.#leaks && options.reapInterval === 0)) {
      this.#reapInterval = checkReapInterval(options.reapInterval)
    }
    const storage = storageQuirksOf(quirks)
    if (storage !== null) installStorage2010(this, storage, this.storeEvents)
    this.#startReaper()
  }

  /** The reaper's period in ms (-1: off); setting it restarts the reaper. */
  get reapInterval(): number {
    return this.#reapInterval
  }

  set reapInterval(value: number) {
    const checked = checkReapInterval(value)
    if (this.#leaks) {
      // 2010's timer read the interval once: a new value changed the property and nothing else.
      this.#reapInterval = checked
      return
    }
    this.#stopReaper()
    this.#reapInterval = checked
    this.#startReaper()
  }

  /** Calls back `(null, copy)` on a hit and `(null, undefined)` on a miss. */
  get(hash: string, callback: GetCallback): void {
    let key: string
    try {
      key = checkKey(hash)
    } catch (err) {
      callback(err as Error)
      return
    }
    const data = this.#sessions.get(key)
    callback(null, data === undefined ? undefined : copyPlainData(data))
  }

  /** Stores a copy of `data`, or deletes the key when `data` is null; calls back `(null)` or `(null, removed)`. */
  set(hash: string, data: PlainData | null, callback?: SetCallback): void {
    if (data === null || data === undefined) {
      // Nothing can be stored under a non-string key, so there is nothing to delete either.
      const removed = typeof hash === 'string' && this.#delete(hash, 'destroy')
      callback?.(null, removed)
      return
    }
    let key: string
    let copy: PlainData
    try {
      key = checkKey(hash)
      if (typeof data !== 'object') throw new TypeError(`session data must be an object or null; got ${typeof data}`)
      copy = copyPlainData(data)
    } catch (err) {
      callback?.(err as Error)
      return
    }
    this.#keep(key, copy)
    callback?.(null)
  }

  /** Keeps a plain-data copy that nobody else holds (the session middleware's own), without copying it again. */
  [ADOPT](key: string, copy: PlainData, callback: (err: Error | null) => void): void {
    this.#keep(key, copy)
    callback(null)
  }

  #keep(key: string, copy: PlainData): void {
    this.#sessions.set(key, copy)
    // An entry without a numeric lastAccess is never reaped (as in 2010), so it needs no place in the queue.
    const lastAccess = copy.lastAccess
    if (typeof lastAccess === 'number' && Number.isFinite(lastAccess)) this.#queue.push(key, lastAccess, copy)
    this.#compactIfBloated()
    if (this.storeEvents.active) this.storeEvents.emit(new SetEvent(this.clock.now(), key, copy))
  }

  /** Deletes every session. */
  override clear(callback?: Callback): void {
    const removed = this.#sessions.size
    this.#sessions.clear()
    this.#queue.clear()
    if (this.storeEvents.active) this.storeEvents.emit({ type: 'clear', time: this.clock.now(), removed })
    callback?.(null)
  }

  /** Calls back with copies of every session's data, in insertion order. */
  override all(callback: (err: Error | null, sessions?: PlainData[]) => void): void {
    const out: PlainData[] = []
    for (const data of this.#sessions.values()) out.push(copyPlainData(data))
    callback(null, out)
  }

  /** Calls back with the number of sessions held. */
  override length(callback: (err: Error | null, length?: number) => void): void {
    callback(null, this.#sessions.size)
  }

  /** Every key with a copy of its data, in insertion order: for inspection tools such as the simulator. */
  entries(): { key: string; data: PlainData }[] {
    const out: { key: string; data: PlainData }[] = []
    for (const [key, data] of this.#sessions) out.push({ key, data: copyPlainData(data) })
    return out
  }

  /** Number of sessions held, synchronously. */
  get size(): number {
    return this.#sessions.size
  }

  /**
   * Removes sessions whose lastAccess is strictly older than now − maxAge and returns their keys. The cost follows
   * what is removed, not what is kept.
   */
  reap(maxAge: number = this.maxAge): string[] {
    if (typeof maxAge !== 'number' || Number.isNaN(maxAge)) throw new TypeError(`reap(maxAge) needs a number; got ${String(maxAge)}`)
    const now = this.clock.now()
    const threshold = reapThreshold(now, maxAge)
    const gone: { key: string; lastAccess: number }[] = []
    this.#queue.popBelow(threshold, (key, data) => {
      // A key saved again since this item was queued has a newer copy and a newer item of its own.
      if (this.#sessions.get(key) === data) {
        this.#sessions.delete(key)
        gone.push({ key, lastAccess: data.lastAccess as number })
      }
    })
    // Oldest first, ties by key: the order then depends only on what was removed, not on the history of saves.
    gone.sort((a, b) => a.lastAccess - b.lastAccess || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const removed = gone.map((g) => g.key)
    if (this.storeEvents.active) this.storeEvents.emit({ type: 'reap', time: now, threshold, maxAge, removed })
    return removed
  }

  /**
   * The smallest idle deadline (lastAccess + maxAge) among the sessions held, or null when none can be reaped: no
   * reap at or before it removes anything, so a simulator may skip such reaps in bulk. O(1) amortised.
   */
  earliestDeadline(): number | null {
    const oldest = this.#queue.earliest((key, data) => this.#sessions.get(key) === data)
    return oldest === null ? null : idleDeadline(oldest, this.maxAge)
  }

  /** Stops the reaper; the store keeps working otherwise. With the `leaking-timer` quirk it does nothing, as in 2010. */
  close(): void {
    if (this.#leaks) return
    this.#stopReaper()
  }

  #delete(key: string, reason: 'destroy'): boolean {
    const had = this.#sessions.delete(key)
    if (had && this.storeEvents.active) this.storeEvents.emit({ type: 'delete', time: this.clock.now(), key, reason })
    return had
  }

  #compactIfBloated(): void {
    // Re-saved keys leave superseded queue items behind until they come due; bound them to the live count.
    if (this.#queue.size <= 2 * this.#sessions.size + 1024) return
    this.#queue.clear()
    for (const [key, data] of this.#sessions) {
      const lastAccess = data.lastAccess
      if (typeof lastAccess === 'number' && Number.isFinite(lastAccess)) this.#queue.push(key, lastAccess, data)
    }
  }

  #startReaper(): void {
    if (this.#reapInterval === -1) return
    if (this.#leaks && this.clock === systemClock) {
      // 2010's timer, not unref'd and never kept: it holds a Node process open for as long as it runs.
      globalThis.setInterval(() => this.reap(), this.#reapInterval)
      return
    }
    const timer = this.clock.setInterval(() => {
      this.reap()
    }, this.#reapInterval)
    if (!this.#leaks) this.#timer = timer
  }

  #stopReaper(): void {
    if (this.#timer !== undefined) this.clock.clearInterval(this.#timer)
    this.#timer = undefined
  }
}

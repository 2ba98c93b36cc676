// MemoryStore's storage as connect 0.2.1 had it, for the store quirks that need it (tombstones, object-map,
// aliasing-store, destroy-no-result). It is installed as own methods on one store instance when that store is built
// with them, so stores without quirks keep their prototype methods and pay nothing.
import type { Emitter, StoreEvent } from './events.ts'
import { SetEvent } from './events.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'
import type { QuirkSet } from './quirks.ts'
import { idleDeadline, reapThreshold } from './reap-rule.ts'
import type { Callback, DestroyCallback, GetCallback, SetCallback } from './store.ts'
import { ADOPT, type MemoryStore } from './memory-store.ts'

/** The storage quirks among a store's quirks, or null when it has none. */
export interface StorageQuirks {
  /** Q4: destroying stores null, which stays as a key; the reaper throws on it. */
  readonly tombstones: boolean
  /** Q5: every set (and so destroy) calls back with no arguments. */
  readonly noResult: boolean
  /** Q6: a plain object looked up with `in`, so inherited names answer and `__proto__` rewrites the prototype. */
  readonly objectMap: boolean
  /** Q13/Q14: the very object given is kept and handed out again. */
  readonly aliasing: boolean
}

/** Reads the storage quirks once, at construction. */
export function storageQuirksOf(quirks: QuirkSet): StorageQuirks | null {
  const flags: StorageQuirks = {
    tombstones: quirks.has('tombstones'),
    noResult: quirks.has('destroy-no-result'),
    objectMap: quirks.has('object-map'),
    aliasing: quirks.has('aliasing-store'),
  }
  return Object.values(flags).some(Boolean) ? flags : null
}

/** A key-value table with 2010's or today's lookup rules. */
interface Table {
  has(key: string): boolean
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): boolean
  keys(): string[]
  clear(): void
}

function objectTable(): Table {
  // Deliberately an ordinary object: `in` sees Object.prototype, and assigning `__proto__` changes the prototype.
  let sessions: Record<string, unknown> = {}
  return {
    has: (key) => key in sessions,
    get: (key) => sessions[key],
    set(key, value) {
      sessions[key] = value
    },
    delete(key) {
      const had = Object.hasOwn(sessions, key)
      delete sessions[key]
      return had
    },
    keys: () => Object.keys(sessions),
    clear() {
      sessions = {}
    },
  }
}

function mapTable(): Table {
  const sessions = new Map<string, unknown>()
  return {
    has: (key) => sessions.has(key),
    get: (key) => sessions.get(key),
    set(key, value) {
      sessions.set(key, value)
    },
    delete: (key) => sessions.delete(key),
    keys: () => [...sessions.keys()],
    clear() {
      sessions.clear()
    },
  }
}

/** Replaces a store's storage methods with 2010's, per the flags. */
export function installStorage2010(store: MemoryStore, flags: StorageQuirks, events: Emitter<StoreEvent>): void {
  const table = flags.objectMap ? objectTable() : mapTable()
  const out = (value: unknown): unknown =>
    flags.aliasing || typeof value !== 'object' || value === null ? value : copyPlainData(value)

  const methods = {
    get(hash: string, callback: GetCallback): void {
      if (table.has(hash)) callback(null, out(table.get(hash)) as PlainData | null)
      else if (flags.noResult) (callback as () => void)()
      else callback(null, undefined)
    },
    set(hash: string, data: PlainData | null, callback?: SetCallback): void {
      if (typeof hash !== 'string') {
        callback?.(new TypeError(`session store keys are strings; got ${typeof hash}`))
        return
      }
      if (data === null || data === undefined) {
        const held = table.get(hash)
        const removed = table.has(hash) && typeof held === 'object' && held !== null
        if (flags.tombstones) table.set(hash, data)
        else table.delete(hash)
        if (removed && events.active) events.emit({ type: 'delete', time: store.clock.now(), key: hash, reason: 'destroy' })
        if (flags.noResult) (callback as (() => void) | undefined)?.()
        else callback?.(null, removed)
        return
      }
      let kept: PlainData
      try {
        kept = flags.aliasing ? data : copyPlainData(data)
      } catch (err) {
        callback?.(err as Error)
        return
      }
      table.set(hash, kept)
      if (events.active) events.emit(new SetEvent(store.clock.now(), hash, flags.aliasing ? snapshot(kept) : kept))
      if (flags.noResult) (callback as (() => void) | undefined)?.()
      else callback?.(null)
    },
    destroy(hash: string, callback?: DestroyCallback): void {
      // 2010's Store#destroy: set(hash, null, fn), the callback passed straight through.
      if (flags.noResult) methods.set(hash, null, callback as SetCallback | undefined)
      else methods.set(hash, null, (err, removed) => callback?.(err ?? null, !err && removed === true))
    },
    clear(callback?: Callback): void {
      const removed = table.keys().length
      table.clear()
      if (events.active) events.emit({ type: 'clear', time: store.clock.now(), removed })
      if (flags.noResult) (callback as (() => void) | undefined)?.()
      else callback?.(null)
    },
    all(callback: (err: Error | null, sessions?: PlainData[]) => void): void {
      callback(null, table.keys().map((k) => out(table.get(k)) as PlainData))
    },
    length(callback: (err: Error | null, length?: number) => void): void {
      callback(null, table.keys().length)
    },
    entries(): { key: string; data: PlainData }[] {
      return table.keys().map((key) => ({ key, data: out(table.get(key)) as PlainData }))
    },
    reap(maxAge: number = store.maxAge): string[] {
      const now = store.clock.now()
      const threshold = reapThreshold(now, maxAge)
      const removed: string[] = []
      for (const key of table.keys()) {
        // 2010 read lastAccess of every entry: a tombstone throws here, as it did inside the timer (Q4).
        const sess = table.get(key) as { lastAccess: unknown }
        if ((sess.lastAccess as number) < threshold) {
          table.delete(key)
          removed.push(key)
        }
      }
      if (events.active) events.emit({ type: 'reap', time: now, threshold, maxAge, removed })
      return removed
    },
    earliestDeadline(): number | null {
      let oldest = Infinity
      for (const key of table.keys()) {
        const sess = table.get(key) as { lastAccess?: unknown } | null | undefined
        // A tombstone makes the very next reap throw: that reap is telling.
        if (sess === null || sess === undefined) return -Number.MAX_SAFE_INTEGER
        const at = sess.lastAccess
        if (typeof at === 'number' && at < oldest) oldest = at
      }
      return oldest === Infinity ? null : idleDeadline(oldest, store.maxAge)
    },
  }
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(store, name, { value: fn, writable: true, configurable: true })
  Object.defineProperty(store, 'size', { get: () => table.keys().length, configurable: true })
  // A copy handed over without another copy still goes through this storage (a wrapper may forward it here).
  const adopt = (key: string, copy: PlainData, callback: (err: Error | null) => void): void => methods.set(key, copy, (err) => callback(err ?? null))
  Object.defineProperty(store, ADOPT, { value: adopt, writable: true, configurable: true })
}

function snapshot(data: PlainData): PlainData {
  try {
    return copyPlainData(data)
  } catch {
    return { ...data }
  }
}

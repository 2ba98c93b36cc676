import type { PlainData } from '../connect/index.ts'

/** The store's contents at an instant: keys and data side by side, in the store's order. */
export interface StoreContents {
  readonly keys: readonly string[]
  readonly data: readonly PlainData[]
}

/**
 * A key's mirrored state: what was saved, and where its latest lastAccess sits in the age queue (-1: not in it, the
 * data has no lastAccess; GONE: the key left the store).
 */
interface Entry {
  readonly key: string
  data: PlainData
  at: number
}

/** A mirror's record of one key, which a caller may keep and hand back to `saved` to spare it a lookup. */
export type MirrorEntry = Readonly<Entry>

const GONE = -2

/**
 * The store's contents as its events announce them, for checkpoints and for the reap records.
 *
 * Contents: in the store's own order (a Map's: first insertion, and a re-insert after a delete goes last). The data
 * objects are the copies the store made for its `set` events, frozen by the engine (which shares each with the
 * trace's commit step); nothing can mutate them, so a checkpoint shares them instead of copying the store.
 *
 * Ages: saves are appended to a queue of (key, lastAccess) in order; an older save of the same key stays behind,
 * superseded, and is skipped and dropped when met. lastAccess nearly always grows with that order, and `skew` bounds
 * how far it ever went back (a request loaded before another but saved after it), so a scan from the oldest can stop
 * early and still be exact: each reap can say which kept keys come due next without scanning the store.
 *
 * One Map holds both, with an entry object per key that a save updates in place: a save is one Map lookup.
 */
export class StoreMirror {
  readonly #entries = new Map<string, Entry>()
  // The age queue: entries (not keys, so telling a live position from a superseded one needs no Map lookup) and the
  // lastAccess each was queued with.
  #queue: Entry[] = []
  #times: number[] = []
  // Absolute position of #queue[0]; the live part of the queue starts at #head.
  #base = 0
  #head = 0
  #maxSeen = -Infinity
  #skew = 0
  // Keys with a place in the queue (saves whose lastAccess is a finite number).
  #aged = 0

  /**
   * A `set` event's key and data (read once by the engine: the event's getter copies on every read). `hint` is an
   * entry this returned before, used when it is still the key's; returns the key's entry.
   */
  saved(key: string, data: PlainData, hint?: MirrorEntry): MirrorEntry {
    const lastAccess = data.lastAccess
    const aged = typeof lastAccess === 'number' && Number.isFinite(lastAccess)
    const at = aged ? this.#base + this.#queue.length : -1
    // An entry keeps its key for good and is marked GONE when the key leaves: one that is not is the key's own.
    let entry = hint !== undefined && hint.key === key && hint.at !== GONE ? (hint as Entry) : this.#entries.get(key)
    if (entry === undefined) {
      entry = { key, data, at }
      this.#entries.set(key, entry)
    } else {
      if (entry.at !== -1) this.#aged--
      entry.data = data
      entry.at = at
    }
    if (!aged) return entry
    this.#aged++
    this.#queue.push(entry)
    this.#times.push(lastAccess)
    if (lastAccess > this.#maxSeen) this.#maxSeen = lastAccess
    else if (this.#maxSeen - lastAccess > this.#skew) this.#skew = this.#maxSeen - lastAccess
    // Superseded saves pile up behind live ones, and a front the scans have moved past is dead weight: shed both,
    // once dead places outnumber live ones eight to one (16 bytes each: about 1.3 MB with 10,000 sessions).
    const length = this.#queue.length
    if (length - this.#head > 9 * this.#aged + 4096 || (this.#head > 4096 && 2 * this.#head > length)) this.#compact()
    return entry
  }

  /** A key left the store (deleted or destroyed). */
  removed(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    if (entry.at !== -1) this.#aged--
    entry.at = GONE
    this.#entries.delete(key)
  }

  /** The store was emptied. */
  cleared(): void {
    for (const entry of this.#entries.values()) entry.at = GONE
    this.#entries.clear()
    this.#queue = []
    this.#times = []
    this.#base = 0
    this.#head = 0
    this.#maxSeen = -Infinity
    this.#skew = 0
    this.#aged = 0
  }

  /** The reaper removed these keys: returns them oldest first (ties by key), so the order never depends on history. */
  reaped(keys: readonly string[]): string[] {
    const removed = keys.slice()
    if (removed.length > 1) this.sortByAge(removed)
    for (const key of removed) this.removed(key)
    return removed
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size
  }

  /** The lastAccess last saved for a key, or undefined. */
  lastAccessOf(key: string): number | undefined {
    const at = this.#entries.get(key)?.at
    return at === undefined || at < 0 ? undefined : this.#times[at - this.#base]
  }

  /** Keys whose lastAccess is below `threshold`, oldest first (ties by key). */
  below(threshold: number): string[] {
    const out: string[] = []
    const stop = threshold + this.#skew
    const queue = this.#queue
    const times = this.#times
    for (let i = this.#head; i < queue.length; i++) {
      const entry = queue[i] as Entry
      if (entry.at !== this.#base + i) {
        // Superseded or gone: nothing ahead of the live queue needs it, so the front can move past it.
        if (i === this.#head) this.#head++
        continue
      }
      const t = times[i] as number
      if (t >= stop) break
      if (t < threshold) out.push(entry.key)
    }
    if (out.length > 1) this.sortByAge(out)
    return out
  }

  /** Sorts keys in place by lastAccess, then by key. */
  sortByAge(keys: string[]): void {
    keys.sort((a, b) => (this.lastAccessOf(a) ?? 0) - (this.lastAccessOf(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
  }

  /** The contents now (arrays of shared, never-mutated data). */
  contents(): StoreContents {
    const n = this.#entries.size
    const keys = new Array<string>(n)
    const data = new Array<PlainData>(n)
    let i = 0
    for (const [key, entry] of this.#entries) {
      keys[i] = key
      data[i++] = entry.data
    }
    return { keys, data }
  }

  /**
   * A mirror of restored contents (the store itself is refilled separately). The age queue is filled in lastAccess
   * order, which serves an early stop as well as save order (better: the skew starts at zero).
   */
  static from(contents: StoreContents): StoreMirror {
    const mirror = new StoreMirror()
    const { keys, data } = contents
    for (let i = 0; i < keys.length; i++) mirror.#entries.set(keys[i] as string, { key: keys[i] as string, data: data[i] as PlainData, at: -1 })
    const order: { key: string; at: number }[] = []
    for (let i = 0; i < keys.length; i++) {
      const at = data[i]?.lastAccess
      if (typeof at === 'number' && Number.isFinite(at)) order.push({ key: keys[i] as string, at })
    }
    order.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    for (const { key, at } of order) {
      const entry = mirror.#entries.get(key) as Entry
      entry.at = mirror.#queue.length
      mirror.#queue.push(entry)
      mirror.#times.push(at)
      mirror.#maxSeen = at
      mirror.#aged++
    }
    return mirror
  }

  #compact(): void {
    const queue: Entry[] = []
    const times: number[] = []
    const base = this.#base
    for (let i = this.#head; i < this.#queue.length; i++) {
      const entry = this.#queue[i] as Entry
      if (entry.at !== base + i) continue
      entry.at = queue.length
      queue.push(entry)
      times.push(this.#times[i] as number)
    }
    this.#queue = queue
    this.#times = times
    this.#base = 0
    this.#head = 0
  }
}

/**
 * Freezes plain data in place, nested objects and arrays included, and returns it. The engine shares one copy of
 * each saved session between the mirror (and so every checkpoint) and the trace's commit step; freezing keeps a
 * reader who edits a trace record from rewriting the checkpoints that seek restores. Session data is nearly always
 * flat, so this is one freeze per save.
 */
export function freezePlainData<T extends object>(data: T): T {
  Object.freeze(data)
  for (const key in data) {
    const value = (data as Record<string, unknown>)[key]
    // A Date stays mutable through its methods whatever freeze does; it is copied on restore like everything else.
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezePlainData(value)
  }
  return data
}

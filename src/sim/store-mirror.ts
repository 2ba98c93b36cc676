import type { PlainData, StoreEvent } from '../connect/index.ts'

/** The store's contents at an instant: keys and data side by side, in the store's order. */
export interface StoreContents {
  readonly keys: readonly string[]
  readonly data: readonly PlainData[]
}

/**
 * The store's contents as its events announce them, in the store's own order (a Map's: first insertion, and a
 * re-insert after a delete goes last). The data objects are the copies the store made for its `set` events, frozen
 * by the engine (which shares each with the trace's commit step); nothing can mutate them, so a checkpoint can share
 * them instead of copying the whole store every time.
 */
export class StoreMirror {
  readonly #entries = new Map<string, PlainData>()

  /** A `set` event's key and data (read once by the engine: the event's getter copies on every read). */
  saved(key: string, data: PlainData): void {
    this.#entries.set(key, data)
  }

  /** The store's other events. */
  onStore(event: Exclude<StoreEvent, { type: 'set' }>): void {
    switch (event.type) {
      case 'delete':
        this.#entries.delete(event.key)
        return
      case 'clear':
        this.#entries.clear()
        return
      case 'reap':
        for (const key of event.removed) this.#entries.delete(key)
        return
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size
  }

  /** The contents now (arrays of shared, never-mutated data). */
  contents(): StoreContents {
    const n = this.#entries.size
    const keys = new Array<string>(n)
    const data = new Array<PlainData>(n)
    let i = 0
    for (const [key, value] of this.#entries) {
      keys[i] = key
      data[i++] = value
    }
    return { keys, data }
  }

  /** A mirror of restored contents (the store itself is refilled separately). */
  static from(contents: StoreContents): StoreMirror {
    const mirror = new StoreMirror()
    for (let i = 0; i < contents.keys.length; i++) mirror.#entries.set(contents.keys[i] as string, contents.data[i] as PlainData)
    return mirror
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

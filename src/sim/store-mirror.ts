import type { PlainData, StoreEvent } from '../connect/index.ts'

/** The store's contents at an instant: keys and data side by side, in the store's order. */
export interface StoreContents {
  readonly keys: readonly string[]
  readonly data: readonly PlainData[]
}

/**
 * The store's contents as its events announce them, in the store's own order (a Map's: first insertion, and a
 * re-insert after a delete goes last). The data objects are the copies the store made for its `set` events; nothing
 * mutates them, so a checkpoint can share them instead of copying the whole store every time.
 */
export class StoreMirror {
  readonly #entries = new Map<string, PlainData>()

  /** Listener for the store's events. */
  readonly onStore = (event: StoreEvent): void => {
    switch (event.type) {
      case 'set':
        this.#entries.set(event.key, event.data as PlainData)
        return
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

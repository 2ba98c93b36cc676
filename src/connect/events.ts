import type { Request } from './http-types.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'

/** Why a fresh session was generated. */
export type GenerateReason = 'no-cookie' | 'store-miss' | 'regenerate'

/**
 * The named inputs a fingerprint joined, in order: for the default `{ id, remoteAddress, userAgent }`; a custom
 * fingerprint reports them through its optional `inputs(req)`, and without one the event carries `null`.
 */
export type FingerprintInputs = Readonly<Record<string, string>>

/**
 * Where an error arose: reading cookies, computing the key, the store lookup, making an id, saving at commit time,
 * or on a response already answered (the application wrote after ending it; it is reported, the response stands).
 */
export type ErrorStage = 'decode' | 'fingerprint' | 'lookup' | 'genid' | 'commit' | 'response'

/** Decisions the session middleware announces, one event per decision, in the order they are taken. */
export type SessionEvent =
  | { type: 'fingerprint'; time: number; req: Request; id: string; key: string; inputs: FingerprintInputs | null }
  | { type: 'lookup'; time: number; req: Request; key: string; result: 'hit' | 'miss' }
  | { type: 'generate'; time: number; req: Request; id: string; key: string; reason: GenerateReason }
  | { type: 'load'; time: number; req: Request; id: string; key: string }
  | { type: 'touch'; time: number; req: Request; id: string; lastAccess: number }
  | {
      type: 'commit'
      time: number
      req: Request
      id: string
      key: string
      status: number
      /** The Set-Cookie value sent, or null when it was withheld (see `withheld`). */
      setCookie: string | null
      /** What was saved under `key`. */
      data: Readonly<Record<string, unknown>>
      /** Why no cookie was sent, when none was. */
      withheld: 'insecure-connection' | undefined
    }
  | { type: 'skip-commit'; time: number; req: Request; key: string | undefined; reason: 'destroyed' }
  | { type: 'destroy'; time: number; req: Request; key: string; destroyed: boolean }
  | { type: 'regenerate'; time: number; req: Request; oldId: string | undefined; oldKey: string | undefined; id: string; key: string }
  | { type: 'error'; time: number; req: Request; stage: ErrorStage; error: Error }

/** Changes the store announces, whoever caused them. */
export type StoreEvent =
  | { type: 'set'; time: number; key: string; data: Readonly<Record<string, unknown>> }
  | { type: 'delete'; time: number; key: string; reason: 'destroy' | 'reap' }
  | { type: 'clear'; time: number; removed: number }
  | {
      type: 'reap'
      time: number
      /** Entries whose lastAccess is below this were removed. */
      threshold: number
      maxAge: number
      removed: string[]
    }

export type Listener<E> = (event: E) => void

/** A minimal typed emitter; `active` lets hot paths skip building events nobody hears. */
export class Emitter<E> {
  #listeners: Listener<E>[] = []

  /** True when at least one listener is subscribed. */
  get active(): boolean {
    return this.#listeners.length > 0
  }

  /** Subscribes a listener; returns the function that unsubscribes it. */
  on(listener: Listener<E>): () => void {
    if (typeof listener !== 'function') throw new TypeError('on(listener) needs a function')
    // Copy on write, so a listener that unsubscribes during emit does not disturb the loop.
    this.#listeners = [...this.#listeners, listener]
    return () => this.off(listener)
  }

  /** Unsubscribes a listener added with `on`. */
  off(listener: Listener<E>): void {
    this.#listeners = this.#listeners.filter((l) => l !== listener)
  }

  /** Delivers an event to every listener; a throwing listener cannot break the library's flow. */
  emit(event: E): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch (err) {
        reportListenerError(err)
      }
    }
  }
}

function reportListenerError(err: unknown): void {
  // Listeners are observers: their bugs are shown, never allowed to change a response.
  console.error('session event listener threw:', err)
}

/**
 * A store's `set` event. A class rather than a literal with a getter: one is made per save on the hot path, and the
 * copy of the data is made only when a listener reads `data`.
 */
export class SetEvent {
  readonly type = 'set' as const
  readonly #saved: PlainData

  constructor(
    readonly time: number,
    readonly key: string,
    saved: PlainData,
  ) {
    this.#saved = saved
  }

  /** A copy of what was saved. */
  get data(): PlainData {
    return copyPlainData(this.#saved)
  }
}

/** The middleware's `commit` event; like SetEvent, it copies the saved data only when read. */
export class CommitEvent {
  readonly type = 'commit' as const
  readonly #saved: PlainData

  constructor(
    readonly time: number,
    readonly req: Request,
    readonly id: string,
    readonly key: string,
    readonly status: number,
    readonly setCookie: string | null,
    saved: PlainData,
    readonly withheld: 'insecure-connection' | undefined,
  ) {
    this.#saved = saved
  }

  /** A copy of what was saved under `key`. */
  get data(): PlainData {
    return copyPlainData(this.#saved)
  }
}

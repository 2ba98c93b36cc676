// The calls made on the world's store, as the fault layer (which every call of the middleware passes through) sees
// them: who called, with what key, and what came back. Recorded where the calls happen, not rebuilt from the trace.

/** What the store-calls log lists: the Store methods, and the reaper's own sweep. */
export type LoggedMethod = 'get' | 'set' | 'destroy' | 'clear' | 'all' | 'length' | 'reap'

/** One call on the store. */
export interface StoreCallLine {
  /** Unique within a world's timeline: the number of calls made before it. */
  readonly id: number
  readonly time: number
  readonly method: LoggedMethod
  /** Who made the call: a request (`alice · GET /`), the reader (`you`), or the store's own timer (`the reaper`). */
  readonly caller: string
  readonly key: string | null
  /** What came back, in words. */
  readonly outcome: string
}

/** A call as recorded: a save keeps what was saved, put in words only when the log is read (off the hot path). */
interface RawLine {
  readonly id: number
  readonly time: number
  readonly method: LoggedMethod
  readonly caller: string
  readonly key: string | null
  readonly outcome: string | { readonly saved: object }
}

/** What a checkpoint keeps of the log. */
export interface StoreCallLogSnapshot {
  readonly lines: readonly RawLine[]
  readonly counts: StoreCalls['counts']
  readonly next: number
}

function inWords(line: RawLine): StoreCallLine {
  const { outcome } = line
  if (typeof outcome === 'string') return line as StoreCallLine
  return { ...line, outcome: `saved ${Object.keys(outcome.saved).join(', ') || 'the session'}` }
}

/** The newest calls and how often each method has been called since the world began. */
export interface StoreCalls {
  /** Oldest first; the newest `STORE_CALLS_KEPT`. */
  readonly lines: readonly StoreCallLine[]
  /** Calls per method, `regenerate` included (it shows in the lines as its destroy). */
  readonly counts: Readonly<Partial<Record<LoggedMethod | 'regenerate', number>>>
}

/** How many of the newest calls the log keeps. */
export const STORE_CALLS_KEPT = 40

/** A short form of a key for an outcome's words. */
export function shortKey(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}…` : key
}

/** The log itself: bounded, and captured with the engine's checkpoints so time travel rolls it back too. */
export class StoreCallLog {
  #lines: RawLine[] = []
  #counts: Partial<Record<LoggedMethod | 'regenerate', number>> = {}
  #next = 0
  #view: StoreCalls | null = null

  /** Records a call that has answered; `outcome` in words, or `{ saved }` for a save. */
  add(time: number, method: LoggedMethod, caller: string, key: string | null, outcome: string | { readonly saved: object }): void {
    this.#lines.push({ id: this.#next++, time, method, caller, key, outcome })
    // Trimmed in batches, so a steady stream of calls costs no copying per call.
    if (this.#lines.length >= 2 * STORE_CALLS_KEPT) this.#lines = this.#lines.slice(-STORE_CALLS_KEPT)
    this.count(method)
  }

  /** Counts a call that the lines do not list on its own. */
  count(method: LoggedMethod | 'regenerate'): void {
    this.#counts[method] = (this.#counts[method] ?? 0) + 1
    this.#view = null
  }

  /** The newest calls and the counts (the same object until the next call). */
  view(): StoreCalls {
    if (this.#view === null) this.#view = { lines: this.#lines.slice(-STORE_CALLS_KEPT).map(inWords), counts: { ...this.#counts } }
    return this.#view
  }

  /** The log as a checkpoint keeps it. */
  snapshot(): StoreCallLogSnapshot {
    return { lines: this.#lines.slice(-STORE_CALLS_KEPT), counts: { ...this.#counts }, next: this.#next }
  }

  /** Puts the log back as a checkpoint kept it. */
  restore(from: StoreCallLogSnapshot): void {
    this.#lines = from.lines.slice()
    this.#counts = { ...from.counts }
    this.#next = from.next
    this.#view = null
  }
}

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

/** A call as recorded: a save keeps the data saved, put in words only when the log is read (off the hot path). */
interface RawLine {
  readonly id: number
  readonly time: number
  readonly method: LoggedMethod
  readonly caller: string
  readonly key: string | null
  /** Words, or the data a save stored. */
  readonly outcome: string | object
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
  return { ...line, outcome: `saved ${Object.keys(outcome).join(', ') || 'the session'}` }
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

/**
 * The log itself: bounded, and captured with the engine's checkpoints so time travel rolls it back too. The newest
 * calls sit in a ring of columns (call `id` in slot `id % STORE_CALLS_KEPT`), so recording a call allocates nothing.
 */
export class StoreCallLog {
  readonly #times = new Float64Array(STORE_CALLS_KEPT)
  readonly #methods = new Array<LoggedMethod>(STORE_CALLS_KEPT)
  readonly #callers = new Array<string>(STORE_CALLS_KEPT)
  readonly #keys = new Array<string | null>(STORE_CALLS_KEPT)
  readonly #outcomes = new Array<string | object>(STORE_CALLS_KEPT)
  // Calls in the ring (the newest `#held` ids before `#next`).
  #held = 0
  #counts: Partial<Record<LoggedMethod | 'regenerate', number>> = {}
  #next = 0
  #view: StoreCalls | null = null

  /** Records a call that has answered; `outcome` in words, or the data for a save (put in words when read). */
  add(time: number, method: LoggedMethod, caller: string, key: string | null, outcome: string | object): void {
    const slot = this.#next++ % STORE_CALLS_KEPT
    this.#times[slot] = time
    this.#methods[slot] = method
    this.#callers[slot] = caller
    this.#keys[slot] = key
    this.#outcomes[slot] = outcome
    if (this.#held < STORE_CALLS_KEPT) this.#held++
    this.count(method)
  }

  /** Counts a call that the lines do not list on its own. */
  count(method: LoggedMethod | 'regenerate'): void {
    this.#counts[method] = (this.#counts[method] ?? 0) + 1
    this.#view = null
  }

  /** The newest calls and the counts (the same object until the next call). */
  view(): StoreCalls {
    if (this.#view === null) this.#view = { lines: this.#rawLines().map(inWords), counts: { ...this.#counts } }
    return this.#view
  }

  /** The log as a checkpoint keeps it. */
  snapshot(): StoreCallLogSnapshot {
    return { lines: this.#rawLines(), counts: { ...this.#counts }, next: this.#next }
  }

  /** Puts the log back as a checkpoint kept it. */
  restore(from: StoreCallLogSnapshot): void {
    const lines = from.lines.slice(-STORE_CALLS_KEPT)
    for (const line of lines) {
      const slot = line.id % STORE_CALLS_KEPT
      this.#times[slot] = line.time
      this.#methods[slot] = line.method
      this.#callers[slot] = line.caller
      this.#keys[slot] = line.key
      this.#outcomes[slot] = line.outcome
    }
    this.#held = lines.length
    this.#counts = { ...from.counts }
    this.#next = from.next
    this.#view = null
  }

  /** The calls in the ring, oldest first. */
  #rawLines(): RawLine[] {
    const lines: RawLine[] = []
    for (let id = this.#next - this.#held; id < this.#next; id++) {
      const slot = id % STORE_CALLS_KEPT
      lines.push({
        id,
        time: this.#times[slot] as number,
        method: this.#methods[slot] as LoggedMethod,
        caller: this.#callers[slot] as string,
        key: this.#keys[slot] as string | null,
        outcome: this.#outcomes[slot] as string | object,
      })
    }
    return lines
  }
}

import { quote } from './quote.ts'

/** Anything with a sequence number the log assigns. */
export interface Sequenced {
  seq: number
}

/** Default number of trace records retained. */
export const DEFAULT_TRACE_CAP = 10_000

/** Checks a trace cap: a positive integer. */
export function checkTraceCap(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`traceCap must be a positive integer; got ${quote(value)}`)
  }
  return value
}

/**
 * The retained trace: the newest `cap` records in a ring, oldest dropped first. Every record gets the next sequence
 * number, so `dropped` is simply how many numbers are no longer held.
 */
export class TraceLog<R extends Sequenced> {
  #ring: (R | undefined)[]
  #cap: number
  #start = 0
  #size = 0
  #nextSeq = 0
  #view: readonly R[] | null = null

  constructor(cap: number = DEFAULT_TRACE_CAP) {
    this.#cap = checkTraceCap(cap)
    // Grown on demand: a world that records little should not pay for a 10,000-slot ring.
    this.#ring = []
  }

  /** Appends a record, numbering it; drops the oldest when full. */
  push(record: R): void {
    record.seq = this.#nextSeq++
    this.#view = null
    if (this.#size < this.#cap) {
      const at = (this.#start + this.#size) % this.#cap
      if (at === this.#ring.length) this.#ring.push(record)
      else this.#ring[at] = record
      this.#size++
      return
    }
    this.#ring[this.#start] = record
    this.#start = (this.#start + 1) % this.#cap
  }

  /** The retained records, oldest first (the same array until the log changes). */
  records(): readonly R[] {
    if (this.#view !== null) return this.#view
    const out = new Array<R>(this.#size)
    for (let i = 0; i < this.#size; i++) out[i] = this.#ring[(this.#start + i) % this.#cap] as R
    this.#view = out
    return out
  }

  /** The newest record, if any. */
  last(): R | undefined {
    return this.#size === 0 ? undefined : this.#ring[(this.#start + this.#size - 1) % this.#cap]
  }

  /**
   * Makes the log what it was when the next record was numbered `seq` (used when time travels): records numbered
   * `seq` or later are removed and returned; the retained window becomes the longest run of consecutive records
   * ending at `seq - 1` that this log or `spare` (records removed by an earlier call) still holds, up to the cap.
   */
  resume(seq: number, spare: Iterable<R> = []): R[] {
    const removed: R[] = []
    const byNumber = new Map<number, R>()
    for (const r of this.records()) {
      if (r.seq >= seq) removed.push(r)
      else byNumber.set(r.seq, r)
    }
    for (const r of spare) if (r.seq < seq && !byNumber.has(r.seq)) byNumber.set(r.seq, r)
    const window: R[] = []
    for (let n = seq - 1; n >= 0 && window.length < this.#cap; n--) {
      const r = byNumber.get(n)
      if (r === undefined) break
      window.push(r)
    }
    window.reverse()
    this.#ring = window
    this.#start = 0
    this.#size = window.length
    this.#nextSeq = seq
    this.#view = null
    return removed
  }

  /** Changes the cap, keeping the newest records that fit. */
  resize(cap: number): void {
    const kept = this.records().slice(-checkTraceCap(cap))
    this.#cap = cap
    this.#ring = [...kept]
    this.#start = 0
    this.#size = kept.length
    this.#view = null
  }

  /** The most records retained at once. */
  get cap(): number {
    return this.#cap
  }

  /** Records retained. */
  get size(): number {
    return this.#size
  }

  /** Records ever appended (the next sequence number). */
  get total(): number {
    return this.#nextSeq
  }

  /** Records appended but no longer retained. */
  get dropped(): number {
    return this.#nextSeq - this.#size
  }
}

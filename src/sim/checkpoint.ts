import type { Action } from './actions.ts'
import type { EngineSnapshot } from './engine.ts'

/** What an action does, without when: the simulator's one action language (actions.ts). Bodies are shared (a browser repeating a request logs the same object). */
export type ActionBody = Action

/** A logged action, stamped with the virtual time at which it was performed. */
export type LoggedAction = ActionBody & { readonly t: number }

/** The world at a quiescent instant: the engine, and where the trace numbering stood. */
export interface Checkpoint {
  readonly engine: EngineSnapshot
  readonly traceSeq: number
  /** An estimate of the memory the checkpoint holds on its own (what it does not share with the live world). */
  readonly bytes: number
}

/** A checkpoint and the actions after it: bodies, and their times in a column of unboxed numbers. */
class Segment {
  readonly checkpoint: Checkpoint
  readonly bodies: ActionBody[] = []
  #times = new Float64Array(64)

  constructor(checkpoint: Checkpoint) {
    this.checkpoint = checkpoint
  }

  get length(): number {
    return this.bodies.length
  }

  timeAt(i: number): number {
    return this.#times[i] as number
  }

  push(body: ActionBody, t: number): void {
    const n = this.bodies.length
    if (n === this.#times.length) this.#grow()
    this.#times[n] = t
    this.bodies.push(body)
  }

  /** Replaces action `i` with two (an advance cut in two). */
  split(i: number, first: ActionBody, second: ActionBody, secondAt: number): void {
    if (this.bodies.length === this.#times.length) this.#grow()
    this.#times.copyWithin(i + 2, i + 1, this.bodies.length)
    this.#times[i + 1] = secondAt
    this.bodies.splice(i, 1, first, second)
  }

  truncate(n: number): void {
    this.bodies.length = n
  }

  /** An estimate of the bytes this segment holds. */
  get bytes(): number {
    return this.checkpoint.bytes + this.bodies.length * ACTION_BYTES
  }

  #grow(): void {
    const bigger = new Float64Array(this.#times.length * 2)
    bigger.set(this.#times)
    this.#times = bigger
  }
}

/** Default bound on the actions kept for time travel. */
export const DEFAULT_HISTORY_CAP = 150_000
/** Default bound on the memory (estimated) kept for time travel. */
export const DEFAULT_HISTORY_BYTES = 32 * 1024 * 1024
// A time (8 bytes), a pointer (8), and a share of bodies that are not reused.
const ACTION_BYTES = 24

/**
 * The world's history as a tape, RaftScope-style: the action log cut into segments, each starting at a checkpoint,
 * and a cursor marking where the world stands. `travel` moves the cursor to any instant on the tape, backwards
 * (restore the newest checkpoint at or before it, replay) or forwards (replay from where the world is, or from a
 * later checkpoint when that is closer). Actions after the cursor are kept, so scrubbing can go back and forth,
 * until a new action is recorded there: then they are dropped and the timeline forks. Memory stays bounded: past
 * `cap` actions or an estimated `maxBytes`, the oldest segments are dropped whole, moving the earliest instant.
 */
export class History {
  readonly #segments: Segment[]
  readonly #cap: number
  readonly #maxBytes: number
  #count = 0
  #bytes = 0
  // The cursor: the world's state is the one after segments[#seg]'s first #idx actions.
  #seg = 0
  #idx = 0

  constructor(first: Checkpoint, cap: number = DEFAULT_HISTORY_CAP, maxBytes: number = DEFAULT_HISTORY_BYTES) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`historyCap must be a positive integer; got ${String(cap)}`)
    if (!Number.isFinite(maxBytes) || maxBytes < 1) throw new RangeError(`historyBytes must be a positive number; got ${String(maxBytes)}`)
    this.#segments = [new Segment(first)]
    this.#cap = cap
    this.#maxBytes = maxBytes
    this.#bytes = first.bytes
  }

  /** Records an action just performed at the cursor at time `t`; anything after the cursor is dropped first (a fork). */
  record(body: ActionBody, t: number): void {
    if (!this.atEnd) this.#fork()
    ;(this.#segments[this.#seg] as Segment).push(body, t)
    this.#idx++
    this.#count++
    this.#bytes += ACTION_BYTES
  }

  /** Starts a new segment at the cursor (which must be at the tape's end), dropping the oldest if over a bound. */
  checkpoint(checkpoint: Checkpoint): void {
    if (!this.atEnd) this.#fork()
    const segments = this.#segments
    segments.push(new Segment(checkpoint))
    this.#bytes += checkpoint.bytes
    while ((this.#count > this.#cap || this.#bytes > this.#maxBytes) && segments.length > 1) {
      const dropped = segments.shift() as Segment
      this.#count -= dropped.length
      this.#bytes -= dropped.bytes
    }
    this.#seg = segments.length - 1
    this.#idx = 0
  }

  /** True when the cursor is at the end of the tape (no actions after it). */
  get atEnd(): boolean {
    return this.#seg === this.#segments.length - 1 && this.#idx === (this.#segments[this.#seg] as Segment).length
  }

  /** The earliest instant the cursor can reach. */
  get earliest(): number {
    return (this.#segments[0] as Segment).checkpoint.engine.time
  }

  /** The latest instant the cursor can reach: the end of the tape. */
  get latest(): number {
    const last = this.#segments[this.#segments.length - 1] as Segment
    const n = last.length
    if (n === 0) return last.checkpoint.engine.time
    const body = last.bodies[n - 1] as ActionBody
    return last.timeAt(n - 1) + (body.kind === 'advance' ? body.ms : 0)
  }

  /** Actions held (before and after the cursor). */
  get size(): number {
    return this.#count
  }

  /** An estimate of the memory held, in bytes. */
  get bytes(): number {
    return this.#bytes
  }

  /** Actions after the cursor (0 unless the world has been sought back). */
  get ahead(): number {
    let n = (this.#segments[this.#seg] as Segment).length - this.#idx
    for (let s = this.#seg + 1; s < this.#segments.length; s++) n += (this.#segments[s] as Segment).length
    return n
  }

  /** Checkpoints held. */
  get checkpoints(): number {
    return this.#segments.length
  }

  /** Actions between the newest checkpoint before the cursor and the cursor. */
  get sinceCheckpoint(): number {
    return this.#idx
  }

  /** The actions up to the cursor, oldest first (what happened, as far as the tape still remembers). */
  past(): LoggedAction[] {
    const out: LoggedAction[] = []
    for (let s = 0; s <= this.#seg; s++) {
      const segment = this.#segments[s] as Segment
      const end = s === this.#seg ? this.#idx : segment.length
      for (let i = 0; i < end; i++) out.push({ ...(segment.bodies[i] as ActionBody), t: segment.timeAt(i) })
    }
    return out
  }

  /**
   * Moves the cursor to `time` (between `earliest` and `latest`): calls `restore` when it must start again from a
   * checkpoint, then `apply` for each action replayed, up to and including those at `time`. An advance that spans
   * `time` is split in two on the tape and only its first part applied. `now` is where the world stands.
   */
  travel(time: number, now: number, restore: (checkpoint: Checkpoint) => void, apply: (body: ActionBody) => void): void {
    const segments = this.#segments
    let s = segments.length - 1
    while (s > 0 && (segments[s] as Segment).checkpoint.engine.time > time) s--
    // Carry on from where the world stands when it is on the way there and no checkpoint in between is closer.
    if (!(now <= time && this.#seg >= s)) {
      restore((segments[s] as Segment).checkpoint)
      this.#seg = s
      this.#idx = 0
    }
    for (;;) {
      const segment = segments[this.#seg] as Segment
      if (this.#idx === segment.length) {
        // The end of a segment is exactly its successor's checkpoint: step over it without rebuilding anything.
        if (this.#seg + 1 === segments.length) return
        this.#seg++
        this.#idx = 0
        continue
      }
      const body = segment.bodies[this.#idx] as ActionBody
      const t = segment.timeAt(this.#idx)
      if (t > time) return
      if (body.kind === 'advance' && t + body.ms > time) {
        if (time > t) {
          const first: ActionBody = { kind: 'advance', ms: time - t }
          segment.split(this.#idx, first, { kind: 'advance', ms: t + body.ms - time }, time)
          this.#count++
          this.#bytes += ACTION_BYTES
          apply(first)
          this.#idx++
        }
        return
      }
      apply(body)
      this.#idx++
    }
  }

  #fork(): void {
    const segments = this.#segments
    for (const dropped of segments.splice(this.#seg + 1)) {
      this.#count -= dropped.length
      this.#bytes -= dropped.bytes
    }
    const current = segments[this.#seg] as Segment
    const cut = current.length - this.#idx
    this.#count -= cut
    this.#bytes -= cut * ACTION_BYTES
    current.truncate(this.#idx)
  }
}

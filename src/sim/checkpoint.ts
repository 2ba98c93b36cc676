import type { Action } from './actions.ts'
import type { EngineSnapshot } from './engine.ts'
import { quote } from './quote.ts'

/** What an action does, without when: the simulator's one action language (actions.ts). Bodies are shared (a browser repeating a request logs the same object). */
export type ActionBody = Action

/** A logged action, stamped with the virtual time at which it was performed. */
export type LoggedAction = ActionBody & { readonly t: number }

/** The world at a quiescent instant: the engine, and where the trace numbering stood. */
export interface Checkpoint {
  readonly engine: EngineSnapshot
  readonly traceSeq: number
  /** An estimate of the memory the checkpoint adds to the one before it (what it does not share with it). */
  readonly bytes: number
  /** An estimate of all the memory it holds, shared or not: what it weighs once it is the oldest one kept. */
  readonly allBytes: number
}

/**
 * An estimate of the memory a plain value holds: one byte per string character (what V8 spends on the one-byte
 * strings headers and cookies nearly always are), 8 per number, 16 per object or array plus its keys. Enough to make
 * a 10 MB User-Agent weigh 10 MB. Stops descending past a few levels (session data and settings are shallow).
 */
export function estimateBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length
  if (typeof value !== 'object' || value === null) return 8
  if (ArrayBuffer.isView(value)) return 16 + value.byteLength
  if (depth > 8) return 16
  let bytes = 16
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) bytes += estimateBytes(item, depth + 1)
    return bytes
  }
  for (const key in value) bytes += key.length + estimateBytes((value as Record<string, unknown>)[key], depth + 1)
  return bytes
}

/** Actions cut off the end of a segment. */
interface Tail {
  readonly bodies: readonly ActionBody[]
  readonly times: readonly number[]
}

/** The future a fork set aside: where it branched off (a segment and a position in it) and what followed there. */
interface KeptFuture {
  readonly segment: Segment
  idx: number
  readonly at: number
  readonly tail: Tail
  readonly later: readonly Segment[]
  readonly count: number
  readonly bytes: number
  readonly latest: number
}

/** The future the last fork set aside: when the timeline forked, how many actions it held, and when it ended. */
export interface ForkStats {
  readonly at: number
  readonly actions: number
  readonly latest: number
}

/** A checkpoint and the actions after it: bodies, and their times in a column of unboxed numbers. */
class Segment {
  readonly checkpoint: Checkpoint
  readonly bodies: ActionBody[] = []
  #times = new Float64Array(64)
  // What bodies hold beyond ACTION_BYTES (their strings), recorded sparsely: most actions are repeats of a shared body.
  #extraAt: number[] = []
  #extra: number[] = []
  #extraSum = 0
  // Bodies this segment has weighed: a browser repeating a request logs the same body, whose strings it holds once.
  // A plain Set: the segment holds its bodies anyway, and a weak set's entries cost the collector on every cycle.
  readonly #weighed = new Set<ActionBody>()

  constructor(checkpoint: Checkpoint) {
    this.checkpoint = checkpoint
  }

  get length(): number {
    return this.bodies.length
  }

  timeAt(i: number): number {
    return this.#times[i] as number
  }

  /** Appends an action; returns the bytes it adds (its strings count the first time the segment holds its body). */
  push(body: ActionBody, t: number): number {
    let extra = 0
    if (!this.#weighed.has(body)) {
      this.#weighed.add(body)
      extra = estimateBytes(body)
    }
    const n = this.bodies.length
    if (n === this.#times.length) this.#grow()
    this.#times[n] = t
    this.bodies.push(body)
    if (extra > 0) {
      this.#extraAt.push(n)
      this.#extra.push(extra)
      this.#extraSum += extra
    }
    return ACTION_BYTES + extra
  }

  /** Replaces action `i` with two (an advance cut in two: numbers only, no extra bytes). */
  split(i: number, first: ActionBody, second: ActionBody, secondAt: number): void {
    if (this.bodies.length === this.#times.length) this.#grow()
    this.#times.copyWithin(i + 2, i + 1, this.bodies.length)
    this.#times[i + 1] = secondAt
    this.bodies.splice(i, 1, first, second)
    const at = this.#extraAt
    for (let k = 0; k < at.length; k++) if ((at[k] as number) > i) at[k] = (at[k] as number) + 1
  }

  /** Keeps the first `n` actions; returns the bytes let go. */
  truncate(n: number): number {
    const before = this.bytes
    // A body cut off and logged again later must be weighed again.
    for (let i = n; i < this.bodies.length; i++) this.#weighed.delete(this.bodies[i] as ActionBody)
    this.bodies.length = n
    while (this.#extraAt.length > 0 && (this.#extraAt[this.#extraAt.length - 1] as number) >= n) {
      this.#extraAt.pop()
      this.#extraSum -= this.#extra.pop() as number
    }
    return before - this.bytes
  }

  /** Cuts off the actions from `n` on and returns them, to be put back by `graft`; returns the bytes let go too. */
  cut(n: number): { tail: Tail; bytes: number } {
    const tail: Tail = { bodies: this.bodies.slice(n), times: Array.from(this.#times.subarray(n, this.bodies.length)) }
    return { tail, bytes: this.truncate(n) }
  }

  /** Appends actions cut off by `cut`; returns the bytes they add. */
  graft(tail: Tail): number {
    let bytes = 0
    for (let i = 0; i < tail.bodies.length; i++) bytes += this.push(tail.bodies[i] as ActionBody, tail.times[i] as number)
    return bytes
  }

  /** An estimate of the bytes this segment holds. */
  get bytes(): number {
    return this.checkpoint.bytes + this.bodies.length * ACTION_BYTES + this.#extraSum
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
 * until a new action is recorded there: then the timeline forks, and the future it leaves is kept aside (the last
 * one only) so `undoFork` can bring it back. Memory stays bounded: past `cap` actions or an estimated `maxBytes`
 * (the future kept aside included), that future is let go first, then the oldest segments are dropped whole, moving
 * the earliest instant.
 */
export class History {
  readonly #segments: Segment[]
  readonly #cap: number
  readonly #maxBytes: number
  #count = 0
  #bytes = 0
  #kept: KeptFuture | null = null
  // The cursor: the world's state is the one after segments[#seg]'s first #idx actions.
  #seg = 0
  #idx = 0

  constructor(first: Checkpoint, cap: number = DEFAULT_HISTORY_CAP, maxBytes: number = DEFAULT_HISTORY_BYTES) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`historyCap must be a positive integer; got ${quote(cap)}`)
    if (!Number.isFinite(maxBytes) || maxBytes < 1) throw new RangeError(`historyBytes must be a positive number; got ${quote(maxBytes)}`)
    this.#segments = [new Segment(first)]
    this.#cap = cap
    this.#maxBytes = maxBytes
    this.#bytes = first.allBytes
  }

  /** Records an action just performed at the cursor at time `t`; anything after the cursor is dropped first (a fork). */
  record(body: ActionBody, t: number): void {
    if (!this.atEnd) this.#fork(t)
    this.#bytes += (this.#segments[this.#seg] as Segment).push(body, t)
    this.#idx++
    this.#count++
  }

  /** Starts a new segment at the cursor (which must be at the tape's end), dropping the oldest if over a bound. */
  checkpoint(checkpoint: Checkpoint): void {
    if (!this.atEnd) this.#fork(checkpoint.engine.time)
    const segments = this.#segments
    segments.push(new Segment(checkpoint))
    this.#bytes += checkpoint.bytes
    this.#seg = segments.length - 1
    this.#idx = 0
    this.trim()
  }

  /** True when the history holds more than its bounds allow (actions or estimated bytes). */
  get overBounds(): boolean {
    const kept = this.#kept
    return this.#count + (kept?.count ?? 0) > this.#cap || this.bytes > this.#maxBytes
  }

  /**
   * Brings the history within its bounds as far as it can: lets the future kept aside go first, then drops the
   * oldest segments whole. The newest segment always stays (it is where the world stands).
   */
  trim(): void {
    const kept = this.#kept
    if (kept !== null && this.overBounds) this.#kept = null
    const segments = this.#segments
    while ((this.#count > this.#cap || this.#bytes > this.#maxBytes) && segments.length > 1 && this.#seg > 0) {
      const dropped = segments.shift() as Segment
      this.#seg--
      this.#count -= dropped.length
      this.#bytes -= dropped.bytes - dropped.checkpoint.bytes + dropped.checkpoint.allBytes
      // The next one now holds alone what it shared with the one dropped.
      const first = (segments[0] as Segment).checkpoint
      this.#bytes += first.allBytes - first.bytes
    }
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

  /** An estimate of the memory held, in bytes (the future a fork set aside included). */
  get bytes(): number {
    return this.#bytes + (this.#kept?.bytes ?? 0)
  }

  /** The future the last fork set aside, or null when there is none (or it was let go to stay within bounds). */
  get fork(): ForkStats | null {
    const kept = this.#kept
    return kept === null ? null : { at: kept.at, actions: kept.count, latest: kept.latest }
  }

  /** Lets go of the future the last fork set aside. */
  forgetFork(): void {
    this.#kept = null
  }

  /**
   * Undoes the last fork: the actions recorded since the fork point are set aside in turn (so undoing again redoes
   * it), the old future goes back on the tape, and the cursor returns to the fork point: `restore` is called with the
   * checkpoint to rebuild from and `apply` with each action up to it.
   */
  undoFork(restore: (checkpoint: Checkpoint) => void, apply: (body: ActionBody) => void): void {
    const kept = this.#kept
    if (kept === null) throw new Error('there is no fork to undo: no recorded future was set aside')
    const s = this.#segments.indexOf(kept.segment)
    if (s === -1) {
      this.#kept = null
      throw new Error('the fork point is no longer in the history (it grew past its bounds), so its future is gone')
    }
    this.#kept = this.#cutAfter(s, kept.idx, kept.at)
    this.#bytes += kept.segment.graft(kept.tail)
    for (const segment of kept.later) {
      this.#segments.push(segment)
      this.#bytes += segment.bytes
    }
    this.#count += kept.count
    restore(kept.segment.checkpoint)
    this.#seg = s
    this.#idx = 0
    for (; this.#idx < kept.idx; this.#idx++) apply(kept.segment.bodies[this.#idx] as ActionBody)
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
          // A fork point after the split moves with the actions.
          if (this.#kept !== null && this.#kept.segment === segment && this.#kept.idx > this.#idx) this.#kept.idx++
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

  /** Sets aside everything after the cursor (the timeline forks at time `at`), replacing any future kept before. */
  #fork(at: number): void {
    this.#kept = this.#cutAfter(this.#seg, this.#idx, at)
  }

  /** Takes everything after action `idx` of segment `s` off the tape and returns it as a future set aside at `at`. */
  #cutAfter(s: number, idx: number, at: number): KeptFuture {
    const latest = this.latest
    const later = this.#segments.splice(s + 1)
    const segment = this.#segments[s] as Segment
    const { tail, bytes } = segment.cut(idx)
    let count = tail.bodies.length
    let keptBytes = bytes
    for (const other of later) {
      count += other.length
      keptBytes += other.bytes
    }
    this.#count -= count
    this.#bytes -= keptBytes
    return { segment, idx, at, tail, later, count, bytes: keptBytes, latest }
  }
}

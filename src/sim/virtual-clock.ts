import type { Clock, TimerHandle } from '../connect/index.ts'
import { quote } from './quote.ts'

/** The 2010 page's own date (Connect 0.2.1's week), so cookies read like the era's. */
export const DEFAULT_START_TIME = Date.UTC(2010, 6, 9, 12, 0, 0)

/** The latest instant a `Date` can hold (+275760-09-13): the virtual clock never goes past it. */
export const LATEST_TIME = 8.64e15
/** The earliest instant a `Date` can hold. */
export const EARLIEST_TIME = -8.64e15

/**
 * Tells when an interval's next run can matter: given the run due at `due` (and the period), the earliest instant at
 * or after `due` at which it should really run. Runs due before it do nothing observable and are skipped unrun.
 */
export type IdleHint = (due: number, period: number) => number

interface Timer {
  /** Creation order: the tie-breaker between timers due at the same instant. */
  readonly id: number
  due: number
  /** 0 for a one-shot. */
  readonly period: number
  readonly fn: () => void
  active: boolean
}

// Node clamps intervals the same way, so a zero period cannot turn advance() into an endless loop.
const MIN_PERIOD = 1

/**
 * A clock that moves only when told to. Timers run inside `advance`, in due order, ties by creation order, and
 * `now()` reads each timer's due time while it runs. Nothing here touches real time.
 */
export class VirtualClock implements Clock {
  #now: number
  #nextId = 1
  // Binary min-heap on (due, id); cleared timers stay in it, inactive, until they come up.
  #heap: Timer[] = []
  #activeTimeouts = 0
  #activeIntervals = 0
  #fired = 0
  #skipped = 0
  #advancing = false
  #idleHint: IdleHint | null = null

  constructor(start: number = DEFAULT_START_TIME) {
    if (typeof start !== 'number' || !(start >= EARLIEST_TIME && start <= LATEST_TIME)) {
      throw new RangeError(`a clock's start time must be epoch ms a Date can hold (within ±${LATEST_TIME}); got ${quote(start)}`)
    }
    this.#now = start
  }

  /** The virtual time in epoch ms. */
  now(): number {
    return this.#now
  }

  /** Runs `fn` every `ms` virtual ms, first at now + ms. */
  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms, Math.max(MIN_PERIOD, checkDelay(ms)))
  }

  /** Stops a timer from `setInterval` (or `setTimeout`: handles are interchangeable, as in browsers). */
  clearInterval(handle: TimerHandle): void {
    this.#clear(handle)
  }

  /** Runs `fn` once, `ms` virtual ms from now (0 means at the current instant, after earlier-made timers). */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms, 0)
  }

  /** Cancels a timer from `setTimeout`. */
  clearTimeout(handle: TimerHandle): void {
    this.#clear(handle)
  }

  /**
   * Lets intervals skip runs that would do nothing (in the world: reaps with nothing to remove or announce), so
   * advancing over a million idle ticks costs what one does. Null runs every tick.
   */
  skipIdle(hint: IdleHint | null): void {
    this.#idleHint = hint
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance(ms) needs a finite number of ms ≥ 0; got ${quote(ms)}`)
    }
    this.advanceTo(this.#now + ms)
  }

  /**
   * Moves time forward to `time`, running every timer due at or before it; a timer that throws stops it there. With a
   * `budget`, it stops early, at the end of the instant in which it ran that many timers (so an advance to where it
   * stopped, replayed from the same state, runs exactly the same timers); returns where it stopped.
   */
  advanceTo(time: number, budget: number = Infinity): number {
    if (typeof time !== 'number' || !Number.isFinite(time) || time < this.#now) {
      throw new RangeError(`advanceTo(time) needs a finite time ≥ now (${this.#now}); got ${quote(time)}`)
    }
    if (time > LATEST_TIME) {
      throw new RangeError(`the virtual clock cannot go past ${LATEST_TIME} (the latest instant a Date can hold); asked for ${quote(time)}`)
    }
    // A timer that advanced the clock itself would reorder time under the outer loop.
    if (this.#advancing) throw new Error('the virtual clock cannot be advanced from inside one of its timers')
    this.#advancing = true
    let ran = 0
    try {
      const heap = this.#heap
      while (heap.length > 0) {
        const top = heap[0] as Timer
        if (top.due > time) break
        if (ran >= budget && top.due > this.#now) return this.#now
        this.#pop()
        if (!top.active) continue
        if (top.period > 0 && this.#idleHint !== null && this.#skipIdleRuns(top, time)) continue
        ran++
        this.#now = top.due
        if (top.period > 0) {
          top.due += top.period
          this.#push(top)
        } else {
          top.active = false
          this.#activeTimeouts--
        }
        this.#fired++
        top.fn()
      }
      this.#now = time
      return time
    } finally {
      this.#advancing = false
    }
  }

  /** When the next active timer is due, or null when none is set. */
  nextDueTime(): number | null {
    this.#dropInactiveTop()
    const top = this.#heap[0]
    return top === undefined ? null : top.due
  }

  /** When the next interval (in the world: the reaper) is due, or null when none runs. */
  nextIntervalDue(): number | null {
    if (this.#activeIntervals === 0) return null
    let best: Timer | undefined
    for (const t of this.#heap) if (t.active && t.period > 0 && (best === undefined || before(t, best))) best = t
    return best === undefined ? null : best.due
  }

  /** One-shot timers still to run: zero means no operation is pending. */
  get pendingTimeouts(): number {
    return this.#activeTimeouts
  }

  /** Timers run since the clock was made: a measure of the work an advance did. */
  get fired(): number {
    return this.#fired
  }

  /** Interval runs skipped as idle since the clock was made (each jump over a stretch of them counts once). */
  get skips(): number {
    return this.#skipped
  }

  /**
   * Jumps to `time` without running anything: only for rebuilding a checkpoint, where timers were re-created with
   * their original due times. Refuses to skip a timer that would have run.
   */
  warp(time: number): void {
    const next = this.nextDueTime()
    if (!Number.isFinite(time) || time < this.#now || (next !== null && next <= time)) {
      throw new RangeError(`warp(${quote(time)}) would skip a timer or move time backwards`)
    }
    this.#now = time
  }

  /**
   * An interval just popped at its due time: if the hint says its next useful run is later, moves it in one step to
   * the first of its ticks at or after the earliest of that run, the next other timer (which may change what is
   * useful) and the first tick past `time`, and puts it back. True when it skipped.
   */
  #skipIdleRuns(timer: Timer, time: number): boolean {
    const due = timer.due
    const period = timer.period
    const useful = (this.#idleHint as IdleHint)(due, period)
    if (!(useful > due)) return false
    this.#dropInactiveTop()
    const other = this.#heap[0]
    const until = other === undefined ? useful : Math.min(useful, other.due)
    // Ticks are due + k·period; k = 1 is always progress, and stopping past `time` keeps the phase for later.
    const pastTime = Math.floor((time - due) / period) + 1
    const k = Math.max(1, Math.min(pastTime, Math.ceil((until - due) / period)))
    timer.due = due + k * period
    this.#skipped++
    this.#push(timer)
    return true
  }

  #add(fn: () => void, ms: number, period: number): TimerHandle {
    if (typeof fn !== 'function') throw new TypeError('a timer needs a function')
    const delay = checkDelay(ms)
    const timer: Timer = { id: this.#nextId++, due: this.#now + (period > 0 ? period : delay), period, fn, active: true }
    if (period > 0) this.#activeIntervals++
    else this.#activeTimeouts++
    this.#push(timer)
    return timer
  }

  #clear(handle: TimerHandle): void {
    const timer = handle as Timer
    if (typeof handle !== 'object' || handle === null || timer.active !== true) return
    timer.active = false
    if (timer.period > 0) this.#activeIntervals--
    else this.#activeTimeouts--
  }

  #dropInactiveTop(): void {
    while (this.#heap.length > 0 && !(this.#heap[0] as Timer).active) this.#pop()
  }

  #push(timer: Timer): void {
    const heap = this.#heap
    heap.push(timer)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as Timer
      if (!before(timer, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = timer
  }

  #pop(): void {
    const heap = this.#heap
    const last = heap.pop() as Timer
    const n = heap.length
    if (n === 0) return
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && before(heap[r] as Timer, heap[l] as Timer) ? r : l
      if (!before(heap[c] as Timer, last)) break
      heap[i] = heap[c] as Timer
      i = c
    }
    heap[i] = last
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id)
}

function checkDelay(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`a timer delay must be a finite number of ms ≥ 0; got ${quote(ms)}`)
  }
  return ms
}

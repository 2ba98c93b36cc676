import type { Clock, TimerHandle } from '../../src/connect/index.ts'

/** A clock for tests: time moves only when told, and intervals fire in order as it does. */
export class ManualClock implements Clock {
  #now: number
  #timers = new Map<number, { fn: () => void; ms: number; due: number }>()
  #nextId = 1

  constructor(start = Date.UTC(2010, 6, 9, 12, 0, 0)) {
    this.#now = start
  }

  now(): number {
    return this.#now
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++
    this.#timers.set(id, { fn, ms, due: this.#now + ms })
    return id
  }

  clearInterval(handle: TimerHandle): void {
    this.#timers.delete(handle as number)
  }

  /** Number of live timers. */
  get timerCount(): number {
    return this.#timers.size
  }

  /** Moves time forward, firing every interval that falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms
    for (;;) {
      let next: { id: number; due: number } | undefined
      for (const [id, t] of this.#timers) if (t.due <= end && (next === undefined || t.due < next.due)) next = { id, due: t.due }
      if (next === undefined) break
      const timer = this.#timers.get(next.id)
      if (timer === undefined) break
      this.#now = timer.due
      timer.due += timer.ms
      timer.fn()
    }
    this.#now = end
  }
}

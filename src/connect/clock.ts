/** Opaque handle returned by a clock's timer functions. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object

/** The only source of time in the library: the system clock by default, a virtual one in the simulator. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Calls `fn` every `ms` milliseconds until cleared. */
  setInterval(fn: () => void, ms: number): TimerHandle
  /** Stops a timer made by `setInterval`. */
  clearInterval(handle: TimerHandle): void
}

type NodeTimer = { unref?: () => unknown }

/** The wall clock; its timers never keep a Node process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval(fn, ms) {
    const handle = globalThis.setInterval(fn, ms) as unknown as NodeTimer
    // In Node a reaper must not hold the process open (2010's did); browsers return a number without unref.
    if (typeof handle === 'object' && handle !== null && typeof handle.unref === 'function') handle.unref()
    return handle as TimerHandle
  },
  clearInterval(handle) {
    globalThis.clearInterval(handle as Parameters<typeof globalThis.clearInterval>[0])
  },
}

/** Checks that a value offers the Clock interface, naming the option when it does not. */
export function assertClock(value: unknown, option = 'clock'): asserts value is Clock {
  const c = value as Partial<Clock> | null
  if (
    typeof c !== 'object' || c === null ||
    typeof c.now !== 'function' || typeof c.setInterval !== 'function' || typeof c.clearInterval !== 'function'
  ) {
    throw new TypeError(`${option} must be an object with now(), setInterval(fn, ms) and clearInterval(handle)`)
  }
}

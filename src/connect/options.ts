// The options' defaults and the checks that refuse a bad option with a message that says what to do, at
// construction or assignment, before any request depends on it.
import { serializeCookie, type CookieOptions } from './cookie.ts'

/** Default idle timeout: 4 hours. */
export const DEFAULT_MAX_AGE = 14_400_000
/** Default reaper period: 10 minutes. */
export const DEFAULT_REAP_INTERVAL = 600_000
/** Default session cookie attributes. */
export const DEFAULT_COOKIE: Readonly<CookieOptions> = Object.freeze({ path: '/', httpOnly: true })

/** The latest instant, in ms since the epoch, a `Date` can hold (and so a cookie's `expires`). */
export const MAX_DATE_MS = 8_640_000_000_000_000
// Node clamps longer intervals to 1 ms, which would turn the reaper into a busy loop.
const MAX_TIMER_MS = 2_147_483_647

/** Rejects option names an owner does not know, pointing out the `maxAage` typo of Connect's 2010 session page. */
export function assertKnownOptions(options: object, known: readonly string[], owner: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const hint = key === 'maxAage' ? " (the 2010 page's typo: the option is spelled maxAge)" : ''
    throw new TypeError(`${owner}: unknown option '${key}'${hint}; known options are ${known.join(', ')}`)
  }
}

/** Validates a maxAge: a positive number of ms small enough that a cookie's expiry can still be a Date. */
export function checkMaxAge(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_DATE_MS) {
    throw new TypeError(
      `maxAge must be a positive number of milliseconds up to ${MAX_DATE_MS} (the range of a Date); got ${String(value)}`,
    )
  }
  return value
}

/** Validates that a cookie set at `now` with `maxAge` expires at an instant a Date can hold; returns that instant. */
export function checkExpiry(now: number, maxAge: number): number {
  const expires = now + maxAge
  if (!(Math.abs(expires) <= MAX_DATE_MS)) {
    throw new RangeError(
      `the session cookie would expire at ${String(expires)} ms (now ${String(now)} + maxAge ${String(maxAge)}), ` +
        `beyond what a Date can hold (±${MAX_DATE_MS}); lower maxAge or check the clock`,
    )
  }
  return expires
}

/** Validates a reapInterval: a positive number of ms up to 2^31-1, or -1 for no reaping. */
export function checkReapInterval(value: unknown): number {
  if (value === -1) return -1
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new TypeError(
      `reapInterval must be a positive number of milliseconds up to ${MAX_TIMER_MS}, or -1 to turn reaping off; got ${String(value)}`,
    )
  }
  return value
}

/** Validates cookie attributes and merges them over the defaults (user keys keep the defaults' positions). */
export function checkCookie(value: unknown): Readonly<CookieOptions> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('cookie must be an object of cookie attributes, e.g. { path: "/", httpOnly: true }')
  }
  // User keys override the defaults' values in the defaults' positions; new keys are appended (as in 2010).
  const merged: CookieOptions = { ...DEFAULT_COOKIE, ...(value as CookieOptions) }
  for (const [key, attr] of Object.entries(merged)) {
    const t = typeof attr
    if (!(attr === null || attr === undefined || attr instanceof Date || t === 'string' || t === 'number' || t === 'boolean')) {
      throw new TypeError(`cookie.${key} must be a string, number, boolean or Date; got ${t}`)
    }
  }
  serializeCookie('probe', '', merged) // throws a TypeError naming a malformed attribute now, not on a request
  return Object.freeze(merged)
}

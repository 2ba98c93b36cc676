// How every widget writes times and durations: virtual instants as UTC date-times or clock times, spans with units,
// long hex keys shortened.

/** The units a duration can be entered in, smallest first. */
export const DURATION_UNITS = [
  { unit: 'ms', ms: 1, label: 'ms' },
  { unit: 's', ms: 1000, label: 's' },
  { unit: 'min', ms: 60_000, label: 'min' },
  { unit: 'h', ms: 3_600_000, label: 'h' },
] as const

export type DurationUnit = (typeof DURATION_UNITS)[number]['unit']

/** Milliseconds in one of a unit. */
export function unitMs(unit: DurationUnit): number {
  return DURATION_UNITS.find((u) => u.unit === unit)?.ms ?? 1
}

/** The largest unit that divides `ms` exactly, so 300000 reads as 5 min and 1500 as 1500 ms. */
export function bestUnit(ms: number): { amount: number; unit: DurationUnit } {
  if (!Number.isFinite(ms) || ms <= 0) return { amount: ms, unit: 'ms' }
  for (let i = DURATION_UNITS.length - 1; i >= 0; i--) {
    const u = DURATION_UNITS[i] as (typeof DURATION_UNITS)[number]
    if (ms % u.ms === 0) return { amount: ms / u.ms, unit: u.unit }
  }
  return { amount: ms, unit: 'ms' }
}

/** A duration in words a reader takes in at a glance: "4 h", "10 min", "1.5 s", "250 ms", "2 d 3 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  const sign = ms < 0 ? '−' : ''
  const a = Math.abs(ms)
  if (a === 0) return '0 s'
  if (a < 1000) return `${sign}${round(a)} ms`
  if (a < 60_000) return `${sign}${round(a / 1000)} s`
  if (a < 3_600_000) return `${sign}${round(a / 60_000)} min`
  if (a < 86_400_000) return `${sign}${round(a / 3_600_000)} h`
  const days = Math.floor(a / 86_400_000)
  const hours = Math.round((a - days * 86_400_000) / 3_600_000)
  return `${sign}${days} d${hours > 0 ? ` ${hours} h` : ''}`
}

function round(n: number): string {
  // One decimal is enough to tell 1.5 s from 2 s; whole numbers print without it.
  const r = Math.round(n * 10) / 10
  return Number.isInteger(r) ? String(r) : r.toFixed(1)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** An instant as `2010-07-09 12:05:00 UTC` (seconds, plus milliseconds when there are any). */
export function formatInstant(epochMs: number): string {
  const d = new Date(epochMs)
  if (Number.isNaN(d.getTime())) return '—'
  const ms = d.getUTCMilliseconds()
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms === 0 ? '' : `.${pad(ms, 3)}`} UTC`
  )
}

/** Only the clock part of an instant: `12:05:00`; with `millis`, `12:05:00.250` when there are any. */
export function formatClock(epochMs: number, { millis = false }: { millis?: boolean } = {}): string {
  const d = new Date(epochMs)
  if (Number.isNaN(d.getTime())) return '—'
  const ms = d.getUTCMilliseconds()
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${millis && ms !== 0 ? `.${pad(ms, 3)}` : ''}`
}

/** An instant as time since the simulation began: "t = 0 s", "t = 6 s", "t = 1.5 h". */
export function formatSinceStart(time: number, start: number): string {
  return `t = ${formatDuration(time - start)}`
}

/** The start of a long key or id, enough to tell rows apart: "7960af70…". */
export function shortHex(hex: string, keep = 8): string {
  return hex.length > keep + 2 ? `${hex.slice(0, keep)}…` : hex
}

/** Time since the world began: `+00:05:00`, `+2d 01:00:00`. */
export function formatElapsed(ms: number): string {
  const sign = ms < 0 ? '−' : '+'
  let s = Math.floor(Math.abs(ms) / 1000)
  const days = Math.floor(s / 86_400)
  s -= days * 86_400
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return `${sign}${days > 0 ? `${days}d ` : ''}${pad(h)}:${pad(m)}:${pad(sec)}`
}

/** A relative expiry: "in 4 h", "2 min ago". */
export function formatRelative(deltaMs: number): string {
  if (deltaMs === 0) return 'now'
  return deltaMs > 0 ? `in ${formatDuration(deltaMs)}` : `${formatDuration(-deltaMs)} ago`
}

/** Parses an amount typed by a reader: a finite number, or null. */
export function parseAmount(text: string): number | null {
  const t = text.trim()
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/**
 * Orders English titles alphabetically, ignoring case. Not `localeCompare`: its first call loads the browser's
 * collation data, about 10 ms of a page's start-up, for lists sorted when a module loads.
 */
export function compareTitles(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (x !== y) return x < y ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A number as `toLocaleString('en')` writes it (12,345.678: thousands separated, at most three decimals), without
 * the browser's number-format data, whose first use costs a page's start-up several milliseconds.
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞'
  const size = Math.abs(n)
  // toFixed turns to exponent notation from 1e21 on; a number that large is whole, written from its shortest digits.
  const [whole = '0', fraction = ''] = size < 1e21 ? size.toFixed(3).split('.') : [wholeDigits(size)]
  const decimals = fraction.replace(/0+$/, '')
  const sign = n < 0 || Object.is(n, -0) ? '-' : ''
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals === '' ? '' : `.${decimals}`}`
}

/** The digits of a whole number of 1e21 or more, from its shortest form (1.5e+22 → 15 and 21 zeros). */
function wholeDigits(size: number): string {
  const [mantissa = '', exponent = '0'] = size.toExponential().split('e+')
  const digits = mantissa.replace('.', '')
  return digits.padEnd(Number(exponent) + 1, '0')
}

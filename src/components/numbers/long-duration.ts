// The numbers page's figures in words a reader can compare: durations from a fraction of a second to far past the
// age of the universe, numbers from 10^-300 to 10^308, bits, chances and bytes.
import { formatNumber } from '../ui/format.ts'

const MINUTE = 60
const HOUR = 3600
const DAY = 86_400
/** A Julian year, in seconds. */
export const YEAR = 365.25 * DAY
/** The age of the universe, in years (Planck 2018: 13.8 billion). */
export const UNIVERSE_YEARS = 13.8e9

// Below a thousandth or from a billion up, plain digits either round a figure away (0.0001 as "0") or run to
// hundreds of characters (1e308), so both ends are written in powers of ten.
const TINY = 1e-3
const HUGE = 1e9

/**
 * `value` as `m × 10^e` with `digits` significant digits in the mantissa; `trim` drops its trailing zeros
 * (`1 × 10^308` rather than `1.00000 × 10^308`).
 */
function powerOfTen(value: number, digits: number, trim: boolean): string {
  // toExponential rounds the mantissa and the exponent together, so 9.96e20 is 1.0 × 10^21, never 10.0 × 10^20.
  const [mantissa = '', exponent = '0'] = value.toExponential(digits - 1).split('e')
  return `${trim ? mantissa.replace(/\.?0+$/, '') : mantissa} × 10^${Number(exponent)}`
}

/** True when a nonzero finite number reads better in powers of ten than in digits. */
function wantsPower(value: number): boolean {
  const size = Math.abs(value)
  return size !== 0 && (size < TINY || size >= HUGE)
}

/**
 * A figure with three significant digits (`1,230`, `0.0123`), in powers of ten below a thousandth and from a
 * billion up (`3.4 × 10^22`, `2.9 × 10^-39`); `∞` for infinity.
 */
export function formatBig(value: number): string {
  if (!Number.isFinite(value)) return '∞'
  if (wantsPower(value)) return powerOfTen(value, 2, false)
  const rounded = Number(value.toPrecision(3))
  // formatNumber keeps three decimals, which would cut 0.00123 to 0.001.
  return Math.abs(rounded) < 1 ? String(rounded) : formatNumber(rounded)
}

/**
 * A number the reader typed, as exactly as reads well: digits with separators under a billion, powers of ten (up to
 * six significant digits) for the huge and the tiny, so `1e308` is `1 × 10^308` and `0.0001` is `1 × 10^-4`.
 */
export function formatAmount(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value)
  if (wantsPower(value)) return powerOfTen(value, 6, true)
  // Under a billion every whole number is written in full, as typed; a fraction keeps six significant digits.
  return Math.abs(value) < 1 ? String(Number(value.toPrecision(6))) : formatNumber(value)
}

/**
 * Bits per id: whole numbers as they are, anything else with two decimals, or with as many more as it takes to keep
 * a figure just under a whole number from reading as that number (2010's 4 × log2(0x0FFFFFFF) is 111.99999998).
 */
export function formatBits(bits: number): string {
  if (!Number.isFinite(bits) || Number.isInteger(bits)) return String(bits)
  for (let decimals = 2; decimals < 15; decimals++) {
    const text = bits.toFixed(decimals)
    if (!Number.isInteger(Number(text))) return text
  }
  return String(bits)
}

/** A probability: a percentage with three significant digits from a thousandth up, powers of ten below that. */
export function formatChance(p: number): string {
  if (p === 0) return '0'
  if (p >= TINY) return `${Number((p * 100).toPrecision(3))}%`
  return formatBig(p)
}

/** A duration in seconds, in the largest unit that reads well; `never` for infinity. */
export function formatLongDuration(seconds: number): string {
  if (seconds === Infinity) return 'never (no live session to hit)'
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 1) return `${formatBig(seconds * 1000)} ms`
  if (seconds < MINUTE) return `${Number(seconds.toPrecision(3))} seconds`
  if (seconds < HOUR) return `${Number((seconds / MINUTE).toPrecision(3))} minutes`
  if (seconds < DAY) return `${Number((seconds / HOUR).toPrecision(3))} hours`
  if (seconds < YEAR) return `${Number((seconds / DAY).toPrecision(3))} days`
  const years = seconds / YEAR
  const text = `${formatBig(years)} years`
  if (years < UNIVERSE_YEARS) return text
  return `${text} (${formatBig(years / UNIVERSE_YEARS)} × the age of the universe)`
}

/** Bytes in KiB, MiB or GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
}

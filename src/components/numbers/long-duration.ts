// Durations from a fraction of a second to far past the age of the universe, in words a reader can compare.
import { formatNumber } from '../ui/format.ts'

const MINUTE = 60
const HOUR = 3600
const DAY = 86_400
/** A Julian year, in seconds. */
export const YEAR = 365.25 * DAY
/** The age of the universe, in years (Planck 2018: 13.8 billion). */
export const UNIVERSE_YEARS = 13.8e9

/** A number with three significant digits, in powers of ten from a billion up (`3.4 × 10^22`). */
export function formatBig(value: number): string {
  if (!Number.isFinite(value)) return '∞'
  if (Math.abs(value) < 1e9) return formatNumber(Number(value.toPrecision(3)))
  const exponent = Math.floor(Math.log10(Math.abs(value)))
  const mantissa = value / 10 ** exponent
  return `${mantissa.toFixed(1)} × 10^${exponent}`
}

/** A duration in seconds, in the largest unit that reads well; `never` for infinity. */
export function formatLongDuration(seconds: number): string {
  if (seconds === Infinity) return 'never (no live session to hit)'
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(3))} ms`
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

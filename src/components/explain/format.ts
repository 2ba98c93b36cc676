// How the explainer widgets write durations, instants on the virtual clock and long hex keys.

/** A duration in the unit a reader expects: "250 ms", "1.5 s", "10 min", "4 h". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms)
  const sign = ms < 0 ? '−' : ''
  const a = Math.abs(ms)
  if (a === 0) return '0 s'
  if (a < 1000) return `${sign}${trim(a)} ms`
  if (a < 60_000) return `${sign}${trim(a / 1000)} s`
  if (a < 3_600_000) return `${sign}${trim(a / 60_000)} min`
  return `${sign}${trim(a / 3_600_000)} h`
}

function trim(n: number): string {
  // One decimal tells 1.5 s from 2 s; whole numbers print without it.
  const r = Math.round(n * 10) / 10
  return Number.isInteger(r) ? String(r) : r.toFixed(1)
}

/** An instant as time since the simulation began: "t = 0 s", "t = 6 s", "t = 1.5 h". */
export function sinceStart(time: number, start: number): string {
  return `t = ${duration(time - start)}`
}

/** The clock part of a virtual instant, UTC: "12:00:05". */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs)
  if (Number.isNaN(d.getTime())) return '—'
  const p = (n: number) => String(n).padStart(2, '0')
  const ms = d.getUTCMilliseconds()
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`}`
}

/** The start of a long key or id, enough to tell rows apart: "7960af70…". */
export function shortHex(hex: string, keep = 8): string {
  return hex.length > keep + 2 ? `${hex.slice(0, keep)}…` : hex
}

// Duration fields here and in the simulator widgets enter amounts in the same units.
export { DURATION_UNITS as UNITS, bestUnit as splitDuration, unitMs, type DurationUnit as Unit } from '../sim/format.ts'

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

/** The units a duration field offers. */
export const UNITS = [
  { unit: 'ms', ms: 1 },
  { unit: 's', ms: 1000 },
  { unit: 'min', ms: 60_000 },
  { unit: 'h', ms: 3_600_000 },
] as const

export type Unit = (typeof UNITS)[number]['unit']

/** The largest unit that divides `ms` exactly, so 600000 reads as 10 min and 1500 as 1500 ms. */
export function splitDuration(ms: number): { amount: number; unit: Unit } {
  for (let i = UNITS.length - 1; i >= 0; i--) {
    const u = UNITS[i] as (typeof UNITS)[number]
    if (ms > 0 && ms % u.ms === 0) return { amount: ms / u.ms, unit: u.unit }
  }
  return { amount: ms, unit: 'ms' }
}

/** Milliseconds in one of a unit. */
export function unitMs(unit: Unit): number {
  return UNITS.find((u) => u.unit === unit)?.ms ?? 1
}

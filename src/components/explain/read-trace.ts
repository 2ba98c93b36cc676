// Reading the trace for the explainer widgets. These functions only pick records apart and line them up; every
// decision they show (keys, hits, new sessions, reaps) is one the library announced.
import { idleDeadline, reapRemoves } from '../../connect/index.ts'
import type { ExchangeRecord, ReapRecord, ReapSchedule, SessionView, Step, StoreCallRecord, TraceRecord } from '../../sim/index.ts'

type FingerprintStep = Extract<Step, { type: 'fingerprint' }>

/** The exchanges of the trace, oldest first; only those of one browser when it is named. */
export function exchangesOf(trace: readonly TraceRecord[], browser?: string): ExchangeRecord[] {
  const out: ExchangeRecord[] = []
  for (const r of trace) if (r.kind === 'exchange' && (browser === undefined || r.browser === browser)) out.push(r)
  return out
}

/** The newest exchange (of one browser, if named), or null. */
export function latestExchange(trace: readonly TraceRecord[], browser?: string): ExchangeRecord | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange' && (browser === undefined || r.browser === browser)) return r
  }
  return null
}

/** The exchange of the same browser just before `record`, or null. */
export function previousExchange(trace: readonly TraceRecord[], record: ExchangeRecord): ExchangeRecord | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange' && r.browser === record.browser && r.seq < record.seq) return r
  }
  return null
}

/** The fingerprint steps of an exchange, in order (a miss or a regenerate adds one for the new id). */
export function fingerprintSteps(record: ExchangeRecord): FingerprintStep[] {
  return record.steps.filter((s): s is FingerprintStep => s.type === 'fingerprint')
}

/** The fingerprint the browser's session ended the exchange with: the one under which it was committed. */
export function committedFingerprint(record: ExchangeRecord): FingerprintStep | null {
  const steps = fingerprintSteps(record)
  if (record.sessionKey !== null) return steps.find((s) => s.key === record.sessionKey) ?? null
  return steps.at(-1) ?? null
}

/** One input of a fingerprint, with whether it differs from the same input of the browser's previous request. */
export interface InputChange {
  readonly name: string
  readonly value: string
  /** The previous value when it changed; null when it is the same or there is nothing to compare with. */
  readonly was: string | null
}

/** Lines up a fingerprint's inputs with those of the fingerprint the browser's previous request ended with. */
export function compareInputs(step: FingerprintStep, previous: FingerprintStep | null): InputChange[] | null {
  if (step.inputs === null) return null
  const before = previous?.inputs ?? null
  return Object.entries(step.inputs).map(([name, value]) => {
    const old = before === null ? undefined : before[name]
    return { name, value, was: old !== undefined && old !== value ? old : null }
  })
}

/** True when a record changed what the store holds: a save, a removal, or a reap that removed something. */
function changesStore(r: TraceRecord): boolean {
  if (r.kind === 'reap') return r.removed.length > 0
  if (r.kind === 'store-call') return true
  return r.steps.some((s) => s.type === 'commit' || (s.type === 'destroy' && s.destroyed))
}

/**
 * The newest reader store call and whether its answer still stands: it no longer does once a later request, reap or
 * call has changed the store under it.
 */
export function latestStoreCallStanding(trace: readonly TraceRecord[]): { record: StoreCallRecord; standing: boolean } | null {
  let changed = false
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'store-call') return { record: r, standing: !changed }
    if (changesStore(r)) changed = true
  }
  return null
}

/** One lane of the lifetime view: a session's last access, its deadline, and how it ended if the reaper took it. */
export interface Lane {
  readonly key: string
  readonly id: string
  readonly lastAccess: number
  /** lastAccess + maxAge: from here on it is idle longer than maxAge. */
  readonly deadline: number
  /** When the zombie window closes: the reap that removed it, or the first reap due after its deadline. */
  readonly zombieEnd: number | null
  /** The reap that removed it (from its reap record), or null while it is still in the store. */
  readonly reapedAt: number | null
}

/**
 * The lanes to draw, newest last: every session in the store, plus those the retained trace shows being reaped
 * (their last access from the last save the trace recorded). A live session's zombie window ends at the first reap
 * strictly after its deadline (the library's reapRemoves), counted on from the reaper's
 * next due time.
 */
export function lanesOf(
  sessions: readonly SessionView[],
  trace: readonly TraceRecord[],
  maxAge: number,
  reapInterval: number,
  nextReapAt: number | null,
  limit = 8,
): Lane[] {
  const saved = new Map<string, { id: string; lastAccess: number }>()
  const reaped = new Map<string, ReapRecord>()
  for (const r of trace) {
    if (r.kind === 'exchange') {
      for (const s of r.steps) {
        if (s.type !== 'commit') continue
        const lastAccess = typeof s.data?.lastAccess === 'number' ? s.data.lastAccess : s.time
        saved.set(s.key, { id: s.id, lastAccess })
        reaped.delete(s.key)
      }
    } else if (r.kind === 'reap') {
      for (const key of r.removed) reaped.set(key, r)
    }
  }
  const lanes: Lane[] = []
  for (const [key, reap] of reaped) {
    const s = saved.get(key)
    if (s === undefined) continue
    lanes.push({ key, id: s.id, lastAccess: s.lastAccess, deadline: idleDeadline(s.lastAccess, reap.maxAge), zombieEnd: reap.time, reapedAt: reap.time })
  }
  for (const s of sessions) {
    const deadline = idleDeadline(s.lastAccess, maxAge)
    let zombieEnd: number | null = null
    if (nextReapAt !== null && reapInterval > 0) {
      const k = reapRemoves(s.lastAccess, nextReapAt, maxAge) ? 0 : Math.floor((deadline - nextReapAt) / reapInterval) + 1
      zombieEnd = nextReapAt + k * reapInterval
    }
    lanes.push({ key: s.key, id: s.id, lastAccess: s.lastAccess, deadline, zombieEnd, reapedAt: null })
  }
  lanes.sort((a, b) => a.lastAccess - b.lastAccess || (a.key < b.key ? -1 : 1))
  return lanes.slice(-limit)
}

/**
 * Reap instants to mark on a time axis in [from, to]: those the trace recorded before the reaper's current schedule
 * began, then every run of that schedule, past and future (idle runs are skipped unrecorded, but they are on the
 * schedule all the same).
 */
export function reapTicks(trace: readonly TraceRecord[], schedule: ReapSchedule | null, from: number, to: number): number[] {
  const ticks: number[] = []
  const since = schedule === null ? Infinity : schedule.since
  for (const r of trace) if (r.kind === 'reap' && r.time >= from && r.time <= to && r.time < since) ticks.push(r.time)
  if (schedule !== null && schedule.every > 0) {
    const { every, next } = schedule
    // The first run of the schedule at or after max(from, since), counted from `next` so the phase is exact.
    const lower = Math.max(from, since + 1)
    const first = next - Math.floor((next - lower) / every) * every
    for (let t = first; t <= to && ticks.length < 400; t += every) ticks.push(t)
  }
  // Already in order: the recorded runs all come before `since`, the schedule's after it.
  return ticks
}

// Reading the trace for the explainer widgets. These functions only pick records apart and line them up; every
// decision they show (keys, hits, new sessions, reaps) is one the library announced.
import { idleDeadline, reapRemoves } from '../../connect/index.ts'
import type { ExchangeRecord, ReapRecord, SessionView, Step, StoreCallRecord, TraceRecord } from '../../sim/index.ts'

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

/** A call the middleware (or the reader) made on the store, as the store-methods log lists it. */
export interface StoreCallLine {
  /** Unique within a trace: the record's seq and the step's position. */
  readonly id: string
  readonly time: number
  readonly method: 'get' | 'set' | 'destroy' | 'clear' | 'all' | 'length' | 'reap'
  /** Who made the call: an exchange's browser, the reader, or the store's own timer. */
  readonly caller: string
  readonly key: string | null
  /** What came back, in words. */
  readonly outcome: string
}

function short(key: string | null): string {
  return key === null ? '' : key.length > 12 ? `${key.slice(0, 8)}…` : key
}

/**
 * The store calls a trace shows, oldest first: from each exchange a lookup is a `get`, a commit a `set` and a
 * destroy a `destroy` (which is `set(key, null)`); reader calls are their own records; reaps that removed sessions
 * are listed as the store's own sweep.
 */
export function storeCallLines(trace: readonly TraceRecord[], limit = 40): StoreCallLine[] {
  const out: StoreCallLine[] = []
  for (let i = trace.length - 1; i >= 0 && out.length < limit; i--) {
    const r = trace[i] as TraceRecord
    const lines: StoreCallLine[] = []
    if (r.kind === 'exchange') {
      r.steps.forEach((s, n) => {
        const id = `${r.seq}.${n}`
        const caller = `${r.browser} · ${r.request.method} ${r.request.path}`
        if (s.type === 'lookup') lines.push({ id, time: s.time, method: 'get', caller, key: s.key, outcome: s.result === 'hit' ? 'hit: data' : 'miss: nothing' })
        else if (s.type === 'commit') lines.push({ id, time: s.time, method: 'set', caller, key: s.key, outcome: `saved ${Object.keys(s.data ?? {}).join(', ') || 'the session'}` })
        else if (s.type === 'destroy') lines.push({ id, time: s.time, method: 'destroy', caller, key: s.key, outcome: `set(${short(s.key)}, null): ${s.destroyed ? 'removed' : 'nothing to remove'}` })
        else if (s.type === 'error' && s.stage === 'lookup') lines.push({ id, time: s.time, method: 'get', caller, key: null, outcome: `failed: ${s.message}` })
      })
    } else if (r.kind === 'store-call') {
      lines.push({ id: `${r.seq}`, time: r.time, method: r.method, caller: 'you', key: r.key, outcome: describeCall(r) })
    } else if (r.removed.length > 0) {
      lines.push({ id: `${r.seq}`, time: r.time, method: 'reap', caller: 'the reaper', key: null, outcome: `removed ${r.removed.length} idle session${r.removed.length === 1 ? '' : 's'}` })
    }
    for (let j = lines.length - 1; j >= 0 && out.length < limit; j--) out.push(lines[j] as StoreCallLine)
  }
  return out.reverse()
}

/** What a reader's store call called back with, in words. */
export function describeCall(r: StoreCallRecord): string {
  const res = r.result
  switch (res.method) {
    case 'clear':
      return `callback(null): ${res.removed} session${res.removed === 1 ? '' : 's'} removed`
    case 'all':
      return `callback(null, [${res.sessions.length} session${res.sessions.length === 1 ? '' : 's'}])`
    case 'length':
      return `callback(null, ${res.length})`
    case 'destroy':
      return `callback(null, ${String(res.destroyed)})`
  }
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

/** Reap instants to mark on a time axis in (from, to]: those the trace recorded and those of the schedule in force. */
export function reapTicks(trace: readonly TraceRecord[], now: number, nextReapAt: number | null, reapInterval: number, from: number, to: number): number[] {
  const ticks = new Set<number>()
  for (const r of trace) if (r.kind === 'reap' && r.time >= from && r.time <= to) ticks.add(r.time)
  if (nextReapAt !== null && reapInterval > 0) {
    // A reap that finds nothing to remove is skipped and leaves no record, so the sweeps of the schedule in force are
    // drawn on both sides of now: backwards from the next one, and forwards.
    const first = nextReapAt - Math.floor((nextReapAt - from) / reapInterval) * reapInterval
    for (let t = first, n = 0; t <= to && n < 400; t += reapInterval, n++) if (t > from) ticks.add(t)
  }
  return [...ticks].sort((x, y) => x - y)
}

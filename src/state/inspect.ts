// What the inspector shows, worked out from the trace and the view: the reader names a thing (a request, a session),
// the state keeps that name, and this turns it into plain data the Inspector renders. Nothing here decides anything
// the library did not announce.
import { COOKIE_NAME } from '../connect/index.ts'
import type { BrowserView, ExchangeRecord, Step, TraceRecord } from '../sim/index.ts'
import type { SessionRow } from './derive.ts'

/** What the reader asked to inspect: a request by its exchange number, or a stored session by its store key. */
export type InspectTarget = { readonly kind: 'exchange'; readonly exchange: number } | { readonly kind: 'session'; readonly key: string }

type FingerprintStep = Extract<Step, { type: 'fingerprint' }>

/** Everything the Inspector shows, as plain data (any part may be missing). */
export interface Inspection {
  /** The request inspected, or the one that last saved the session inspected. */
  readonly record: ExchangeRecord | null
  /** The session id the request's cookie named, or null when it sent none. */
  readonly cookieId: string | null
  /** The exchange that last saved the session the cookie named (before the request): its fingerprint was saved. */
  readonly saved: ExchangeRecord | null
  /** The session as the store holds it now (null once it is gone). */
  readonly session: SessionRow | null
  /** The browsers whose jar holds the session's id as their session cookie. */
  readonly holders: readonly string[]
  /** Set when the thing inspected is no longer in the trace or the store (scrolled out, reaped, a new world). */
  readonly missing: string | null
}

/** The value of the session cookie in a Cookie header, or null. */
export function sessionIdIn(cookieHeader: string | null): string | null {
  if (cookieHeader === null) return null
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === COOKIE_NAME) return part.slice(eq + 1).trim()
  }
  return null
}

/** Session id → the browsers holding it as their session cookie. */
export function holdersOf(browsers: readonly BrowserView[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>()
  for (const b of browsers) {
    for (const c of b.cookies) {
      if (c.name !== COOKIE_NAME) continue
      const list = out.get(c.value)
      if (list === undefined) out.set(c.value, [b.name])
      else list.push(b.name)
    }
  }
  return out
}

/** The fingerprint step computed for the id the cookie named (the first one: a miss adds another for the new id). */
export function offeredFingerprint(record: ExchangeRecord): FingerprintStep | null {
  for (const s of record.steps) if (s.type === 'fingerprint') return s
  return null
}

/** The fingerprint a session was saved under in an exchange: the step whose key was committed. */
export function savedFingerprint(record: ExchangeRecord): FingerprintStep | null {
  let last: FingerprintStep | null = null
  for (const s of record.steps) {
    if (s.type !== 'fingerprint') continue
    if (s.key === record.sessionKey) return s
    last = s
  }
  return record.sessionKey === null ? last : null
}

/** The newest exchange before `beforeSeq` that saved the session `id`, or null. */
function lastSaveOf(trace: readonly TraceRecord[], id: string, beforeSeq: number): ExchangeRecord | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.seq >= beforeSeq || r.kind !== 'exchange') continue
    if (r.sessionId === id && r.steps.some((s) => s.type === 'commit')) return r
  }
  return null
}

function exchangeNumbered(trace: readonly TraceRecord[], exchange: number): ExchangeRecord | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange' && r.exchange === exchange) return r
  }
  return null
}

/** Turns what the reader picked into the Inspector's data, read from the trace, the store rows and the browsers. */
export function resolveInspection(target: InspectTarget, trace: readonly TraceRecord[], sessions: readonly SessionRow[], browsers: readonly BrowserView[]): Inspection {
  const holders = holdersOf(browsers)
  if (target.kind === 'exchange') {
    const record = exchangeNumbered(trace, target.exchange)
    if (record === null) {
      return { record: null, cookieId: null, saved: null, session: null, holders: [], missing: `Request #${target.exchange} is no longer in the trace (it is before the earliest point kept, or after now).` }
    }
    const cookieId = sessionIdIn(record.request.cookie)
    const saved = cookieId === null ? null : lastSaveOf(trace, cookieId, record.seq)
    const session = record.sessionKey === null ? null : (sessions.find((s) => s.key === record.sessionKey) ?? null)
    const id = record.sessionId ?? cookieId
    return { record, cookieId, saved, session, holders: id === null ? [] : (holders.get(id) ?? []), missing: null }
  }
  const session = sessions.find((s) => s.key === target.key) ?? null
  let record: ExchangeRecord | null = null
  for (let i = trace.length - 1; i >= 0 && record === null; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange' && r.sessionKey === target.key) record = r
  }
  const cookieId = record === null ? null : sessionIdIn(record.request.cookie)
  const saved = record === null || cookieId === null ? null : lastSaveOf(trace, cookieId, record.seq)
  return {
    record,
    cookieId,
    saved,
    session,
    holders: session === null ? [] : (holders.get(session.id) ?? []),
    missing: session === null ? 'This session is no longer in the store (reaped, destroyed, or not yet made at this point of the timeline).' : null,
  }
}

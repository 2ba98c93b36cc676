// What each request meant to the people involved, read off the trace: did the browser get its own session back, a
// new one (and why), someone else's (a hijack), or was it turned away by the fingerprint? The library's decisions
// (lookup hit or miss, load, generate) are taken as recorded; this file only adds who created which session and
// which sessions the store still held, both also read from the trace, to name the outcome.
import type { GenerateReason } from '../connect/index.ts'
import type { ExchangeRecord, ReapRecord, StoreCallRecord, TraceRecord } from './trace.ts'

/** The outcome of one request, as a reader would name it. */
export type VerdictKind =
  /** The browser's cookie named a session it created, and the lookup found it. */
  | 'loaded'
  /** The browser got a new session (see `reason`), and nobody's session was at stake. */
  | 'new'
  /** The browser loaded a session another browser created. */
  | 'hijacked'
  /** The browser presented another browser's session cookie, that session was still stored, and it got a new one. */
  | 'blocked'
  /** The browser presented its own session's cookie, that session was still stored, and it got a new one. */
  | 'locked-out'
  /** The library failed the request (store outage, missing decoder...): no session was given. */
  | 'error'

/**
 * Why a new session was made: no session cookie was sent; the id named no session the world ever saw; that session
 * was reaped, destroyed or cleared; the fingerprint of the request matched no key although the session was stored
 * (under a blocked or locked-out verdict, or when the session's creator is not known); or the application regenerated.
 */
export type NewReason = 'no-cookie' | 'unknown-id' | 'reaped' | 'destroyed' | 'fingerprint-mismatch' | 'regenerate'

/** The verdict on one exchange. */
export interface Verdict {
  readonly kind: VerdictKind
  /** Why a new session was given (null when none was, or on an error). */
  readonly reason: NewReason | null
  readonly exchange: number
  readonly browser: string
  readonly time: number
  /** The session id the request's cookie presented (null: no session cookie). */
  readonly presentedId: string | null
  /** Who created the presented session, when the trace showed it (null: unknown, or nothing presented). */
  readonly presentedOwner: string | null
  /** The session the request ended with: loaded or new (null on an error). */
  readonly sessionId: string | null
  /** Who created that session (for a hijack, the victim). */
  readonly owner: string | null
  /** The application regenerated the session during this request (after it was loaded or made). */
  readonly regenerated: boolean
}

/** The numbers of each verdict kind, in the order the kinds are listed. */
export const VERDICT_KINDS = ['loaded', 'new', 'hijacked', 'blocked', 'locked-out', 'error'] as const satisfies readonly VerdictKind[]

/** A short label for a verdict, for tables and logs. */
export function verdictLabel(v: Pick<Verdict, 'kind' | 'reason'>): string {
  switch (v.kind) {
    case 'loaded':
      return 'loaded'
    case 'new':
      return `new: ${reasonLabel(v.reason)}`
    case 'hijacked':
      return 'hijacked'
    case 'blocked':
      return 'blocked by the fingerprint'
    case 'locked-out':
      return 'locked out'
    case 'error':
      return 'error'
  }
}

/** The reason a new session was made, in words. */
export function reasonLabel(reason: NewReason | null): string {
  switch (reason) {
    case 'no-cookie':
      return 'no cookie'
    case 'unknown-id':
      return 'unknown id'
    case 'reaped':
      return 'session reaped'
    case 'destroyed':
      return 'session destroyed'
    case 'fingerprint-mismatch':
      return 'fingerprint mismatch'
    case 'regenerate':
      return 'regenerated'
    case null:
      return 'no reason'
  }
}

/** A sentence saying what happened to the request, naming the browsers involved. */
export function explainVerdict(v: Verdict): string {
  const whose = (owner: string | null): string => (owner === null ? 'a session of unknown origin' : owner === v.browser ? 'its own session' : `${owner}'s session`)
  switch (v.kind) {
    case 'loaded':
      return `${v.browser} loaded ${whose(v.owner)}.`
    case 'hijacked':
      return `${v.browser} loaded a session ${v.owner ?? 'another browser'} created: a hijack.`
    case 'blocked':
      return `${v.browser} presented ${whose(v.presentedOwner)} cookie; the fingerprint did not match, so it got a new session and ${v.presentedOwner ?? 'the owner'}'s session stayed safe.`
    case 'locked-out':
      return `${v.browser} presented its own session's cookie, but the fingerprint no longer matched: it got a new session while its old one is still in the store.`
    case 'new':
      return `${v.browser} got a new session (${reasonLabel(v.reason)}).`
    case 'error':
      return `The library failed ${v.browser}'s request; no session was given.`
  }
}

type Gone = 'reaped' | 'destroyed'

/** What a VerdictTracker knows of one session id. */
interface IdState {
  readonly id: string
  /** The browser whose request made it (null: not seen being made). */
  creator: string | null
  /** How many keys the store holds for it. */
  liveKeys: number
  /** How its last key left the store (null: a key is held, or none has left). */
  gone: Gone | null
}

/**
 * What the verdict reads of one decision: the fields a trace record's step and the library's event share, so either
 * can be given (other decisions are passed over).
 */
export type VerdictStep =
  | { readonly type: 'fingerprint'; readonly id: string }
  | { readonly type: 'lookup'; readonly result: 'hit' | 'miss' }
  | { readonly type: 'load'; readonly id: string }
  | { readonly type: 'generate'; readonly id: string; readonly reason: GenerateReason }
  | { readonly type: 'regenerate'; readonly oldKey: string | null | undefined }
  | { readonly type: 'destroy'; readonly key: string; readonly destroyed: boolean }
  | { readonly type: 'commit'; readonly id: string; readonly key: string }
  | { readonly type: 'touch' | 'skip-commit' | 'error' }

/**
 * Follows a world's trace, record after record in the order the world made them, and gives each exchange its
 * verdict. It remembers who created each session id and which keys the store holds (from commits, reaps, destroys
 * and store calls), so it must see every record from the world's start; records it missed leave owners unknown.
 */
export class VerdictTracker {
  // What is known of each session id seen committed, in one entry: its creator, live keys and fate. The usual request
  // (its own session loaded and saved again) then costs one lookup, by key, where a map for each took two; a new
  // session costs four map operations where they took seven (a comparison's column got about 6% faster).
  readonly #ids = new Map<string, IdState>()
  // Keys the store holds, each with its id's entry.
  readonly #live = new Map<string, IdState>()
  // Ids whose creator is known.
  #seen = 0
  // The entry of the last commit steps() read: usually the session the request presented.
  #last: IdState | null = null

  /** A tracker that knows what this one knows now and goes on apart from it. */
  clone(): VerdictTracker {
    const copy = new VerdictTracker()
    const copies = new Map<IdState, IdState>()
    for (const [id, state] of this.#ids) {
      const c: IdState = { id: state.id, creator: state.creator, liveKeys: state.liveKeys, gone: state.gone }
      copies.set(state, c)
      copy.#ids.set(id, c)
    }
    for (const [key, state] of this.#live) copy.#live.set(key, copies.get(state)!)
    copy.#seen = this.#seen
    return copy
  }

  /** Sessions whose creator it knows (every session made since the world's start, as far as it has seen). */
  get sessionsSeen(): number {
    return this.#seen
  }

  /** Sessions the store holds as far as the records seen tell. */
  get liveSessions(): number {
    return this.#live.size
  }

  /** Takes the next record; returns the verdict for an exchange, null for other records. */
  record(record: TraceRecord): Verdict | null {
    switch (record.kind) {
      case 'exchange':
        return this.exchange(record)
      case 'reap':
        this.reap(record)
        return null
      case 'store-call':
        this.storeCall(record)
        return null
    }
  }

  /** The verdict on an exchange, and what it changed in the store. */
  exchange(record: ExchangeRecord): Verdict {
    return this.steps(record.steps, record.exchange, record.browser, record.sentAt, record.sessionId)
  }

  /**
   * The verdict on an exchange given as its decisions in order (a record's steps, or the library's events as they
   * came), and what it changed in the store; `sessionId` is the id of its last commit (null: none). Only the first
   * `count` steps are read.
   */
  steps(steps: readonly VerdictStep[], exchange: number, browser: string, sentAt: number, sessionId: string | null, count = steps.length): Verdict {
    // The first fingerprint names the id the cookie presented when a lookup follows it; without a lookup the
    // request carried no session cookie (its fingerprint was that of the session generated for it).
    let presentedId: string | null = null
    let lookup: 'hit' | 'miss' | null = null
    let loadedId: string | null = null
    let generatedReason: NewReason | null = null
    let regenerated = false
    let failed = false
    // The id generated during this exchange (only a session made here is this browser's creation).
    let generatedId: string | null = null
    this.#last = null
    for (let i = 0; i < count; i++) {
      const step = steps[i]!
      switch (step.type) {
        case 'fingerprint':
          if (i === 0 && count > 1 && steps[1]!.type === 'lookup') presentedId = step.id
          break
        case 'lookup':
          lookup = step.result
          break
        case 'load':
          loadedId = step.id
          break
        case 'generate':
          generatedId = step.id
          if (step.reason === 'regenerate') regenerated = true
          else generatedReason = step.reason === 'no-cookie' ? 'no-cookie' : 'fingerprint-mismatch'
          break
        case 'regenerate':
          regenerated = true
          // A record says null where the library's event says undefined.
          if (step.oldKey !== null && step.oldKey !== undefined) this.#remove(step.oldKey, 'destroyed')
          break
        case 'destroy':
          if (step.destroyed) this.#remove(step.key, 'destroyed')
          break
        case 'commit':
          this.#committed(step.key, step.id, step.id === generatedId ? browser : null)
          break
        case 'error':
          failed = true
          break
        default:
          break
      }
    }
    const presented = presentedId === null ? undefined : this.#stateOf(presentedId)
    const presentedOwner = presented?.creator ?? null
    // Each verdict is one literal of one shape (made in verdictOf): spreading shared fields into it cost more than the
    // whole walk above, and a closure over them was an allocation of its own per request.
    if (failed && sessionId === null) return verdictOf(exchange, browser, sentAt, presentedId, presentedOwner, regenerated, 'error', null, null, null)
    if (lookup === 'hit' && loadedId !== null) {
      // Usually the session the cookie presented: its owner is known already.
      const owner = loadedId === presentedId ? presentedOwner : (this.#stateOf(loadedId)?.creator ?? null)
      const kind = owner !== null && owner !== browser ? 'hijacked' : 'loaded'
      return verdictOf(exchange, browser, sentAt, presentedId, presentedOwner, regenerated, kind, null, sessionId ?? loadedId, owner)
    }
    const owner = sessionId === null ? null : (this.#stateOf(sessionId)?.creator ?? null)
    let kind: VerdictKind = 'new'
    let reason: NewReason
    if (generatedReason === null || generatedReason === 'no-cookie' || presentedId === null) reason = generatedReason ?? (regenerated ? 'regenerate' : 'no-cookie')
    else if ((presented?.liveKeys ?? 0) > 0) {
      // A miss on a presented id: the session may still be stored under the key its own fingerprint gave.
      kind = presentedOwner === null ? 'new' : presentedOwner === browser ? 'locked-out' : 'blocked'
      reason = 'fingerprint-mismatch'
    } else reason = presented?.gone ?? 'unknown-id'
    return verdictOf(exchange, browser, sentAt, presentedId, presentedOwner, regenerated, kind, reason, sessionId, owner)
  }

  /** The reaper removed keys. */
  reap(record: ReapRecord): void {
    this.reaped(record.removed)
  }

  /** The reaper removed these keys (a reap's `removed`, for readers that follow events rather than records). */
  reaped(keys: readonly string[]): void {
    for (const key of keys) this.#remove(key, 'reaped')
  }

  /** A direct store call: destroy and clear remove keys. */
  storeCall(record: StoreCallRecord): void {
    const result = record.result
    if (result.method === 'destroy' && result.destroyed) this.#remove(result.key, 'destroyed')
    else if (result.method === 'clear') for (const key of [...this.#live.keys()]) this.#remove(key, 'destroyed')
  }

  /** An id's entry: the last commit's when it is that id (no lookup), else the map's. */
  #stateOf(id: string): IdState | undefined {
    const last = this.#last
    return last !== null && last.id === id ? last : this.#ids.get(id)
  }

  #committed(key: string, id: string, creator: string | null): void {
    const previous = this.#live.get(key)
    let state: IdState | undefined = previous !== undefined && previous.id === id ? previous : this.#ids.get(id)
    if (state === undefined) {
      state = { id, creator: null, liveKeys: 0, gone: null }
      this.#ids.set(id, state)
    }
    this.#last = state
    if (creator !== null && state.creator === null) {
      state.creator = creator
      this.#seen++
    }
    if (previous === state) return
    if (previous !== undefined) this.#drop(previous, 'destroyed')
    this.#live.set(key, state)
    state.liveKeys++
    state.gone = null
  }

  #remove(key: string, how: Gone): void {
    const state = this.#live.get(key)
    if (state === undefined) return
    this.#live.delete(key)
    this.#drop(state, how)
  }

  #drop(state: IdState, how: Gone): void {
    if (state.liveKeys > 1) {
      state.liveKeys--
      return
    }
    state.liveKeys = 0
    state.gone = how
  }
}

function verdictOf(
  exchange: number,
  browser: string,
  time: number,
  presentedId: string | null,
  presentedOwner: string | null,
  regenerated: boolean,
  kind: VerdictKind,
  reason: NewReason | null,
  sessionId: string | null,
  owner: string | null,
): Verdict {
  return { exchange, browser, time, presentedId, presentedOwner, regenerated, kind, reason, sessionId, owner }
}

/** The verdicts on every exchange of a trace held from the world's start (exchanges only, in trace order). */
export function verdictsOf(trace: readonly TraceRecord[]): Verdict[] {
  const tracker = new VerdictTracker()
  const out: Verdict[] = []
  for (const record of trace) {
    const v = tracker.record(record)
    if (v !== null) out.push(v)
  }
  return out
}

import { reapThreshold } from '../connect/internal.ts'
import type {
  FingerprintInputs,
  GenerateReason,
  PlainData,
  Request,
  SessionEvent,
  StoreEvent,
} from '../connect/index.ts'
import { PackedExchange, type Epoch } from './exchange-record.ts'
import type { StoreMirror } from './store-mirror.ts'
import type { StoreCallResult, StoreMethod } from './store-call.ts'

/** One decision of the session middleware during an exchange: a library event, minus its request. */
export type Step =
  | { readonly type: 'fingerprint'; readonly time: number; readonly id: string; readonly key: string; readonly inputs: FingerprintInputs | null }
  | { readonly type: 'lookup'; readonly time: number; readonly key: string; readonly result: 'hit' | 'miss' }
  | { readonly type: 'generate'; readonly time: number; readonly id: string; readonly key: string; readonly reason: GenerateReason }
  | { readonly type: 'load'; readonly time: number; readonly id: string; readonly key: string }
  | { readonly type: 'touch'; readonly time: number; readonly id: string; readonly lastAccess: number }
  | {
      readonly type: 'commit'
      readonly time: number
      readonly id: string
      readonly key: string
      readonly status: number
      readonly setCookie: string | null
      readonly withheld: 'insecure-connection' | null
      /** What the store saved, from its `set` event (null if the store announced none). */
      readonly data: PlainData | null
    }
  | { readonly type: 'skip-commit'; readonly time: number; readonly key: string | null; readonly reason: 'destroyed' }
  | { readonly type: 'destroy'; readonly time: number; readonly key: string; readonly destroyed: boolean }
  | { readonly type: 'regenerate'; readonly time: number; readonly oldId: string | null; readonly oldKey: string | null; readonly id: string; readonly key: string }
  | { readonly type: 'error'; readonly time: number; readonly stage: string; readonly name: string; readonly message: string }

/** What the browser put on the wire. */
export interface SentRequest {
  readonly method: string
  readonly path: string
  readonly ip: string
  readonly userAgent: string
  /** The Cookie header sent, or null when the browser had none to send. */
  readonly cookie: string | null
  readonly body: string | null
}

/** What came back. */
export interface ReceivedResponse {
  readonly status: number
  readonly body: string
  readonly setCookie: readonly string[]
}

/** One request and its response, with every decision the library announced in between. */
export interface ExchangeRecord {
  readonly kind: 'exchange'
  /** Position in the trace (all records share one numbering). */
  readonly seq: number
  /** The exchange's number, in the order requests were sent (from 1). */
  readonly exchange: number
  readonly browser: string
  readonly sentAt: number
  readonly finishedAt: number
  /** The fingerprint strategy in force when the request was sent. */
  readonly strategy: 'default' | 'user-agent' | 'ip-only' | 'none' | 'custom'
  /** In a cluster (or behind a proxy), the app server that handled it (`app-2`); absent for the single server. */
  readonly server?: string
  readonly request: SentRequest
  /** The library's decisions, in order. */
  readonly steps: readonly Step[]
  /** Summary: the store lookup's outcome ('none' when no lookup was made, e.g. no cookie was sent). */
  readonly lookup: 'hit' | 'miss' | 'error' | 'none'
  /** Summary: the id and key committed (null when nothing was committed). */
  readonly sessionId: string | null
  readonly sessionKey: string | null
  /** Summary: the committed session was generated during this exchange (no cookie, a miss, or regenerate). */
  readonly newSession: boolean
  /** Summary: the first error the library announced. */
  readonly error: { readonly stage: string; readonly name: string; readonly message: string } | null
  readonly response: ReceivedResponse
}

/**
 * One run of the reaper. `removed` lists the keys it deleted, oldest lastAccess first. Nothing the reaper keeps is
 * idle longer than maxAge (the comparison is strict, so a session exactly maxAge old stays), so instead of "stale"
 * keys the record lists `dueNext`: kept keys that will be idle longer than maxAge at the next reap, i.e. whose
 * lastAccess is below `now + reapInterval - maxAge`. Unless touched first, those are the next reap's victims, and
 * from the moment they pass maxAge until then they are zombies (loadable, and revived if loaded).
 */
export interface ReapRecord {
  readonly kind: 'reap'
  readonly seq: number
  readonly time: number
  readonly threshold: number
  readonly maxAge: number
  /** The reap interval in force (the next reap is due this much later). */
  readonly reapInterval: number
  readonly removed: readonly string[]
  readonly dueNext: readonly string[]
  /** Sessions the store holds after the reap. */
  readonly remaining: number
  /** In a cluster with a store per server, the server whose store was reaped (absent: the first server's, or the only one). */
  readonly store?: string
}

/** A reap of another store than the tracer's own (a cluster server's): its mirror, its size, its name. */
export interface ReapSource {
  readonly mirror: StoreMirror
  readonly size: number
  readonly store: string
}

/**
 * A store method called directly (by the reader, not by the middleware): `clear`, `all`, `length` or `destroy`,
 * with what it called back. `key` is the key a destroy named (null for the others).
 */
export interface StoreCallRecord {
  readonly kind: 'store-call'
  readonly seq: number
  readonly time: number
  readonly method: StoreMethod
  readonly key: string | null
  readonly result: StoreCallResult
  /** Sessions the store holds after the call. */
  readonly remaining: number
}

/** A request sent whose response has not ended yet (store latency holds it): who sent what, and when. */
export interface PendingExchange {
  readonly exchange: number
  readonly browser: string
  readonly sentAt: number
  readonly request: SentRequest
}

/** Anything the trace holds. */
export type TraceRecord = ExchangeRecord | ReapRecord | StoreCallRecord

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Where finished records go. */
export type RecordSink = (record: TraceRecord) => void

/**
 * What an engine tells about each exchange and reap as the library's events arrive. Tracer turns them into trace
 * records; a reader that needs less (a comparison's column, which only wants each request's verdict) can take them
 * itself and skip building records it would only decode again.
 */
export interface ExchangeTracer {
  /** Exchanges sent and not yet finished. */
  readonly inFlight: number
  /** A request is about to enter the stack. */
  open(req: Request, exchange: number, browser: string, sentAt: number, strategy: ExchangeRecord['strategy'], request: SentRequest, server?: string): void
  /** The request's response has ended; the record made of it, or null from a tracer that makes none. */
  close(req: Request, status: number, body: string, setCookie: readonly string[], now: number): ExchangeRecord | null
  /** Listener for the middleware's events. */
  readonly onSession: (event: SessionEvent) => void
  /** The store's `set` just now (its data as the engine read it once): the middleware's commit follows it. */
  saved(key: string, data: PlainData): void
  /** A run of the reaper, once the mirror has dropped the keys it removed (oldest first). */
  reaped(event: Extract<StoreEvent, { type: 'reap' }>, removed: readonly string[], source?: ReapSource): void
  /** The requests sent and not yet finished, in the order they were sent. */
  pending(): PendingExchange[]
  /** Forgets requests still open (their timeline was abandoned). */
  abandon(): void
}

/**
 * Builds trace records from the library's events as they arrive: each session event is attributed to its exchange
 * through the request it carries; store events give what was saved and the reaps. Nothing here decides anything
 * the library decided.
 */
export class Tracer implements ExchangeTracer {
  // Open exchanges but the newest: without store latency an exchange closes before the next one opens, so the
  // newest is kept apart (#newestReq/#newest) and the Map is only used when exchanges overlap, sparing a Map write,
  // a delete and a lookup per event for nearly every request.
  readonly #open = new Map<Request, PackedExchange>()
  #newestReq: Request | null = null
  #newest: PackedExchange | null = null
  readonly #sink: RecordSink
  readonly #mirror: StoreMirror
  readonly #reapInterval: () => number
  readonly #size: () => number
  // The store's last `set`, which the middleware's `commit` for the same key follows synchronously.
  #lastSetKey: string | null = null
  #lastSetData: PlainData | null = null
  // The instant records measure their times from (shared by all of them, so none holds a boxed number of its own).
  readonly #epoch: Epoch

  constructor(sink: RecordSink, mirror: StoreMirror, reapInterval: () => number, storeSize: () => number, epoch: number) {
    this.#epoch = { base: epoch }
    this.#sink = sink
    this.#mirror = mirror
    this.#reapInterval = reapInterval
    this.#size = storeSize
  }

  /** Exchanges sent and not yet finished. */
  get inFlight(): number {
    return this.#open.size + (this.#newest === null ? 0 : 1)
  }

  /**
   * Starts the record of a request about to enter the stack. Positional arguments rather than an object: the world
   * opens a record per request and an argument object would only be garbage.
   */
  open(req: Request, exchange: number, browser: string, sentAt: number, strategy: ExchangeRecord['strategy'], request: SentRequest, server?: string): void {
    const record = new PackedExchange(exchange, browser, this.#epoch, sentAt, strategy, request, server)
    // The previous newest is still open (its store operation is delayed): it moves to the Map.
    if (this.#newestReq !== null) this.#open.set(this.#newestReq, this.#newest as PackedExchange)
    this.#newestReq = req
    this.#newest = record
  }

  /** Completes a request's record with what the browser received and hands it to the sink. */
  close(req: Request, status: number, body: string, setCookie: readonly string[], now: number): ExchangeRecord {
    let record: PackedExchange | undefined
    if (req === this.#newestReq) {
      record = this.#newest as PackedExchange
      this.#newestReq = null
      this.#newest = null
    } else {
      record = this.#open.get(req)
      if (record === undefined) throw new Error('close() for a request that was never opened')
      this.#open.delete(req)
    }
    record.finish(status, body, setCookie, now)
    this.#sink(record)
    return record
  }

  /** The requests sent and not yet finished, in the order they were sent. */
  pending(): PendingExchange[] {
    const out: PendingExchange[] = []
    const add = (r: PackedExchange): void => {
      out.push({ exchange: r.exchange, browser: r.browser, sentAt: r.sentAt, request: r.request })
    }
    for (const r of this.#open.values()) add(r)
    if (this.#newest !== null) add(this.#newest)
    // The Map keeps insertion order, but an exchange moves into it only when a newer one opens.
    return out.sort((a, b) => a.exchange - b.exchange)
  }

  /** Forgets requests still open (their timeline was abandoned). */
  abandon(): void {
    this.#open.clear()
    this.#newestReq = null
    this.#newest = null
  }

  /** Listener for the middleware's events. */
  readonly onSession = (event: SessionEvent): void => {
    const req = event.req
    const record = req === this.#newestReq ? this.#newest : this.#open.get(req)
    if (record === undefined || record === null) return
    if (event.type !== 'commit') {
      record.add(event)
      return
    }
    // The store's `set` for this key came just before, synchronously: its data is what was saved.
    const data = this.#lastSetKey === event.key ? this.#lastSetData : null
    this.#lastSetKey = null
    this.#lastSetData = null
    record.add(event, data)
  }

  /** The store's `set` just now (its data as the engine read it once): the middleware's commit follows it. */
  saved(key: string, data: PlainData): void {
    this.#lastSetKey = key
    this.#lastSetData = data
  }

  /**
   * A run of the reaper, once the mirror has dropped the keys it removed (`removed`, oldest first, from the mirror:
   * the store lists them in its own internal order, which depends on history).
   */
  reaped(event: Extract<StoreEvent, { type: 'reap' }>, removed: readonly string[], source?: ReapSource): void {
    const { time, threshold, maxAge } = event
    const interval = this.#reapInterval()
    const mirror = source?.mirror ?? this.#mirror
    const dueNext = interval > 0 ? mirror.below(reapThreshold(time + interval, maxAge)) : []
    const record: Mutable<ReapRecord> = {
      kind: 'reap',
      seq: -1,
      time,
      threshold,
      maxAge,
      reapInterval: interval,
      removed,
      dueNext,
      remaining: source?.size ?? this.#size(),
    }
    if (source !== undefined) record.store = source.store
    this.#sink(record)
  }
}


// An engine's events read as they come, for readers that want each request's decisions once and no trace record:
// a comparison's column gives every request its verdict and then forgets it, so building a record per request (and
// decoding it again to read it) was most of a column's cost.
import type { PlainData, Request, SessionEvent, StoreEvent } from '../connect/index.ts'
import type { ExchangeRecord, ExchangeTracer, PendingExchange, SentRequest } from './trace.ts'

/** An exchange as a LiveTracer follows it: who sent what, and the library's decisions so far, as its events. */
export interface LiveExchange {
  readonly exchange: number
  readonly browser: string
  readonly sentAt: number
  readonly request: SentRequest
  /** The middleware's events for this request, in order: the first `count` entries (those past it are stale). */
  readonly events: readonly SessionEvent[]
  /** Per event: for a commit, what the store announced saving just before it (as a trace's commit step shows it); else null. */
  readonly saved: readonly (PlainData | null)[]
  /** How many events this request had. */
  readonly count: number
}

/** Where a LiveTracer hands what happened. */
export interface LiveSink {
  /** An exchange has finished; `exchange` is reused once this returns, so keep nothing of it but its parts. */
  exchange(exchange: LiveExchange, status: number, finishedAt: number): void
  /** The reaper removed `removed` at `time` (any store of a cluster). */
  reap(removed: readonly string[], time: number): void
}

interface Open {
  exchange: number
  browser: string
  sentAt: number
  request: SentRequest
  // Written from the start for each exchange and never truncated: emptying an array gives up its backing store,
  // and growing it again was two allocations per request.
  readonly events: SessionEvent[]
  readonly saved: (PlainData | null)[]
  count: number
}

/**
 * An ExchangeTracer that makes no records: each finished exchange goes to the sink as its events, and the objects
 * holding them are reused, so a request costs the tracer no allocation once warm.
 */
export class LiveTracer implements ExchangeTracer {
  // As in Tracer: the newest open exchange apart, the Map only when store latency makes exchanges overlap.
  readonly #open = new Map<Request, Open>()
  #newestReq: Request | null = null
  #newest: Open | null = null
  readonly #free: Open[] = []
  readonly #sink: LiveSink
  #lastSetKey: string | null = null
  #lastSetData: PlainData | null = null

  constructor(sink: LiveSink) {
    this.#sink = sink
  }

  /** Exchanges sent and not yet finished. */
  get inFlight(): number {
    return this.#open.size + (this.#newest === null ? 0 : 1)
  }

  /** A request is about to enter the stack. */
  open(req: Request, exchange: number, browser: string, sentAt: number, _strategy: ExchangeRecord['strategy'], request: SentRequest): void {
    const x = this.#free.pop() ?? { exchange, browser, sentAt, request, events: [], saved: [], count: 0 }
    x.exchange = exchange
    x.browser = browser
    x.sentAt = sentAt
    x.request = request
    x.count = 0
    if (this.#newestReq !== null) this.#open.set(this.#newestReq, this.#newest as Open)
    this.#newestReq = req
    this.#newest = x
  }

  /** The response has ended: the exchange goes to the sink; no record is made. */
  close(req: Request, status: number, _body: string, _setCookie: readonly string[], now: number): null {
    let x: Open | undefined
    if (req === this.#newestReq) {
      x = this.#newest as Open
      this.#newestReq = null
      this.#newest = null
    } else {
      x = this.#open.get(req)
      if (x === undefined) throw new Error('close() for a request that was never opened')
      this.#open.delete(req)
    }
    try {
      this.#sink.exchange(x, status, now)
    } finally {
      this.#free.push(x)
    }
    return null
  }

  /** Listener for the middleware's events. */
  readonly onSession = (event: SessionEvent): void => {
    const req = event.req
    const x = req === this.#newestReq ? this.#newest : this.#open.get(req)
    if (x === undefined || x === null) return
    const i = x.count++
    x.events[i] = event
    if (event.type !== 'commit') {
      x.saved[i] = null
      return
    }
    // The store's `set` for this key came just before, synchronously (as Tracer reads it).
    x.saved[i] = this.#lastSetKey === event.key ? this.#lastSetData : null
    this.#lastSetKey = null
    this.#lastSetData = null
  }

  /** The store's `set` just now: the middleware's commit follows it. */
  saved(key: string, data: PlainData): void {
    this.#lastSetKey = key
    this.#lastSetData = data
  }

  /** A run of the reaper. */
  reaped(event: Extract<StoreEvent, { type: 'reap' }>, removed: readonly string[]): void {
    this.#sink.reap(removed, event.time)
  }

  /** The requests sent and not yet finished, in the order they were sent. */
  pending(): PendingExchange[] {
    const out: PendingExchange[] = []
    for (const x of this.#open.values()) out.push({ exchange: x.exchange, browser: x.browser, sentAt: x.sentAt, request: x.request })
    const n = this.#newest
    if (n !== null) out.push({ exchange: n.exchange, browser: n.browser, sentAt: n.sentAt, request: n.request })
    return out.sort((a, b) => a.exchange - b.exchange)
  }

  /** Forgets requests still open. */
  abandon(): void {
    this.#open.clear()
    this.#newestReq = null
    this.#newest = null
  }
}

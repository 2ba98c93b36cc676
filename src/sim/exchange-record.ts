import type { FingerprintInputs, GenerateReason, PlainData, SessionEvent } from '../connect/index.ts'
import type { ExchangeRecord, ReceivedResponse, SentRequest, Step } from './trace.ts'

// Packed step codes. A step is stored as its code, its time as an offset from the exchange's sentAt, then its own
// fields in a fixed order (see ARITY and decodeStep).
const FINGERPRINT = 0
const LOOKUP = 1
const GENERATE = 2
const LOAD = 3
const TOUCH = 4
const COMMIT = 5
const SKIP_COMMIT = 6
const DESTROY = 7
const REGENERATE = 8
const ERROR = 9
/** Slots each code takes in the packed array, the code and time offset included. */
const ARITY = [5, 4, 5, 4, 4, 8, 4, 4, 6, 5] as const
const TYPICAL_SLOTS = 25

const NO_SET_COOKIE: readonly string[] = Object.freeze([])
const IN_FLIGHT: ReceivedResponse = Object.freeze({ status: 0, body: '', setCookie: NO_SET_COOKIE })

type Summary = ExchangeRecord['error']

/** The instant a tracer's records measure their times from. */
export interface Epoch {
  readonly base: number
}

const ZERO: Epoch = Object.freeze({ base: 0 })

/**
 * An exchange's record as the trace keeps it. The world retains thousands of these, so the steps live in one flat
 * array (times as small offsets from `sentAt`, which stay unboxed integers) instead of a dozen small objects per
 * request; `steps` and `response` are built from it on first read and then kept. `toJSON` gives the plain record.
 */
export class PackedExchange implements ExchangeRecord {
  readonly kind = 'exchange' as const
  seq = -1
  readonly exchange: number
  readonly browser: string
  readonly strategy: ExchangeRecord['strategy']
  readonly request: SentRequest
  lookup: ExchangeRecord['lookup'] = 'none'
  sessionId: string | null = null
  sessionKey: string | null = null
  newSession = false
  error: Summary = null
  // sentAt as an offset from a base the tracer chooses (its world's start), and every other time as an offset from
  // sentAt (see offset): small integers, which V8 keeps unboxed.
  readonly #epoch: Epoch
  readonly #sent: number
  #finished: Offset = 0
  // Sized for the usual exchange (fingerprint, lookup, load, touch, commit take 25 slots) and filled by index, so a
  // request costs one allocation here rather than push's growth steps; `finish` trims what went unused.
  #packed: unknown[] = new Array(TYPICAL_SLOTS)
  #used = 0
  #steps: readonly Step[] | null = null
  #done = false
  #status = 0
  #body = ''
  #setCookie: readonly string[] = NO_SET_COOKIE
  #response: ReceivedResponse | null = null

  constructor(exchange: number, browser: string, epoch: Epoch, sentAt: number, strategy: ExchangeRecord['strategy'], request: SentRequest) {
    this.exchange = exchange
    this.browser = browser
    this.strategy = strategy
    this.request = request
    // An epoch that would round sentAt (a fractional time far from it) is not used.
    const base = epoch.base
    const exact = sentAt - base + base === sentAt
    this.#epoch = exact ? epoch : ZERO
    this.#sent = exact ? sentAt - base : sentAt
  }

  get sentAt(): number {
    return this.#epoch.base + this.#sent
  }

  get finishedAt(): number {
    return at(this.sentAt, this.#finished)
  }

  /** The library's decisions, in order (built on first read, then kept until another step arrives). */
  get steps(): readonly Step[] {
    this.#steps ??= this.#decode()
    return this.#steps
  }

  /** What the browser received (a placeholder with status 0 while the request is in flight). */
  get response(): ReceivedResponse {
    if (!this.#done) return IN_FLIGHT
    this.#response ??= { status: this.#status, body: this.#body, setCookie: this.#setCookie }
    return this.#response
  }

  /** Appends a library event as a step (a commit goes through `commit`, with the store's data). */
  add(event: SessionEvent): void {
    const sentAt = this.sentAt
    const dt = offset(event.time, sentAt)
    this.#steps = null
    switch (event.type) {
      case 'fingerprint':
        this.#put5(FINGERPRINT, dt, event.id, event.key, event.inputs)
        return
      case 'lookup':
        this.lookup = event.result
        this.#put4(LOOKUP, dt, event.key, event.result)
        return
      case 'generate':
        this.#put5(GENERATE, dt, event.id, event.key, event.reason)
        return
      case 'load':
        this.#put4(LOAD, dt, event.id, event.key)
        return
      case 'touch':
        this.#put4(TOUCH, dt, event.id, offset(event.lastAccess, sentAt))
        return
      case 'skip-commit':
        this.#put4(SKIP_COMMIT, dt, event.key ?? null, event.reason)
        return
      case 'destroy':
        this.#put4(DESTROY, dt, event.key, event.destroyed)
        return
      case 'regenerate':
        this.#put4(REGENERATE, dt, event.oldId ?? null, event.oldKey ?? null)
        this.#put2(event.id, event.key)
        return
      case 'error': {
        const { stage, error } = event
        if (stage === 'lookup') this.lookup = 'error'
        this.error ??= { stage, name: error.name, message: error.message }
        this.#put5(ERROR, dt, stage, error.name, error.message)
        return
      }
      case 'commit':
        this.commit(event, null)
        return
    }
  }

  /** Appends the commit step, with what the store saved (null if it announced nothing). */
  commit(event: Extract<SessionEvent, { type: 'commit' }>, data: PlainData | null): void {
    this.sessionId = event.id
    this.sessionKey = event.key
    this.newSession = this.#generated(event.id)
    this.#steps = null
    this.#put4(COMMIT, offset(event.time, this.sentAt), event.id, event.key)
    this.#put4(event.status, event.setCookie, event.withheld ?? null, data)
  }

  /** Completes the record with what the browser received. */
  finish(status: number, body: string, setCookie: readonly string[], time: number): void {
    this.#finished = offset(time, this.sentAt)
    this.#done = true
    this.#status = status
    this.#body = body
    this.#setCookie = setCookie.length === 0 ? NO_SET_COOKIE : setCookie
    if (this.#used !== this.#packed.length) this.#packed = this.#packed.slice(0, this.#used)
  }

  /** The plain record, as JSON shows it. */
  toJSON(): ExchangeRecord {
    return {
      kind: this.kind,
      seq: this.seq,
      exchange: this.exchange,
      browser: this.browser,
      sentAt: this.sentAt,
      finishedAt: this.finishedAt,
      strategy: this.strategy,
      request: this.request,
      steps: this.steps,
      lookup: this.lookup,
      sessionId: this.sessionId,
      sessionKey: this.sessionKey,
      newSession: this.newSession,
      error: this.error,
      response: this.response,
    }
  }

  // Writes go one index after another, so past the initial size they append as push would.
  #put2(a: unknown, b: unknown): void {
    const p = this.#packed
    const i = this.#used
    p[i] = a
    p[i + 1] = b
    this.#used = i + 2
  }

  #put4(a: unknown, b: unknown, c: unknown, d: unknown): void {
    const p = this.#packed
    const i = this.#used
    p[i] = a
    p[i + 1] = b
    p[i + 2] = c
    p[i + 3] = d
    this.#used = i + 4
  }

  #put5(a: unknown, b: unknown, c: unknown, d: unknown, e: unknown): void {
    this.#put4(a, b, c, d)
    this.#packed[this.#used++] = e
  }

  /** True when a generate step gave the session `id` during this exchange. */
  #generated(id: string): boolean {
    const p = this.#packed
    for (let i = 0; i < this.#used; i += ARITY[p[i] as number] as number) {
      if (p[i] === GENERATE && p[i + 2] === id) return true
    }
    return false
  }

  #decode(): Step[] {
    const p = this.#packed
    const sentAt = this.sentAt
    const steps: Step[] = []
    for (let i = 0; i < this.#used; i += ARITY[p[i] as number] as number) steps.push(decodeStep(p, i, sentAt))
    return steps
  }
}

/** A time relative to `from`: the difference when adding it back gives the time exactly, else the time itself boxed. */
type Offset = number | readonly [number]

function offset(time: number, from: number): Offset {
  const d = time - from
  return from + d === time ? d : [time]
}

function at(from: number, o: Offset): number {
  return typeof o === 'number' ? from + o : o[0]
}

function decodeStep(p: readonly unknown[], i: number, sentAt: number): Step {
  const time = at(sentAt, p[i + 1] as Offset)
  const a = p[i + 2]
  const b = p[i + 3]
  switch (p[i] as number) {
    case FINGERPRINT:
      return { type: 'fingerprint', time, id: a as string, key: b as string, inputs: p[i + 4] as FingerprintInputs | null }
    case LOOKUP:
      return { type: 'lookup', time, key: a as string, result: b as 'hit' | 'miss' }
    case GENERATE:
      return { type: 'generate', time, id: a as string, key: b as string, reason: p[i + 4] as GenerateReason }
    case LOAD:
      return { type: 'load', time, id: a as string, key: b as string }
    case TOUCH:
      return { type: 'touch', time, id: a as string, lastAccess: at(sentAt, b as Offset) }
    case COMMIT:
      return {
        type: 'commit',
        time,
        id: a as string,
        key: b as string,
        status: p[i + 4] as number,
        setCookie: p[i + 5] as string | null,
        withheld: p[i + 6] as 'insecure-connection' | null,
        data: p[i + 7] as PlainData | null,
      }
    case SKIP_COMMIT:
      return { type: 'skip-commit', time, key: a as string | null, reason: b as 'destroyed' }
    case DESTROY:
      return { type: 'destroy', time, key: a as string, destroyed: b as boolean }
    case REGENERATE:
      return { type: 'regenerate', time, oldId: a as string | null, oldKey: b as string | null, id: p[i + 4] as string, key: p[i + 5] as string }
    default:
      return { type: 'error', time, stage: a as string, name: b as string, message: p[i + 4] as string }
  }
}

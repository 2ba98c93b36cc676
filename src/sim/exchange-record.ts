import type { FingerprintInputs, GenerateReason, PlainData, SessionEvent } from '../connect/index.ts'
import type { ExchangeRecord, ReceivedResponse, SentRequest, Step } from './trace.ts'

// A packed step is a header slot (its type in the low four bits, plus the flags below), then its time as an offset
// from the exchange's sentAt, its id and its key, each left out when a flag says so, then its own fields (decodeSteps).
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
const TYPE = 15
/** The step happened at sentAt. */
const AT_SENT = 16
/** The step's id is the id of the last step that had one. */
const SAME_ID = 32
/** The step's key is the key of the last step that had one. */
const SAME_KEY = 64
/** A touch's lastAccess is the touch's own time. */
const TOUCHED_AT_TIME = 128

// Sized for the usual exchange: a returning browser's fingerprint, lookup, load, touch and commit take 13 slots.
const TYPICAL_SLOTS = 13

const NO_SET_COOKIE: readonly string[] = Object.freeze([])
const IN_FLIGHT: ReceivedResponse = Object.freeze({ status: 0, body: '', setCookie: NO_SET_COOKIE })
const IN_FLIGHT_STATUS = -1

/** The instant a tracer's records measure their times from. */
export interface Epoch {
  readonly base: number
}

const ZERO: Epoch = Object.freeze({ base: 0 })

/** What a record shows, built from the packed steps on first read. */
interface Views {
  readonly steps: readonly Step[]
  readonly lookup: ExchangeRecord['lookup']
  readonly sessionId: string | null
  readonly sessionKey: string | null
  readonly newSession: boolean
  readonly error: ExchangeRecord['error']
  readonly response: ReceivedResponse
}

/**
 * An exchange's record as the trace keeps it. The world retains thousands of these (every one outlives a young-
 * generation collection, so its size is paid for again in the collector), so a record is one object and one flat
 * array: times are small offsets from `sentAt` (unboxed integers), an id or key that repeats the previous step's is
 * not stored again, and the summaries (`lookup`, `sessionId`, `error`, ...) are worked out from the steps when read.
 * Everything shown is built on first read and kept; `toJSON` gives the plain record.
 */
export class PackedExchange implements ExchangeRecord {
  seq = -1
  readonly exchange: number
  readonly browser: string
  readonly strategy: ExchangeRecord['strategy']
  readonly request: SentRequest
  /** The cluster server that handled it; undefined for the single server. */
  readonly server: string | undefined
  // sentAt as an offset from a base the tracer chooses (its world's start), kept small for the same reason.
  readonly #epoch: Epoch
  readonly #sent: number
  #finished: Offset = 0
  // Filled by index; past its initial size a write at the end appends as push would. `finish` trims the unused part.
  #packed: unknown[] = new Array(TYPICAL_SLOTS)
  #used = 0
  // The id and key the next step may repeat.
  #lastId: string | null = null
  #lastKey: string | null = null
  #status = IN_FLIGHT_STATUS
  #body = ''
  #setCookie: string | readonly string[] | null = null
  #views: Views | null = null

  constructor(exchange: number, browser: string, epoch: Epoch, sentAt: number, strategy: ExchangeRecord['strategy'], request: SentRequest, server?: string) {
    this.exchange = exchange
    this.browser = browser
    this.strategy = strategy
    this.request = request
    this.server = server
    // An epoch that would round sentAt (a fractional time far from it) is not used.
    const base = epoch.base
    const exact = sentAt - base + base === sentAt
    this.#epoch = exact ? epoch : ZERO
    this.#sent = exact ? sentAt - base : sentAt
  }

  get kind(): 'exchange' {
    return 'exchange'
  }

  get sentAt(): number {
    return this.#epoch.base + this.#sent
  }

  get finishedAt(): number {
    return at(this.sentAt, this.#finished)
  }

  /** The library's decisions, in order. */
  get steps(): readonly Step[] {
    return this.#read().steps
  }

  /** The store lookup's outcome ('none' when no lookup was made, e.g. no cookie was sent). */
  get lookup(): ExchangeRecord['lookup'] {
    return this.#read().lookup
  }

  /** The id committed (null when nothing was committed). */
  get sessionId(): string | null {
    return this.#read().sessionId
  }

  /** The key committed (null when nothing was committed). */
  get sessionKey(): string | null {
    return this.#read().sessionKey
  }

  /** The committed session was generated during this exchange (no cookie, a miss, or regenerate). */
  get newSession(): boolean {
    return this.#read().newSession
  }

  /** The first error the library announced. */
  get error(): ExchangeRecord['error'] {
    return this.#read().error
  }

  /** What the browser received (a placeholder with status 0 while the request is in flight). */
  get response(): ReceivedResponse {
    return this.#read().response
  }

  /** Appends a library event as a step; a commit's step shows what the store announced saving (`saved`). */
  add(event: SessionEvent, saved: PlainData | null = null): void {
    this.#views = null
    const time = event.time
    switch (event.type) {
      case 'fingerprint':
        this.#head(FINGERPRINT, time, event.id, event.key)
        this.#put(packInputs(event.inputs, event.id, this.request))
        return
      case 'lookup':
        this.#head(LOOKUP, time, null, event.key)
        this.#put(event.result)
        return
      case 'generate':
        this.#head(GENERATE, time, event.id, event.key)
        this.#put(event.reason)
        return
      case 'load':
        this.#head(LOAD, time, event.id, event.key)
        return
      case 'touch':
        if (event.lastAccess === time) this.#head(TOUCH | TOUCHED_AT_TIME, time, event.id, null)
        else {
          this.#head(TOUCH, time, event.id, null)
          this.#put(offset(event.lastAccess, this.sentAt))
        }
        return
      case 'commit':
        this.#head(COMMIT, time, event.id, event.key)
        this.#put(event.status)
        this.#put(event.setCookie)
        this.#put(event.withheld ?? null)
        this.#put(saved)
        return
      case 'skip-commit':
        this.#head(SKIP_COMMIT, time, null, null)
        this.#put(event.key ?? null)
        this.#put(event.reason)
        return
      case 'destroy':
        this.#head(DESTROY, time, null, event.key)
        this.#put(event.destroyed)
        return
      case 'regenerate':
        this.#head(REGENERATE, time, event.id, event.key)
        this.#put(event.oldId ?? null)
        this.#put(event.oldKey ?? null)
        return
      case 'error':
        this.#head(ERROR, time, null, null)
        this.#put(event.stage)
        this.#put(event.error.name)
        this.#put(event.error.message)
        return
    }
  }

  /** Completes the record with what the browser received. */
  finish(status: number, body: string, setCookie: readonly string[], time: number): void {
    this.#views = null
    this.#finished = offset(time, this.sentAt)
    this.#status = status
    this.#body = body
    this.#setCookie = setCookie.length === 0 ? null : setCookie.length === 1 ? (setCookie[0] as string) : setCookie.slice()
    if (this.#used !== this.#packed.length) this.#packed = this.#packed.slice(0, this.#used)
    this.#lastId = null
    this.#lastKey = null
  }

  /** The plain record, as JSON shows it. */
  toJSON(): ExchangeRecord {
    const v = this.#read()
    return {
      kind: 'exchange',
      seq: this.seq,
      exchange: this.exchange,
      browser: this.browser,
      sentAt: this.sentAt,
      finishedAt: this.finishedAt,
      strategy: this.strategy,
      ...(this.server !== undefined ? { server: this.server } : {}),
      request: this.request,
      steps: v.steps,
      lookup: v.lookup,
      sessionId: v.sessionId,
      sessionKey: v.sessionKey,
      newSession: v.newSession,
      error: v.error,
      response: v.response,
    }
  }

  /** Writes a step's header, time, id and key (null: the step type has none), leaving out what repeats. */
  #head(header: number, time: number, id: string | null, key: string | null): void {
    const dt = offset(time, this.sentAt)
    if (dt === 0) header |= AT_SENT
    if (id !== null && id === this.#lastId) header |= SAME_ID
    if (key !== null && key === this.#lastKey) header |= SAME_KEY
    this.#put(header)
    if (dt !== 0) this.#put(dt)
    if (id !== null) {
      if ((header & SAME_ID) === 0) this.#put(id)
      this.#lastId = id
    }
    if (key !== null) {
      if ((header & SAME_KEY) === 0) this.#put(key)
      this.#lastKey = key
    }
  }

  #put(value: unknown): void {
    this.#packed[this.#used++] = value
  }

  /**
   * Drops the decoded views, so a record kept long after it was read weighs only its packed form (the next read
   * decodes again). For holders of many records each read once, as a comparison's columns are.
   */
  forget(): void {
    this.#views = null
  }

  #read(): Views {
    if (this.#views !== null) return this.#views
    const steps = decodeSteps(this.#packed, this.#used, this.sentAt, this.request)
    let lookup: ExchangeRecord['lookup'] = 'none'
    let commit: Extract<Step, { type: 'commit' }> | null = null
    let commitAt = -1
    let error: ExchangeRecord['error'] = null
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step
      if (step.type === 'lookup') lookup = step.result
      else if (step.type === 'commit') {
        commit = step
        commitAt = i
      } else if (step.type === 'error') {
        if (step.stage === 'lookup') lookup = 'error'
        error ??= { stage: step.stage, name: step.name, message: step.message }
      }
    }
    const newSession = commit !== null && generatedBefore(steps, commitAt, commit.id)
    const setCookie = this.#setCookie
    const response: ReceivedResponse =
      this.#status === IN_FLIGHT_STATUS
        ? IN_FLIGHT
        : { status: this.#status, body: this.#body, setCookie: setCookie === null ? NO_SET_COOKIE : typeof setCookie === 'string' ? [setCookie] : setCookie }
    this.#views = { steps, lookup, sessionId: commit?.id ?? null, sessionKey: commit?.key ?? null, newSession, error, response }
    return this.#views
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

/**
 * The shapes in which a fingerprint's inputs are only the step's id and what the browser sent (the default strategy
 * and the simulator's named ones). Inputs in one of these shapes are stored as the shape's number and rebuilt when
 * read: an object less for the trace to keep per request.
 */
const INPUT_SHAPES: readonly (readonly ('id' | 'remoteAddress' | 'userAgent')[])[] = [['id', 'remoteAddress', 'userAgent'], ['id', 'userAgent'], ['id'], ['id', 'remoteAddress']]

function inputValue(name: 'id' | 'remoteAddress' | 'userAgent', id: string, request: SentRequest): string {
  return name === 'id' ? id : name === 'remoteAddress' ? request.ip : request.userAgent
}

function packInputs(inputs: FingerprintInputs | null, id: string, request: SentRequest): unknown {
  if (inputs === null) return null
  shapes: for (let s = 0; s < INPUT_SHAPES.length; s++) {
    const shape = INPUT_SHAPES[s] as readonly ('id' | 'remoteAddress' | 'userAgent')[]
    let n = 0
    for (const name in inputs) {
      const expected = shape[n]
      if (name !== expected || inputs[name] !== inputValue(expected, id, request)) continue shapes
      n++
    }
    if (n === shape.length) return s
  }
  return inputs
}

function unpackInputs(packed: unknown, id: string, request: SentRequest): FingerprintInputs | null {
  if (typeof packed !== 'number') return packed as FingerprintInputs | null
  const inputs: Record<string, string> = {}
  for (const name of INPUT_SHAPES[packed] as readonly ('id' | 'remoteAddress' | 'userAgent')[]) inputs[name] = inputValue(name, id, request)
  return inputs
}

const HAS_ID = [true, false, true, true, true, true, false, false, true, false]
const HAS_KEY = [true, true, true, true, false, true, false, true, true, false]

function decodeSteps(p: readonly unknown[], used: number, sentAt: number, request: SentRequest): Step[] {
  const steps: Step[] = []
  let id = ''
  let key = ''
  let i = 0
  while (i < used) {
    const header = p[i++] as number
    const type = header & TYPE
    const time = (header & AT_SENT) !== 0 ? sentAt : at(sentAt, p[i++] as Offset)
    if (HAS_ID[type] === true && (header & SAME_ID) === 0) id = p[i++] as string
    if (HAS_KEY[type] === true && (header & SAME_KEY) === 0) key = p[i++] as string
    switch (type) {
      case FINGERPRINT:
        steps.push({ type: 'fingerprint', time, id, key, inputs: unpackInputs(p[i++], id, request) })
        break
      case LOOKUP:
        steps.push({ type: 'lookup', time, key, result: p[i++] as 'hit' | 'miss' })
        break
      case GENERATE:
        steps.push({ type: 'generate', time, id, key, reason: p[i++] as GenerateReason })
        break
      case LOAD:
        steps.push({ type: 'load', time, id, key })
        break
      case TOUCH: {
        const lastAccess = (header & TOUCHED_AT_TIME) !== 0 ? time : at(sentAt, p[i++] as Offset)
        steps.push({ type: 'touch', time, id, lastAccess })
        break
      }
      case COMMIT: {
        const status = p[i] as number
        const setCookie = p[i + 1] as string | null
        const withheld = p[i + 2] as 'insecure-connection' | null
        const data = p[i + 3] as PlainData | null
        i += 4
        steps.push({ type: 'commit', time, id, key, status, setCookie, withheld, data })
        break
      }
      case SKIP_COMMIT: {
        const skipped = p[i] as string | null
        steps.push({ type: 'skip-commit', time, key: skipped, reason: p[i + 1] as 'destroyed' })
        i += 2
        break
      }
      case DESTROY:
        steps.push({ type: 'destroy', time, key, destroyed: p[i++] as boolean })
        break
      case REGENERATE: {
        const oldId = p[i] as string | null
        const oldKey = p[i + 1] as string | null
        i += 2
        steps.push({ type: 'regenerate', time, oldId, oldKey, id, key })
        break
      }
      default: {
        const stage = p[i] as string
        const name = p[i + 1] as string
        const message = p[i + 2] as string
        i += 3
        steps.push({ type: 'error', time, stage, name, message })
      }
    }
  }
  return steps
}

/**
 * Whether the exchange whose decisions are `steps` generated session `id` before `end` (the index of its commit):
 * the session it committed is then one it made, not one it loaded. Steps of a record and the library's events alike.
 */
export function generatedBefore(steps: readonly { readonly type: string; readonly id?: string }[], end: number, id: string): boolean {
  for (let i = 0; i < end; i++) {
    const step = steps[i]!
    if (step.type === 'generate' && step.id === id) return true
  }
  return false
}

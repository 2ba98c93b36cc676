import {
  cookieDecoder,
  createServer,
  MemoryStore,
  session,
  uid2010,
  type App,
  type CookieOptions,
  type Handler,
  type PlainData,
  type SessionMiddleware,
  type StoreEvent,
} from '../connect/index.ts'
import { Browser, type BrowserSnapshot, type BrowserSpec } from './browser.ts'
import { demoApp, demoErrorPage } from './demo-app.ts'
import { FaultyStore, mergeFaults, type Faults } from './faulty-store.ts'
import { fingerprintOption, strategyName, type FingerprintStrategy } from './fingerprint-strategy.ts'
import { SimRequest, SimResponse } from './http.ts'
import { SeededRandom, type RandomState } from './seeded-random.ts'
import { freezePlainData, StoreMirror, type StoreContents } from './store-mirror.ts'
import { callStore, describeResult, type StoreCall, type StoreCallResult } from './store-call.ts'
import type { StoreCallLogSnapshot } from './store-call-log.ts'
import { Tracer, type ExchangeRecord, type RecordSink, type SentRequest, type StoreCallRecord } from './trace.ts'
import { firstTellingReap } from './reap-schedule.ts'
import { VirtualClock } from './virtual-clock.ts'
import { quote } from './quote.ts'
import { simQuirkList, type SimQuirks } from './sim-quirks.ts'

/** Every stack order, the correct one first. */
export const STACK_ORDERS = ['decoder-first', 'decoder-after', 'decoder-missing'] as const

/** Where cookieDecoder sits relative to session(): above it (correct), below it, or not at all. */
export type StackOrder = (typeof STACK_ORDERS)[number]

/** The settings a running world can change. */
export interface Settings {
  readonly reapInterval: number
  readonly maxAge: number
  /** Cookie attributes as given (the library merges in `{ path: '/', httpOnly: true }`); undefined: defaults. */
  readonly cookie: CookieOptions | undefined
  readonly fingerprint: FingerprintStrategy
  readonly stackOrder: StackOrder
  /** 2010 mode: the library's quirks brought back (see sim-quirks.ts); absent or [] for none. */
  readonly quirks?: SimQuirks
}

/** A request a browser sends. */
export interface SendSpec {
  /** Default GET. */
  readonly method?: string
  /** Path and query, default '/'. */
  readonly path?: string
  readonly body?: string
}

/** A session as the store holds it. */
export interface SessionView {
  readonly key: string
  readonly id: string
  readonly lastAccess: number
  /** A copy of everything stored, `id` and `lastAccess` included. */
  readonly data: PlainData
}

/** Everything needed to rebuild an engine exactly as it was at a quiescent instant. */
export interface EngineSnapshot {
  readonly time: number
  /** When the reaper was next due, or null when reaping was off. */
  readonly reaperDue: number | null
  /** When the reaper's current schedule began (the world's start, or the last change of reapInterval). */
  readonly reaperSince: number
  readonly settings: Settings
  readonly faults: Faults
  readonly ids: RandomState
  readonly faultRandom: RandomState
  readonly store: StoreContents
  readonly browsers: readonly BrowserSnapshot[]
  /** The expiries of every browser's cookies, browser after browser in `browsers` order (NaN: none). */
  readonly expiries: Float64Array
  readonly exchanges: number
  /** The store-calls log as it stood. */
  readonly storeCalls: StoreCallLogSnapshot
}

/** How an engine starts. */
export interface EngineInit {
  readonly seed: number
  readonly startTime: number
  readonly settings: Settings
  readonly faults: Faults
  readonly sink: RecordSink
}

// session() calls genid once while it is built, to check it; that probe must not consume a seeded id.
const PROBE_ID = '00000000000000000000000000000000'

/**
 * One timeline of the simulated world: the virtual clock, the real library (MemoryStore behind the fault layer,
 * session(), createServer with the demo app) and the browsers. It performs actions without checking them (the
 * world checks) and can be captured and rebuilt at quiescent instants.
 */
export class Engine {
  readonly clock: VirtualClock
  readonly memory: MemoryStore
  readonly store: FaultyStore
  readonly browsers: Map<string, Browser>
  readonly tracer: Tracer
  readonly #mirror: StoreMirror
  readonly #ids: SeededRandom
  readonly #faultRandom: SeededRandom
  #decoder: Handler = cookieDecoder()
  readonly #demo = demoApp()
  readonly #errors = demoErrorPage()
  readonly #sink: RecordSink
  #settings: Settings
  // strategyName(settings.fingerprint), kept with the settings rather than worked out per request.
  #strategy: ExchangeRecord['strategy']
  #middleware!: SessionMiddleware
  #app!: App
  #exchanges = 0
  #decoderQuirks = false
  #probing = false
  // The browser whose request is inside the stack right now (saves made later, after store latency, have none).
  #sending: Browser | null = null
  readonly #genid = (): string => (this.#probing ? PROBE_ID : this.#ids.nextHexId())
  // Quirk math-random-ids: 2010's four-chunk ids, drawn from the world's seeded generator so runs repeat.
  readonly #genid2010 = (): string => (this.#probing ? PROBE_ID : uid2010(() => this.#ids.nextFloat()))

  /**
   * When the reaper's current schedule began: it has run (or skipped as idle) every reapInterval since, so the
   * instants it ran at can be told without a record of each idle run.
   */
  reaperSince: number

  constructor(init: EngineInit, from?: EngineSnapshot) {
    const settings = from?.settings ?? init.settings
    this.#settings = settings
    this.#strategy = strategyName(settings.fingerprint)
    this.#sink = init.sink
    // A rebuilt reaper must keep its phase: make the clock read the reaper's last start, create the store (its
    // interval then falls due exactly when it did), and only then jump to the snapshot's time.
    const start = from === undefined ? init.startTime : from.reaperDue !== null ? from.reaperDue - settings.reapInterval : from.time
    this.clock = new VirtualClock(start)
    this.reaperSince = from?.reaperSince ?? init.startTime
    // The clock's only interval is the reaper: a tick before the first one that removes or announces the oldest
    // session would do nothing but add an empty record, so the clock jumps over such ticks in one step.
    this.clock.skipIdle((due, period) => firstTellingReap(this.memory.earliestDeadline(), due, period))
    this.memory = new MemoryStore({
      reapInterval: settings.reapInterval,
      maxAge: settings.maxAge,
      clock: this.clock,
      ...(settings.cookie !== undefined ? { cookie: settings.cookie } : {}),
    })
    this.#ids = new SeededRandom(init.seed, 0)
    this.#faultRandom = new SeededRandom(init.seed, 1)
    this.store = new FaultyStore(this.memory, this.clock, this.#faultRandom)
    this.store.faults = from?.faults ?? init.faults
    if (from !== undefined) this.store.calls.restore(from.storeCalls)
    // Restored entries are written before anyone listens: they are not news, and the mirrors come from the snapshot.
    if (from !== undefined) {
      const { keys, data } = from.store
      for (let i = 0; i < keys.length; i++) this.memory.set(keys[i] as string, data[i] as PlainData)
    }
    this.#mirror = from !== undefined ? StoreMirror.from(from.store) : new StoreMirror()
    this.tracer = new Tracer(init.sink, this.#mirror, () => this.memory.reapInterval, () => this.memory.size, init.startTime)
    this.memory.on(this.#onStore)
    this.browsers = new Map()
    if (from !== undefined) {
      this.clock.warp(from.time)
      this.#ids.restore(from.ids)
      this.#faultRandom.restore(from.faultRandom)
      let at = 0
      for (const b of from.browsers) {
        const browser = Browser.from(b, from.expiries, at)
        at += browser.jar.size
        this.browsers.set(b.name, browser)
      }
      this.#exchanges = from.exchanges
    }
    this.#buildMiddleware()
  }

  /**
   * The store's events, for the mirror and then the tracer. One listener, because a `set` event's data is a getter
   * that copies on every read: it is read once here, frozen, and the same copy kept by the mirror and shown in the
   * trace's commit step.
   */
  readonly #onStore = (event: StoreEvent): void => {
    switch (event.type) {
      case 'set': {
        const data = freezePlainData(event.data as PlainData)
        // A browser's request nearly always saves the session it saved last time: it keeps the mirror's entry.
        const browser = this.#sending
        if (browser === null) this.#mirror.saved(event.key, data)
        else browser.mirrorEntry = this.#mirror.saved(event.key, data, browser.mirrorEntry)
        this.tracer.saved(event.key, data)
        return
      }
      case 'delete':
        this.#mirror.removed(event.key)
        return
      case 'clear':
        this.#mirror.cleared()
        return
      case 'reap':
        this.tracer.reaped(event, this.#mirror.reaped(event.removed))
        return
    }
  }

  /** The settings in force. */
  get settings(): Settings {
    return this.#settings
  }

  /** Requests sent so far (the last exchange's number). */
  get exchanges(): number {
    return this.#exchanges
  }

  /** True when nothing is pending: no request in flight and no delayed store operation. */
  quiescent(): boolean {
    return this.tracer.inFlight === 0 && this.store.pending === 0 && this.clock.pendingTimeouts === 0
  }

  /** Sends a request from a browser into the stack; `done` gets the record when the response has ended. */
  send(browserName: string, spec: SendSpec, done?: (record: ExchangeRecord) => void): number {
    const browser = this.browsers.get(browserName)
    if (browser === undefined) throw new Error(`no browser named ${quote(browserName)}`)
    return this.sendFrom(browser, spec, done)
  }

  /** `send` from a browser the caller already looked up in `browsers`. */
  sendFrom(browser: Browser, spec: SendSpec, done?: (record: ExchangeRecord) => void): number {
    const browserName = browser.name
    const now = this.clock.now()
    const method = spec.method ?? 'GET'
    const url = spec.path ?? '/'
    const path = pathOf(url)
    const cookie = browser.jar.cookieHeader(path, now)
    const userAgent = browser.userAgent
    const headers: Record<string, string> = {}
    // A browser without a User-Agent sends no such header, which the library reads as ''.
    if (userAgent !== '') headers['user-agent'] = userAgent
    if (cookie !== '') headers.cookie = cookie
    const body = spec.body
    const ip = browser.ip
    const req = new SimRequest({ method, url, headers, normalized: true, remoteAddress: ip, body })
    const exchange = ++this.#exchanges
    const sent = sentRequest(browser, method, url, ip, userAgent, cookie === '' ? null : cookie, body ?? null)
    this.tracer.open(req, exchange, browserName, now, this.#strategy, sent)
    const res = new SimResponse((finished) => {
      const at = this.clock.now()
      const setCookies = finished.setCookies()
      for (let i = 0; i < setCookies.length; i++) browser.jar.receive(setCookies[i] as string, path, at)
      const record = this.tracer.close(req, finished.statusCode, finished.body, setCookies, at)
      done?.(record)
    })
    this.#sending = browser
    this.store.caller = this.#callerOf(browser, sent)
    try {
      this.#app(req, res)
    } finally {
      this.#sending = null
      this.store.caller = 'the middleware'
    }
    return exchange
  }

  // The store log's caller for a request, kept with the browser for the (reused) record of what it sent: a browser
  // repeating its request costs a comparison, not a new string.
  #callerOf(browser: Browser, sent: SentRequest): string {
    if (browser.storeCallerFor !== sent) {
      browser.storeCaller = `${browser.name} · ${sent.method} ${sent.path}`
      browser.storeCallerFor = sent
    }
    return browser.storeCaller
  }

  /**
   * Moves virtual time forward, running the reaper and completing delayed operations on the way. With a `budget`
   * of timers, stops early at the end of the instant that used it up; returns the ms actually advanced.
   */
  advance(ms: number, budget?: number): number {
    const from = this.clock.now()
    return this.clock.advanceTo(from + ms, budget) - from
  }

  /** `advance` to an instant rather than by an amount; returns where it stopped. */
  advanceTo(time: number, budget?: number): number {
    return this.clock.advanceTo(time, budget)
  }

  /** Adds a browser (the name must be new). */
  addBrowser(spec: BrowserSpec): void {
    this.browsers.set(spec.name, new Browser(spec))
  }

  /** Removes a browser; requests it has in flight still finish. */
  removeBrowser(name: string): void {
    this.browsers.delete(name)
  }

  /** Copies a cookie from one browser's jar into another's. */
  copyCookie(from: string, to: string, cookieName: string): void {
    this.#browser(to).copyCookieFrom(this.#browser(from), cookieName, this.clock.now())
  }

  /** Changes a browser's IP address. */
  setIp(name: string, ip: string): void {
    this.#browser(name).ip = ip
  }

  /** Changes a browser's User-Agent. */
  setUserAgent(name: string, userAgent: string): void {
    this.#browser(name).userAgent = userAgent
  }

  /** Empties a browser's cookie jar. */
  clearCookies(name: string): void {
    this.#browser(name).jar.clear()
  }

  /** Writes a cookie's value by hand (see the setCookie action): a held cookie keeps its attributes. */
  setCookie(name: string, cookieName: string, value: string): void {
    this.#browser(name).setCookieValue(cookieName, value, this.clock.now())
  }

  /** Applies settings in a fixed order (maxAge, cookie, reapInterval, fingerprint/stack, faults); see World.configure. */
  configure(change: Partial<Settings>, faults?: Partial<Faults>): void {
    const next = { ...this.#settings, ...change }
    if (change.maxAge !== undefined) this.memory.maxAge = change.maxAge
    if ('cookie' in change) this.memory.cookie = change.cookie ?? {}
    if (change.reapInterval !== undefined) {
      this.memory.reapInterval = change.reapInterval
      this.reaperSince = this.clock.now()
    }
    this.#settings = next
    this.#strategy = strategyName(next.fingerprint)
    if (change.fingerprint !== undefined || change.quirks !== undefined) this.#buildMiddleware()
    else if (change.stackOrder !== undefined) this.#buildApp()
    if (faults !== undefined) this.store.faults = mergeFaults(this.store.faults, faults)
  }

  /**
   * Calls a store method directly and traces it as a record of its own. The store's events keep the mirrors (and so
   * checkpoints and the reap watch) in step, exactly as when the middleware changes the store.
   */
  storeCall(call: StoreCall): StoreCallResult {
    const result = callStore(this.memory, call)
    this.store.calls.add(this.clock.now(), call.method, 'you', call.method === 'destroy' ? call.key : null, describeResult(result))
    const record: { -readonly [K in keyof StoreCallRecord]: StoreCallRecord[K] } = {
      kind: 'store-call',
      seq: -1,
      time: this.clock.now(),
      method: call.method,
      key: call.method === 'destroy' ? call.key : null,
      result,
      remaining: this.memory.size,
    }
    this.#sink(record)
    return result
  }

  /** The sessions in the store, in the store's order. */
  sessions(): SessionView[] {
    return this.memory.entries().map(({ key, data }) => ({
      key,
      id: typeof data.id === 'string' ? data.id : '',
      lastAccess: typeof data.lastAccess === 'number' ? data.lastAccess : NaN,
      data,
    }))
  }

  /** Captures the engine; only meaningful when `quiescent()`. */
  snapshot(): EngineSnapshot {
    return {
      time: this.clock.now(),
      reaperDue: this.clock.nextIntervalDue(),
      reaperSince: this.reaperSince,
      settings: this.#settings,
      faults: this.store.faults,
      ids: this.#ids.state(),
      faultRandom: this.#faultRandom.state(),
      store: this.#mirror.contents(),
      ...this.#browserSnapshots(),
      exchanges: this.#exchanges,
      storeCalls: this.store.calls.snapshot(),
    }
  }

  /**
   * The browsers for a checkpoint: their snapshots, shared with the last checkpoint when only expiries moved, and all
   * expiries in one typed array (whose contents the collector never scans or copies).
   */
  #browserSnapshots(): { browsers: BrowserSnapshot[]; expiries: Float64Array } {
    const browsers = new Array<BrowserSnapshot>(this.browsers.size)
    let expiries = new Float64Array(this.browsers.size + 8)
    let i = 0
    let at = 0
    for (const b of this.browsers.values()) {
      browsers[i++] = b.snapshot()
      let next = b.jar.writeExpiries(expiries, at)
      if (next === -1) {
        const grown = new Float64Array(2 * expiries.length + b.jar.size)
        grown.set(expiries)
        expiries = grown
        next = b.jar.writeExpiries(expiries, at)
      }
      at = next
    }
    return { browsers, expiries: expiries.subarray(0, at) }
  }

  #browser(name: string): Browser {
    const browser = this.browsers.get(name)
    if (browser === undefined) throw new Error(`no browser named ${quote(name)}`)
    return browser
  }

  #buildMiddleware(): void {
    const fingerprint = fingerprintOption(this.#settings.fingerprint)
    this.#probing = true
    try {
      const quirks = simQuirkList(this.#settings.quirks)
      const genid = quirks.includes('math-random-ids') ? this.#genid2010 : this.#genid
      this.#middleware = session({ store: this.store, genid, clock: this.clock, fingerprint, ...(quirks.length > 0 ? { quirks } : {}) })
    } finally {
      this.#probing = false
    }
    // The old middleware stays subscribed too: requests already inside it still report to the same tracer.
    this.#middleware.on(this.tracer.onSession)
    this.#buildApp()
  }

  #buildApp(): void {
    const quirks = simQuirkList(this.#settings.quirks)
    const options = quirks.length > 0 ? { quirks } : {}
    if (quirks.length > 0 || this.#decoderQuirks) {
      this.#decoder = cookieDecoder(options)
      this.#decoderQuirks = quirks.length > 0
    }
    const decoder = this.#decoder
    const mw = this.#middleware
    const order = this.#settings.stackOrder
    const app =
      order === 'decoder-first'
        ? createServer(options, decoder, mw, this.#demo, this.#errors)
        : order === 'decoder-after'
          ? createServer(options, mw, decoder, this.#demo, this.#errors)
          : createServer(options, mw, this.#demo, this.#errors)
    // Fixed, so responses never depend on NODE_ENV (the demo's error page answers errors anyway).
    app.env = 'development'
    this.#app = app
  }
}

/**
 * What the browser put on the wire, for the trace: the previous request's object when nothing changed (a browser
 * nearly always repeats its request with the same cookie), so the records share it instead of each holding a copy.
 * Frozen, since records share it.
 */
function sentRequest(browser: Browser, method: string, path: string, ip: string, userAgent: string, cookie: string | null, body: string | null): SentRequest {
  const last = browser.lastSent
  if (last !== undefined && last.method === method && last.path === path && last.ip === ip && last.userAgent === userAgent && last.cookie === cookie && last.body === body) {
    return last
  }
  const sent: SentRequest = Object.freeze({ method, path, ip, userAgent, cookie, body })
  browser.lastSent = sent
  return sent
}

function pathOf(url: string): string {
  let end = url.length
  const q = url.indexOf('?')
  if (q !== -1) end = q
  const h = url.indexOf('#')
  if (h !== -1 && h < end) end = h
  return end === url.length ? url : url.slice(0, end)
}

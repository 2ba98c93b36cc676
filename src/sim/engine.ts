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
import { balancerSetCookie, isSingleServer, serverForAddress, serverFromCookie, serverName, type ClusterSettings } from './cluster.ts'
import { demoApp, demoErrorPage } from './demo-app.ts'
import { FaultyStore, mergeFaults, type Faults } from './faulty-store.ts'
import { fingerprintOption, strategyName, type FingerprintStrategy } from './fingerprint-strategy.ts'
import { SimRequest, SimResponse } from './http.ts'
import { SeededRandom, type RandomState } from './seeded-random.ts'
import { freezePlainData, StoreMirror, type StoreContents } from './store-mirror.ts'
import { callStore, describeResult, type StoreCall, type StoreCallResult } from './store-call.ts'
import type { StoreCallLogSnapshot } from './store-call-log.ts'
import { Tracer, type ExchangeTracer, type ExchangeRecord, type RecordSink, type SentRequest, type StoreCallRecord } from './trace.ts'
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
  /** The deployment: servers, balancer, stores, proxy (DEFAULT_CLUSTER: one server, as before clusters). */
  readonly cluster: ClusterSettings
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
  /** In a cluster, the store that holds it: the server's name (`app-2`) with a store per server, or `shared`. */
  readonly store?: string
}

/** What a cluster adds to a snapshot: the balancer's turn, and each server's own store beyond the first. */
export interface ClusterSnapshot {
  readonly turn: number
  readonly stores: readonly StoreContents[]
  readonly storeCalls: readonly StoreCallLogSnapshot[]
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
  /** The cluster's state beyond the first server's store, or null with one server and no proxy. */
  readonly cluster: ClusterSnapshot | null
}

/** One app server of a cluster: the real library over its store (the engine's own, or one of its own). */
interface ServerNode {
  readonly name: string
  readonly memory: MemoryStore
  readonly store: FaultyStore
  readonly mirror: StoreMirror
  app: App
}

/** How an engine starts. */
export interface EngineInit {
  readonly seed: number
  readonly startTime: number
  readonly settings: Settings
  readonly faults: Faults
  readonly sink: RecordSink
  /**
   * Who reads the library's events in place of a Tracer (records of exchanges and reaps are then not made; store
   * calls still go to `sink`). For readers that need far less than a record per request.
   */
  readonly tracer?: ExchangeTracer
  /**
   * False when the engine will never be captured (snapshot()): with a tracer of the caller's own, it then keeps no
   * mirror of its store, which only captures read, and a save costs one copy of its data instead of a frozen copy
   * kept. Default true.
   */
  readonly snapshots?: boolean
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
  readonly tracer: ExchangeTracer
  readonly #mirror: StoreMirror
  // No mirror is kept (EngineInit.snapshots false): the store's events go straight to the caller's tracer.
  readonly #unmirrored: boolean
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
  // Browsers added or removed so far (see browserChanges).
  #browserChanges = 0
  #decoderQuirks = false
  #probing = false
  // The browser whose request is inside the stack right now (saves made later, after store latency, have none).
  #sending: Browser | null = null
  readonly #genid = (): string => (this.#probing ? PROBE_ID : this.#ids.nextHexId())
  // Quirk math-random-ids: 2010's four-chunk ids, drawn from the world's seeded generator so runs repeat.
  readonly #genid2010 = (): string => (this.#probing ? PROBE_ID : uid2010(() => this.#ids.nextFloat()))
  // The servers when the world runs a cluster (or sits behind a proxy); null for the single server of old, whose
  // requests take the path they always took.
  #nodes: ServerNode[] | null = null
  // The round-robin balancer's next server (counted, not taken modulo, until used).
  #turn = 0

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
    this.clock.skipIdle((due, period) => firstTellingReap(this.#earliestDeadline(), due, period))
    this.memory = new MemoryStore({
      reapInterval: settings.reapInterval,
      maxAge: settings.maxAge,
      clock: this.clock,
      ...(settings.cookie !== undefined ? { cookie: settings.cookie } : {}),
    })
    // A cluster's own stores are made now too, while the clock reads the reaper's last start: their reapers then
    // keep the phase they had (every cluster change restarts all reapers together, see #setCluster).
    const extra = isSingleServer(settings.cluster) || settings.cluster.store === 'shared' ? [] : this.#newMemories(settings, 1, settings.cluster.servers)
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
    this.#unmirrored = init.tracer !== undefined && init.snapshots === false && from === undefined
    // An engine read through a tracer of the caller's own (a comparison's column) is shown only through that tracer,
    // captures or not, so nothing reads its store's call log either: it keeps none (with no faults in force, a get or
    // a save then goes straight to the MemoryStore; faults draw as before).
    if (init.tracer !== undefined) this.store.logging = false
    this.tracer = init.tracer ?? new Tracer(init.sink, this.#mirror, () => this.memory.reapInterval, () => this.memory.size, init.startTime)
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
    if (!isSingleServer(settings.cluster)) this.#buildNodes(settings.cluster, extra, from?.cluster ?? null)
    this.#buildMiddleware()
  }

  /**
   * The store's events, for the mirror and then the tracer. One listener, because a `set` event's data is a getter
   * that copies on every read: it is read once here, frozen, and the same copy kept by the mirror and shown in the
   * trace's commit step.
   */
  readonly #onStore = (event: StoreEvent): void => {
    if (this.#unmirrored) {
      // The data is read (copied) once for the tracer; the reaper's keys go in the store's order, not oldest first.
      if (event.type === 'set') this.tracer.saved(event.key, event.data as PlainData)
      else if (event.type === 'reap') this.tracer.reaped(event, event.removed)
      return
    }
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
      case 'reap': {
        const removed = this.#mirror.reaped(event.removed)
        // In a cluster with a store per server, the first server's reaps say so too.
        if (this.#nodes === null || this.#settings.cluster.store === 'shared') this.tracer.reaped(event, removed)
        else this.tracer.reaped(event, removed, { mirror: this.#mirror, size: this.memory.size, store: 'app-1' })
        return
      }
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
    if (this.#nodes !== null) for (const node of this.#nodes) if (node.store.pending !== 0) return false
    return this.tracer.inFlight === 0 && this.store.pending === 0 && this.clock.pendingTimeouts === 0
  }

  /** The servers' names and stores when the world runs a cluster; null for the single server. */
  get nodes(): readonly { readonly name: string; readonly store: FaultyStore; readonly memory: MemoryStore }[] | null {
    return this.#nodes
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
    const nodes = this.#nodes
    if (nodes !== null) return this.#sendToCluster(nodes, browser, method, url, path, headers, cookie, ip, userAgent, body, now, done)
    const req = new SimRequest({ method, url, headers, normalized: true, remoteAddress: ip, body })
    const exchange = ++this.#exchanges
    const sent = sentRequest(browser, method, url, ip, userAgent, cookie === '' ? null : cookie, body ?? null)
    this.tracer.open(req, exchange, browserName, now, this.#strategy, sent)
    const res = new SimResponse((finished) => {
      const at = this.clock.now()
      const setCookies = finished.setCookies()
      for (let i = 0; i < setCookies.length; i++) browser.jar.receive(setCookies[i] as string, path, at)
      const record = this.tracer.close(req, finished.statusCode, finished.body, setCookies, at)
      if (record !== null) done?.(record)
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

  /**
   * A request through the cluster: the proxy (if any) replaces the client's address with its own and adds
   * X-Forwarded-For; the balancer picks a server; that server's own stack handles it. A sticky-by-cookie balancer
   * adds its cookie to the response the browser receives.
   */
  #sendToCluster(
    nodes: ServerNode[],
    browser: Browser,
    method: string,
    url: string,
    path: string,
    headers: Record<string, string>,
    cookie: string,
    ip: string,
    userAgent: string,
    body: string | undefined,
    now: number,
    done: ((record: ExchangeRecord) => void) | undefined,
  ): number {
    const { proxy, balancer } = this.#settings.cluster
    if (proxy !== null) headers['x-forwarded-for'] = ip
    const peer = proxy === null ? ip : proxy.address
    const n = nodes.length
    // Sticky by address hashes the address the balancer sees (the proxy's, when one is in front); sticky by cookie
    // follows its cookie and, without one, takes the next server in turn and sets the cookie.
    let index = balancer === 'sticky-address' ? serverForAddress(peer, n) : balancer === 'sticky-cookie' ? serverFromCookie(cookie, n) : -1
    const stick = index === -1 && balancer === 'sticky-cookie'
    if (index === -1) {
      index = this.#turn % n
      this.#turn = index + 1
    }
    const node = nodes[index] as ServerNode
    const req = new SimRequest({ method, url, headers, normalized: true, remoteAddress: peer, body })
    const exchange = ++this.#exchanges
    const sent = sentRequest(browser, method, url, ip, userAgent, cookie === '' ? null : cookie, body ?? null)
    this.tracer.open(req, exchange, browser.name, now, this.#strategy, sent, node.name)
    const res = new SimResponse((finished) => {
      const at = this.clock.now()
      const fromServer = finished.setCookies()
      const setCookies = stick ? [...fromServer, balancerSetCookie(index)] : fromServer
      for (let i = 0; i < setCookies.length; i++) browser.jar.receive(setCookies[i] as string, path, at)
      const record = this.tracer.close(req, finished.statusCode, finished.body, setCookies, at)
      if (record !== null) done?.(record)
    })
    // The mirror-entry hint is kept for the first store only; the others' saves look their keys up.
    this.#sending = node.store === this.store ? browser : null
    node.store.caller = this.#callerOf(browser, sent)
    try {
      node.app(req, res)
    } finally {
      this.#sending = null
      node.store.caller = 'the middleware'
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
    this.#browserChanges++
  }

  /** Removes a browser; requests it has in flight still finish. */
  removeBrowser(name: string): void {
    this.browsers.delete(name)
    this.#browserChanges++
  }

  /** How many times a browser was added or removed: a reader holding Browser objects by name knows when to look again. */
  get browserChanges(): number {
    return this.#browserChanges
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
    const stores = this.#memories()
    for (const memory of stores) {
      if (change.maxAge !== undefined) memory.maxAge = change.maxAge
      if ('cookie' in change) memory.cookie = change.cookie ?? {}
      if (change.reapInterval !== undefined) memory.reapInterval = change.reapInterval
    }
    if (change.reapInterval !== undefined) this.reaperSince = this.clock.now()
    this.#settings = next
    this.#strategy = strategyName(next.fingerprint)
    if (change.cluster !== undefined) this.#setCluster(change.cluster)
    else if (change.fingerprint !== undefined || change.quirks !== undefined) this.#buildMiddleware()
    else if (change.stackOrder !== undefined) this.#buildApp()
    if (faults !== undefined) {
      this.store.faults = mergeFaults(this.store.faults, faults)
      if (this.#nodes !== null) for (const node of this.#nodes) node.store.faults = this.store.faults
    }
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
    const nodes = this.#nodes
    if (nodes === null) return viewsOf(this.memory, undefined)
    if (this.#settings.cluster.store === 'shared') return viewsOf(this.memory, 'shared')
    return nodes.flatMap((node) => viewsOf(node.memory, node.name))
  }

  /** Captures the engine; only meaningful when `quiescent()`. */
  snapshot(): EngineSnapshot {
    if (this.#unmirrored) throw new Error('this engine was made without snapshots (EngineInit.snapshots)')
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
      cluster: this.#clusterSnapshot(),
    }
  }

  #clusterSnapshot(): ClusterSnapshot | null {
    const nodes = this.#nodes
    if (nodes === null) return null
    const own = nodes.filter((node) => node.store !== this.store)
    return { turn: this.#turn, stores: own.map((node) => node.mirror.contents()), storeCalls: own.map((node) => node.store.calls.snapshot()) }
  }

  /** Every distinct MemoryStore the servers use, the first server's first. */
  #memories(): MemoryStore[] {
    const nodes = this.#nodes
    if (nodes === null) return [this.memory]
    const out: MemoryStore[] = []
    for (const node of nodes) if (!out.includes(node.memory)) out.push(node.memory)
    return out
  }

  /** The earliest idle deadline over every store (the reapers share one phase, so the soonest one that can act counts). */
  #earliestDeadline(): number | null {
    const first = this.memory.earliestDeadline()
    const nodes = this.#nodes
    if (nodes === null) return first
    let min = first
    for (const node of nodes) {
      if (node.memory === this.memory) continue
      const d = node.memory.earliestDeadline()
      if (d !== null && (min === null || d < min)) min = d
    }
    return min
  }

  /** New MemoryStores for servers `from`..`to - 1`, made on the engine's clock with the settings in force. */
  #newMemories(settings: Settings, from: number, to: number): MemoryStore[] {
    const out: MemoryStore[] = []
    for (let i = from; i < to; i++) {
      out.push(
        new MemoryStore({
          reapInterval: settings.reapInterval,
          maxAge: settings.maxAge,
          clock: this.clock,
          ...(settings.cookie !== undefined ? { cookie: settings.cookie } : {}),
        }),
      )
    }
    return out
  }

  /**
   * Builds the servers: the first on the engine's store, the others on it too (shared) or on `memories` (one each,
   * filled from `from` when rebuilding a snapshot). Each server gets its own session() and stack in #buildApp.
   */
  #buildNodes(cluster: ClusterSettings, memories: readonly MemoryStore[], from: ClusterSnapshot | null, keep: readonly ServerNode[] = []): void {
    const nodes: ServerNode[] = []
    let used = 0
    for (let i = 0; i < cluster.servers; i++) {
      if (i === 0 || cluster.store === 'shared') {
        nodes.push({ name: serverName(i), memory: this.memory, store: this.store, mirror: this.#mirror, app: this.#app })
        continue
      }
      const kept = keep[i]
      if (kept !== undefined && kept.store !== this.store) {
        nodes.push(kept)
        continue
      }
      const own = used++
      const memory = memories[own] as MemoryStore
      const contents = from?.stores[own]
      if (contents !== undefined) for (let k = 0; k < contents.keys.length; k++) memory.set(contents.keys[k] as string, contents.data[k] as PlainData)
      const store = new FaultyStore(memory, this.clock, this.#faultRandom)
      store.faults = this.store.faults
      const calls = from?.storeCalls[own]
      if (calls !== undefined) store.calls.restore(calls)
      const node: ServerNode = { name: serverName(i), memory, store, mirror: contents !== undefined ? StoreMirror.from(contents) : new StoreMirror(), app: this.#app }
      memory.on((event) => this.#onNodeStore(node, event))
      nodes.push(node)
    }
    this.#nodes = nodes
    if (from !== null) this.#turn = from.turn
  }

  /** A store event of a server's own store: its mirror, and the trace (its reaps are records of their own). */
  #onNodeStore(node: ServerNode, event: StoreEvent): void {
    switch (event.type) {
      case 'set': {
        const data = freezePlainData(event.data as PlainData)
        node.mirror.saved(event.key, data)
        this.tracer.saved(event.key, data)
        return
      }
      case 'delete':
        node.mirror.removed(event.key)
        return
      case 'clear':
        node.mirror.cleared()
        return
      case 'reap':
        this.tracer.reaped(event, node.mirror.reaped(event.removed), { mirror: node.mirror, size: node.memory.size, store: node.name })
        return
    }
  }

  /**
   * Changes the deployment from the next request. Stores are kept where a server stays (its sessions with it); a
   * server that goes takes its own store's sessions with it; a new server starts empty. Whenever a server gets a
   * store of its own, every reaper restarts now, so all of them keep one phase (which a snapshot can rebuild).
   */
  #setCluster(cluster: ClusterSettings): void {
    const old = this.#nodes ?? []
    for (let i = cluster.store === 'shared' || isSingleServer(cluster) ? 0 : cluster.servers; i < old.length; i++) {
      const node = old[i] as ServerNode
      if (node.store !== this.store) node.memory.close()
    }
    if (isSingleServer(cluster)) {
      this.#nodes = null
      this.#turn = 0
      this.#buildMiddleware()
      return
    }
    const keep = cluster.store === 'shared' ? [] : old.slice(0, cluster.servers)
    const have = keep.filter((node) => node.store !== this.store).length + 1
    const fresh = cluster.store === 'shared' ? [] : this.#newMemories(this.#settings, have, cluster.servers)
    if (fresh.length > 0) {
      // Restart every reaper together, the first server's first, in server order (the order a rebuild makes them in).
      restartReaper(this.memory)
      for (const node of keep) if (node.store !== this.store) restartReaper(node.memory)
      for (const memory of fresh) restartReaper(memory)
      this.reaperSince = this.clock.now()
    }
    this.#buildNodes(cluster, fresh, null, keep)
    this.#buildMiddleware()
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
    if (this.#nodes !== null) {
      this.#buildNodeApps(fingerprint)
      return
    }
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

  /** A session() and a stack per server, each over its server's store; a trusted proxy's header is read by the library's trustProxy. */
  #buildNodeApps(fingerprint: ReturnType<typeof fingerprintOption>): void {
    const { proxy } = this.#settings.cluster
    // trustProxy sets the default fingerprint's address; the other named strategies read no address at all.
    const trustProxy = proxy !== null && proxy.trusted && fingerprint === undefined ? [proxy.address] : undefined
    const quirks = simQuirkList(this.#settings.quirks)
    const genid = quirks.includes('math-random-ids') ? this.#genid2010 : this.#genid
    for (const node of this.#nodes as ServerNode[]) {
      this.#probing = true
      let mw: SessionMiddleware
      try {
        mw = session({
          store: node.store,
          genid,
          clock: this.clock,
          ...(fingerprint !== undefined ? { fingerprint } : {}),
          ...(trustProxy !== undefined ? { trustProxy } : {}),
          ...(quirks.length > 0 ? { quirks } : {}),
        })
      } finally {
        this.#probing = false
      }
      mw.on(this.tracer.onSession)
      node.app = this.#stack(mw)
    }
  }

  #buildApp(): void {
    if (this.#nodes !== null) {
      this.#buildMiddleware()
      return
    }
    this.#app = this.#stack(this.#middleware)
  }

  /** The stack in the order the settings say, around a session middleware (and 2010's decoder and server in 2010 mode). */
  #stack(mw: SessionMiddleware): App {
    const quirks = simQuirkList(this.#settings.quirks)
    const options = quirks.length > 0 ? { quirks } : {}
    if (quirks.length > 0 || this.#decoderQuirks) {
      this.#decoder = cookieDecoder(options)
      this.#decoderQuirks = quirks.length > 0
    }
    const decoder = this.#decoder
    const order = this.#settings.stackOrder
    const app =
      order === 'decoder-first'
        ? createServer(options, decoder, mw, this.#demo, this.#errors)
        : order === 'decoder-after'
          ? createServer(options, mw, decoder, this.#demo, this.#errors)
          : createServer(options, mw, this.#demo, this.#errors)
    // Fixed, so responses never depend on NODE_ENV (the demo's error page answers errors anyway).
    app.env = 'development'
    return app
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

/** Restarts a store's reaper now (assigning reapInterval restarts it, even with the same value). */
function restartReaper(memory: MemoryStore): void {
  const interval = memory.reapInterval
  memory.reapInterval = interval
}

/** A store's sessions as the world shows them; `store` names the store in a cluster. */
function viewsOf(memory: MemoryStore, store: string | undefined): SessionView[] {
  return memory.entries().map(({ key, data }) => ({
    key,
    id: typeof data.id === 'string' ? data.id : '',
    lastAccess: typeof data.lastAccess === 'number' ? data.lastAccess : NaN,
    data,
    ...(store !== undefined ? { store } : {}),
  }))
}

function pathOf(url: string): string {
  let end = url.length
  const q = url.indexOf('?')
  if (q !== -1) end = q
  const h = url.indexOf('#')
  if (h !== -1 && h < end) end = h
  return end === url.length ? url : url.slice(0, end)
}

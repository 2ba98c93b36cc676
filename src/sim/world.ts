import { COOKIE_NAME, MemoryStore, type CookieOptions, DEFAULT_MAX_AGE, DEFAULT_REAP_INTERVAL } from '../connect/index.ts'
import { checkAction, performAction, requestsIn, type Action, type ActionContext } from './actions.ts'
import type { Browser, BrowserSpec, BrowserView } from './browser.ts'
import { CheckpointWeights } from './checkpoint-weights.ts'
import { DEFAULT_HISTORY_BYTES, DEFAULT_HISTORY_CAP, History, type ActionBody, type Checkpoint, type ForkStats, type LoggedAction } from './checkpoint.ts'
import type { Cookie } from './cookie-jar.ts'
import { Engine, STACK_ORDERS, type SendSpec, type SessionView, type Settings, type StackOrder } from './engine.ts'
import { checkCluster, DEFAULT_CLUSTER, type ClusterInput, type ClusterSettings } from './cluster.ts'
import { mergeFaults, NO_FAULTS, type Faults } from './faulty-store.ts'
import { checkStrategy, type FingerprintStrategy } from './fingerprint-strategy.ts'
import type { StoreCall, StoreCallResult } from './store-call.ts'
import type { StoreCalls } from './store-call-log.ts'
import { checkTraceCap, DEFAULT_TRACE_CAP, TraceLog } from './trace-log.ts'
import type { ExchangeRecord, PendingExchange, TraceRecord } from './trace.ts'
import { DEFAULT_START_TIME, EARLIEST_TIME, LATEST_TIME, VirtualClock } from './virtual-clock.ts'
import { quote } from './quote.ts'
import { checkSimQuirks, type SimQuirks } from './sim-quirks.ts'

/** Everything a world is made from; every field has a default. */
export interface WorldConfig {
  /** Seeds session ids and the fault generator. Default 1. */
  readonly seed: number
  /** Virtual epoch ms at creation. Default 2010-07-09T12:00:00Z. */
  readonly startTime: number
  /** Default 600000 (10 min); -1 turns reaping off. */
  readonly reapInterval: number
  /** Default 14400000 (4 h). */
  readonly maxAge: number
  /** Default 'default' (the 2010 formula). */
  readonly fingerprint: FingerprintStrategy
  /** Session cookie attributes; default the library's `{ path: '/', httpOnly: true }`. */
  readonly cookie: CookieOptions | undefined
  /** Default 'decoder-first'. */
  readonly stackOrder: StackOrder
  /** Store faults; default none. */
  readonly faults: Faults
  /** Trace records retained. Default 10,000. */
  readonly traceCap: number
  /** 2010 mode: '2010' or a list of the quirks a world can run (sim-quirks.ts). Default none. */
  readonly quirks: SimQuirks
  /** Least work (requests, plus reaps at a quarter each) between checkpoints. Default 2,000. */
  readonly checkpointEvery: number
  /** Most actions kept for rewinding; older history is forgotten a checkpoint at a time. Default 150,000. */
  readonly historyCap: number
  /** Most memory (estimated) the rewindable history may hold. Default 32 MiB. */
  readonly historyBytes: number
  /** App servers, balancer, stores and proxy. Default one server and no proxy (see cluster.ts). */
  readonly cluster: ClusterSettings
}

/** What `createWorld` takes: any part of the config; faults and the cluster may be partial too. */
export type WorldOptions = Partial<Omit<WorldConfig, 'faults' | 'cluster'>> & { readonly faults?: Partial<Faults>; readonly cluster?: ClusterInput }

/** What `configure` can change while the world runs. */
export interface WorldSettings {
  readonly reapInterval?: number
  readonly maxAge?: number
  readonly cookie?: CookieOptions | undefined
  readonly fingerprint?: FingerprintStrategy
  readonly stackOrder?: StackOrder
  readonly faults?: Partial<Faults>
  readonly traceCap?: number
  /** 2010 mode from the next request: '2010' or a list of quirk ids; [] turns it off. */
  readonly quirks?: SimQuirks
  /** The deployment; what it leaves out takes the defaults (not the values in force). */
  readonly cluster?: ClusterInput
}

/** When the reaper runs: every `every` ms since `since`, next at `next`. */
export interface ReapSchedule {
  readonly since: number
  readonly every: number
  readonly next: number
}

/** Sizes of the retained trace. */
export interface TraceStats {
  readonly cap: number
  readonly size: number
  readonly total: number
  readonly dropped: number
}

/** Sizes of the history `seek` travels in. */
export interface HistoryStats {
  /** The earliest instant `seek` can reach. */
  readonly earliest: number
  /** The latest: now, or the end of a future kept after seeking back. */
  readonly latest: number
  /** Actions held. */
  readonly actions: number
  /** Of those, actions after now (undone by a seek back, redone by a seek forward, dropped by a new action). */
  readonly ahead: number
  readonly checkpoints: number
  /** Estimated memory held by the history. */
  readonly bytes: number
  /** The future the last fork set aside (what `undoFork` brings back), or null. */
  readonly fork: ForkStats | null
  /** When time travel paused (a request stuck in flight while the history outgrew its bounds), or null. */
  readonly pausedSince: number | null
}

/** Thrown when an action names a browser the world does not have. */
export class UnknownBrowserError extends Error {
  /**
   * `known` lists some of the browsers there are (the message names at most `UNKNOWN_BROWSER_NAMES` of them), and
   * `total` how many there are in all: a world of 10,000 browsers must not build a 10,000-name message.
   */
  constructor(
    readonly browser: string,
    known: readonly string[],
    total: number = known.length,
  ) {
    const named = known.slice(0, UNKNOWN_BROWSER_NAMES).map((n) => quote(n))
    const more = total - named.length
    const list = named.join(', ') + (more > 0 ? ` and ${more.toLocaleString('en-US')} more` : '')
    super(`no browser named ${quote(browser)}; the world has ${total === 0 ? 'no browsers' : list}`)
    this.name = 'UnknownBrowserError'
  }
}

/** How many browser names an UnknownBrowserError's message lists. */
export const UNKNOWN_BROWSER_NAMES = 10

const CONFIG_KEYS = ['seed', 'startTime', 'reapInterval', 'maxAge', 'fingerprint', 'cookie', 'stackOrder', 'faults', 'traceCap', 'quirks', 'cluster', 'checkpointEvery', 'historyCap', 'historyBytes']
const SETTING_KEYS = ['reapInterval', 'maxAge', 'cookie', 'fingerprint', 'stackOrder', 'faults', 'traceCap', 'quirks', 'cluster']
// A reap costs a fraction of a request to replay; this weight keeps replay time, not action count, between checkpoints.
const REAP_WORK = 0.25

/**
 * Checks settings the way the library will, by building a throwaway MemoryStore with them (so the messages are the
 * library's own), plus the simulator's own fields. Throws before anything changes.
 */
export function checkSettings(settings: WorldSettings): void {
  if (typeof settings !== 'object' || settings === null) throw new TypeError('settings must be an object')
  for (const key of Object.keys(settings)) {
    if (!SETTING_KEYS.includes(key)) {
      const hint = CONFIG_KEYS.includes(key) ? ` (${key} is fixed when the world is created)` : key === 'maxAage' ? ' (the 2010 page\'s typo: maxAge)' : ''
      throw new TypeError(`unknown setting ${quote(key)}${hint}; settings are ${SETTING_KEYS.join(', ')}`)
    }
  }
  const probe = new MemoryStore({
    clock: new VirtualClock(0),
    ...(settings.reapInterval !== undefined ? { reapInterval: settings.reapInterval } : {}),
    ...(settings.maxAge !== undefined ? { maxAge: settings.maxAge } : {}),
    ...(settings.cookie !== undefined ? { cookie: settings.cookie } : {}),
  })
  probe.close()
  if (settings.fingerprint !== undefined) checkStrategy(settings.fingerprint)
  if (settings.stackOrder !== undefined && !(STACK_ORDERS as readonly string[]).includes(settings.stackOrder)) {
    throw new TypeError(`stackOrder must be one of ${STACK_ORDERS.join(', ')}; got ${quote(settings.stackOrder)}`)
  }
  if (settings.faults !== undefined) mergeFaults(NO_FAULTS, settings.faults)
  if (settings.traceCap !== undefined) checkTraceCap(settings.traceCap)
  if (settings.quirks !== undefined) checkSimQuirks(settings.quirks)
  if (settings.cluster !== undefined) checkCluster(settings.cluster)
}

/**
 * The latest instant a world's clock may reach while sessions live `maxAge`: a session cookie committed then expires
 * at the latest instant a Date can hold.
 */
export function latestReachable(maxAge: number): number {
  return LATEST_TIME - maxAge
}

/** Refuses a maxAge under which a cookie committed at `now` would expire past what a Date can hold. */
function checkExpiryFits(now: number, maxAge: number): void {
  if (now + maxAge > LATEST_TIME) {
    throw new RangeError(
      `maxAge ${maxAge} ms at ${new Date(now).toISOString()} would give session cookies an expiry past ${new Date(LATEST_TIME).toISOString()}, the latest a Date can hold; use a shorter maxAge or an earlier time`,
    )
  }
}

/** Fills a partial config with defaults and checks it. */
export function resolveConfig(config: WorldOptions = {}): WorldConfig {
  if (typeof config !== 'object' || config === null) throw new TypeError('createWorld(config): config must be an object')
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) throw new TypeError(`createWorld: unknown option ${quote(key)}; options are ${CONFIG_KEYS.join(', ')}`)
  }
  const { seed, startTime, checkpointEvery, historyCap, historyBytes, ...settings } = config
  checkSettings(settings)
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) throw new TypeError(`seed must be a finite number; got ${quote(seed)}`)
  if (startTime !== undefined && (typeof startTime !== 'number' || !(startTime >= EARLIEST_TIME && startTime <= LATEST_TIME))) {
    throw new RangeError(`startTime must be epoch ms that a Date can hold (within ±${LATEST_TIME}); got ${quote(startTime)}`)
  }
  checkExpiryFits(startTime ?? DEFAULT_START_TIME, config.maxAge ?? DEFAULT_MAX_AGE)
  for (const [name, value] of [['checkpointEvery', checkpointEvery], ['historyCap', historyCap], ['historyBytes', historyBytes]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${name} must be a positive integer; got ${quote(value)}`)
  }
  return {
    seed: seed ?? 1,
    startTime: startTime ?? DEFAULT_START_TIME,
    reapInterval: config.reapInterval ?? DEFAULT_REAP_INTERVAL,
    maxAge: config.maxAge ?? DEFAULT_MAX_AGE,
    fingerprint: config.fingerprint ?? 'default',
    cookie: config.cookie,
    stackOrder: config.stackOrder ?? 'decoder-first',
    faults: mergeFaults(NO_FAULTS, config.faults ?? {}),
    traceCap: config.traceCap ?? DEFAULT_TRACE_CAP,
    quirks: config.quirks ?? [],
    checkpointEvery: checkpointEvery ?? 2_000,
    historyCap: historyCap ?? DEFAULT_HISTORY_CAP,
    historyBytes: historyBytes ?? DEFAULT_HISTORY_BYTES,
    cluster: config.cluster === undefined ? DEFAULT_CLUSTER : checkCluster(config.cluster),
  }
}

type SendBody = Extract<ActionBody, { kind: 'send' }>

/** Builds a deterministic simulated world running the real library. */
export function createWorld(config: WorldOptions = {}): World {
  return new World(resolveConfig(config))
}

/**
 * A simulated world: browsers on a virtual clock talking to `createServer(cookieDecoder(), session(), demo app)`
 * made of the real library, every exchange and reap traced from the library's events. Every action is logged with
 * its virtual time, so `seek` can travel to any instant of the history (checkpoint + replay), back and forth, and
 * the world goes on from there. Actions check their arguments first and throw, changing nothing, when they are wrong.
 */
export class World {
  readonly #config: WorldConfig
  readonly #trace: TraceLog<TraceRecord>
  // Null while time travel is paused (see #afterAction): then nothing is recorded, and `#pausedSince` says since when.
  #history: History | null
  #pausedSince: number | null = null
  readonly #listeners = new Set<() => void>()
  readonly #recordListeners = new Set<(record: TraceRecord) => void>()
  #engine: Engine
  // Records removed by seeking back, kept while their future is (a seek forward restores them rather than leaving
  // a hole in the trace); bounded, and dropped when the timeline forks.
  #traceAhead = new Map<number, TraceRecord>()
  // The records of the future the last fork set aside, kept with it so undoing the fork brings them back too.
  #forkTrace = new Map<number, TraceRecord>()
  #work = 0
  // The weight of each session data and browser snapshot a checkpoint has held (they are shared, never copied).
  readonly #weights = new CheckpointWeights()
  #replaying = false
  #version = 0

  constructor(config: WorldConfig) {
    this.#config = config
    this.#trace = new TraceLog(config.traceCap)
    this.#engine = this.#newEngine()
    this.#history = new History(this.#checkpoint(), config.historyCap, config.historyBytes)
  }

  // ---- browsers -------------------------------------------------------------------------------------------

  /** Adds a browser; its name must be new. */
  addBrowser(spec: BrowserSpec): BrowserView {
    const name = typeof spec === 'object' && spec !== null ? spec.name : undefined
    this.#do({ kind: 'addBrowser', name: name as string, userAgent: spec?.userAgent, ip: spec?.ip })
    return this.#browserView(name as string)
  }

  /** Removes a browser (its requests in flight still finish). */
  removeBrowser(name: string): void {
    this.#do({ kind: 'removeBrowser', browser: name })
  }

  /** Changes a browser's IP address (a phone moving from Wi-Fi to cellular; two browsers behind one NAT). */
  setIp(name: string, ip: string): void {
    this.#do({ kind: 'setIp', browser: name, ip })
  }

  /** Changes a browser's User-Agent. */
  setUserAgent(name: string, userAgent: string): void {
    this.#do({ kind: 'setUserAgent', browser: name, userAgent })
  }

  /** Empties a browser's cookie jar. */
  clearCookies(name: string): void {
    this.#do({ kind: 'clearCookies', browser: name })
  }

  /** Writes a cookie's value in a browser's jar by hand (forging a session id is one such change). */
  setCookie(name: string, cookieName: string, value: string): void {
    this.#do({ kind: 'setCookie', browser: name, name: cookieName, value })
  }

  /** Copies a cookie (by default the session cookie) from one browser into another, as a thief would. */
  stealCookie(from: string, to: string, cookieName: string = COOKIE_NAME): void {
    this.#do({ kind: 'stealCookie', from, to, cookie: cookieName })
  }

  /**
   * Sends `count` requests from a browser at once, each without cookies (a crawler that keeps none, so every one
   * makes a new session). One action in the history, however many requests; replayed exactly.
   */
  burst(name: string, count: number): void {
    this.#do({ kind: 'burst', browser: name, count })
  }

  /**
   * Performs any action of the simulator's action language (see actions.ts), checked as the method for it would
   * check it; a store call returns what the store called back with, a send calls `done` with its exchange.
   */
  apply(action: Action, done?: (record: ExchangeRecord) => void): StoreCallResult | undefined {
    if (typeof action !== 'object' || action === null) throw new TypeError('apply(action): an action must be an object with a kind')
    // Three kinds have their own paths: advance is logged in pieces, configure carries the observation-only
    // traceCap and the library's checks, and a send shares its body with the browser's last one.
    if (action.kind === 'advance') this.advance(action.ms)
    else if (action.kind === 'configure') {
      const { kind: _kind, cookie, ...rest } = action
      this.configure(cookie === undefined ? rest : { ...rest, cookie: cookie ?? undefined })
    } else if (action.kind === 'send') this.dispatch(action.browser, action, done)
    else return this.#do(action)
    return undefined
  }

  /** The config the world was created with (settings changed since are configure actions in its history). */
  initialConfig(): WorldConfig {
    return this.#config
  }

  /** The browsers, with their live cookies. */
  browsers(): BrowserView[] {
    const now = this.now()
    return Array.from(this.#engine.browsers.values(), (b) => b.view(now))
  }

  /** A browser's live cookies. */
  cookies(name: string): Cookie[] {
    return this.#browserView(name).cookies.slice()
  }

  // ---- requests and time -----------------------------------------------------------------------------------

  /**
   * Sends a request from a browser. The promise settles with the exchange's record when the response ends: at once
   * without store latency, otherwise during a later `advance`. It does not wait for earlier requests. A request in
   * flight in a timeline that `seek` leaves behind never settles.
   */
  send(name: string, spec: SendSpec = {}): Promise<ExchangeRecord> {
    const browser = this.#sendAction(name, spec)
    return new Promise((resolve) => this.#act(browser.sendAction as SendBody, 1, resolve, browser))
  }

  /** `send` without a promise: `done` (optional) gets the record; returns the exchange number. */
  dispatch(name: string, spec: SendSpec = {}, done?: (record: ExchangeRecord) => void): number {
    const browser = this.#sendAction(name, spec)
    if (done !== undefined && typeof done !== 'function') throw new TypeError('dispatch: done must be a function')
    this.#act(browser.sendAction as SendBody, 1, done, browser)
    return this.#engine.exchanges
  }

  /**
   * Moves virtual time forward by `ms`, running reaps and completing delayed store operations on the way. The clock
   * stops short of the latest instant a Date can hold by maxAge (so every cookie expiry stays a valid date): an
   * advance past it is refused before anything moves.
   */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite number of ms ≥ 0; got ${quote(ms)}`)
    if (ms === 0) return
    const latest = latestReachable(this.#engine.settings.maxAge)
    if (this.now() + ms > latest) {
      throw new RangeError(
        `advance(${ms}) would take the virtual clock past ${new Date(latest).toISOString()}, the latest instant whose session cookies (now + maxAge) a Date can still hold; at most ${latest - this.now()} ms are left`,
      )
    }
    this.#advance(ms)
    this.#changed()
  }

  /** The virtual time, epoch ms. */
  now(): number {
    return this.#engine.clock.now()
  }

  /** When the world was created, epoch ms. */
  startTime(): number {
    return this.#config.startTime
  }

  /** When the next timer (a reap, or a delayed store operation) is due; null if none. */
  nextEventTime(): number | null {
    return this.#engine.clock.nextDueTime()
  }

  /** When the reaper next runs; null when reaping is off. */
  nextReapTime(): number | null {
    return this.#engine.clock.nextIntervalDue()
  }

  /**
   * The reaper's schedule: since when it has run every `every` ms, next at `next`; null when reaping is off. Reaps
   * that would remove and announce nothing are skipped unrecorded, so the trace alone does not list every run.
   */
  reapSchedule(): ReapSchedule | null {
    const next = this.nextReapTime()
    if (next === null) return null
    return { since: this.#engine.reaperSince, every: this.#engine.memory.reapInterval, next }
  }

  /** Requests sent whose responses have not ended. */
  inFlight(): number {
    return this.#engine.tracer.inFlight
  }

  /** The requests in flight themselves, oldest first: who sent what, and when (a send shows here at once). */
  pending(): PendingExchange[] {
    return this.#engine.tracer.inFlight === 0 ? [] : this.#engine.tracer.pending()
  }

  // ---- store and settings ----------------------------------------------------------------------------------

  /** What the store holds: key (fingerprint), id, lastAccess and a copy of the data. */
  sessions(): SessionView[] {
    return this.#engine.sessions()
  }

  /**
   * Changes settings while the world runs. Each takes effect as follows:
   * - `maxAge`: the store's idle timeout, read by the next reap and by the next Set-Cookie's expiry (cookies already
   *   issued keep theirs, so they can outlive a shortened maxAge: the zombie window widens);
   * - `reapInterval`: the reaper restarts now, next due one interval later (-1 stops it);
   * - `cookie`: the next commit's cookie attributes (`undefined` restores the defaults);
   * - `fingerprint`: a new session() over the same store from the next request; stored sessions keep the keys they
   *   were saved under, so they stop matching when the formula changed;
   * - `stackOrder`: a new stack from the next request (requests in flight finish in the stack they entered);
   * - `faults`: merged into those in force, from the next store operation;
   * - `traceCap`: the trace keeps its newest records that fit (not part of the timeline: it changes no outcome);
   * - `cluster`: the servers, balancer, stores and proxy, from the next request. A server that stays keeps its store
   *   and sessions; one that goes takes its own store's sessions with it; a new one starts empty.
   */
  configure(settings: WorldSettings): void {
    checkSettings(settings)
    if (settings.maxAge !== undefined) checkExpiryFits(this.now(), settings.maxAge)
    const { traceCap, faults, cluster, ...given } = settings
    // The deployment is logged whole, defaults filled in, so a replay never depends on what the defaults were.
    const rest = cluster === undefined ? given : { ...given, cluster: checkCluster(cluster) }
    if (traceCap !== undefined) {
      // Observation only: the trace cap changes no outcome, so it is not part of the timeline.
      this.#trace.resize(traceCap)
    }
    if (Object.keys(rest).length > 0 || faults !== undefined) {
      // In the action language an absent cookie is `undefined` and a cookie restored to the defaults is `null`.
      const { cookie, ...others } = rest
      const body: ActionBody = { kind: 'configure', ...(others as Partial<Settings>), ...('cookie' in rest ? { cookie: cookie ?? null } : {}), ...(faults !== undefined ? { faults } : {}) }
      this.#act(body, 0)
    } else {
      this.#changed()
    }
  }

  /** Injects store faults (merged into those in force): latency, fail the next N gets/sets, a failure rate. */
  fault(faults: Partial<Faults>): void {
    this.configure({ faults })
  }

  /**
   * Calls a store method directly, as someone inspecting the store would: `clear`, `all`, `length`, or `destroy` with
   * a key. It is logged like any action (so seek and replay repeat it) and traced as a `store-call` record; returns
   * what the method called back with. Store faults do not apply: they model the middleware's traffic.
   */
  storeCall(call: StoreCall): StoreCallResult {
    if (typeof call !== 'object' || call === null) throw new TypeError('storeCall({ method, key? }): the call must be an object')
    return this.#do({ kind: 'storeCall', ...call }) as StoreCallResult
  }

  /** The calls made on the store (the middleware's, the reader's, the reaper's sweeps), newest last, and counts. */
  storeCalls(): StoreCalls {
    return this.#engine.store.calls.view()
  }

  /** The store faults in force (fail-next counters as they stand). */
  faults(): Faults {
    return this.#engine.store.faults
  }

  /** The configuration in force. */
  config(): WorldConfig {
    const s = this.#engine.settings
    return { ...this.#config, ...s, faults: this.#engine.store.faults, traceCap: this.#trace.cap }
  }

  // ---- trace, history, subscriptions ------------------------------------------------------------------------

  /** The retained trace records, oldest first (the same array until the trace changes). */
  trace(): readonly TraceRecord[] {
    return this.#trace.records()
  }

  /** How much of the trace is retained and how much was dropped. */
  traceStats(): TraceStats {
    const t = this.#trace
    return { cap: t.cap, size: t.size, total: t.total, dropped: t.dropped }
  }

  /**
   * Travels to `time` (epoch ms, anywhere between `history().earliest` and `history().latest`): back, by restoring
   * the newest checkpoint at or before it and replaying the logged actions up to and including those at `time`; or
   * forward again, over actions undone by an earlier seek. The actions after `time` are kept, so the world can be
   * scrubbed back and forth, until the next action: that one forks the timeline and the old future is forgotten.
   * The trace then holds what it held before the checkpoint plus the replayed records (records the cap had already
   * dropped stay dropped). Requests that were in flight in a timeline left behind never settle.
   */
  seek(time: number): void {
    if (typeof time !== 'number' || !Number.isFinite(time)) throw new RangeError(`seek(time) needs a finite time; got ${quote(time)}`)
    const history = this.#tape()
    const { earliest, latest } = history
    if (time > latest) throw new RangeError(`seek(${time}) is beyond the end of the history (${latest}); use advance to go further`)
    if (time < earliest) throw new RangeError(`seek(${time}) is before the earliest instant still in the history (${earliest})`)
    this.#replaying = true
    try {
      history.travel(
        time,
        this.now(),
        (checkpoint) => this.#restore(checkpoint),
        (action) => performAction(this.#engine, action),
      )
    } finally {
      this.#replaying = false
    }
    // A new timeline starting here spaces its checkpoints from the one it started at.
    this.#work = history.sinceCheckpoint
    this.#changed()
  }

  /** Sizes of the rewindable history. */
  history(): HistoryStats {
    const h = this.#history
    if (h === null) {
      const now = this.now()
      return { earliest: now, latest: now, actions: 0, ahead: 0, checkpoints: 0, bytes: 0, fork: null, pausedSince: this.#pausedSince }
    }
    return { earliest: h.earliest, latest: h.latest, actions: h.size, ahead: h.ahead, checkpoints: h.checkpoints, bytes: h.bytes, fork: h.fork, pausedSince: null }
  }

  /**
   * Undoes the last fork: a new action after seeking back set the recorded future aside; this puts it back and
   * returns the world to the instant of the fork, with that future ahead again (replayed by seeking forward). What
   * was done since the fork is set aside in its place, so undoing again redoes it.
   */
  undoFork(): void {
    const history = this.#tape()
    this.#replaying = true
    try {
      history.undoFork((checkpoint) => this.#restore(checkpoint), (action) => performAction(this.#engine, action))
    } finally {
      this.#replaying = false
    }
    // The branch just left takes its records aside; the future put back brings its own.
    const forkSeq = this.#trace.total
    const aside = this.#forkTrace
    this.#forkTrace = new Map()
    for (const [seq, r] of this.#traceAhead) {
      if (seq >= forkSeq) this.#forkTrace.set(seq, r)
      else aside.set(seq, r)
    }
    this.#traceAhead = aside
    this.#work = history.sinceCheckpoint
    this.#changed()
  }

  /** Lets go of the future the last fork set aside (it no longer counts toward the history's memory). */
  forgetFork(): void {
    this.#history?.forgetFork()
    this.#forkTrace.clear()
    this.#changed()
  }

  /** The logged actions up to now, oldest first (as far back as the history reaches). */
  actions(): LoggedAction[] {
    return this.#history?.past() ?? []
  }

  /** Calls `listener` after every change (once per action, not per event); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('subscribe(listener) needs a function')
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Calls `listener` with each trace record as it is made (not for records rebuilt by `seek`). */
  onRecord(listener: (record: TraceRecord) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onRecord(listener) needs a function')
    this.#recordListeners.add(listener)
    return () => this.#recordListeners.delete(listener)
  }

  /** A number that changes whenever the world does (a cheap snapshot key for UI bindings). */
  version(): number {
    return this.#version
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  #newEngine(from?: Checkpoint): Engine {
    const c = this.#config
    return new Engine(
      {
        seed: c.seed,
        startTime: c.startTime,
        settings: { reapInterval: c.reapInterval, maxAge: c.maxAge, cookie: c.cookie, fingerprint: c.fingerprint, stackOrder: c.stackOrder, quirks: c.quirks, cluster: c.cluster },
        faults: c.faults,
        sink: this.#sink,
      },
      from?.engine,
    )
  }

  readonly #sink = (record: TraceRecord): void => {
    this.#trace.push(record)
    if (this.#replaying || this.#recordListeners.size === 0) return
    for (const listener of this.#recordListeners) {
      try {
        listener(record)
      } catch (err) {
        console.error('world record listener threw:', err)
      }
    }
  }

  /** Rebuilds the engine from a checkpoint, the trace as it stood then (what it drops is kept while it may return). */
  #restore(checkpoint: Checkpoint): void {
    for (const r of this.#trace.resume(checkpoint.traceSeq, this.#traceAhead.values())) this.#traceAhead.set(r.seq, r)
    this.#boundTraceAhead()
    this.#engine = this.#newEngine(checkpoint)
  }

  #boundTraceAhead(): void {
    const limit = 4 * this.#trace.cap
    if (this.#traceAhead.size <= limit) return
    // The nearest future is the likeliest to be sought again; forget the farthest.
    const numbers = [...this.#traceAhead.keys()].sort((a, b) => a - b)
    for (const n of numbers.slice(limit)) this.#traceAhead.delete(n)
  }

  #checkpoint(): Checkpoint {
    const engine = this.#engine.snapshot()
    // What a checkpoint holds: its arrays (store keys and data, browsers and their expiries), and the session data and
    // browser snapshots, weighed with their strings (a 10 MB User-Agent weighs 10 MB). Those are shared, never copied:
    // each is weighed once, and counts toward the first checkpoint holding it (and toward the oldest one kept).
    // A cluster's other stores are weighed with the first, as one column (the weigher matches it against the last).
    const others = engine.cluster?.stores ?? []
    const keys = others.length === 0 ? engine.store.keys : [engine.store.keys, ...others.map((o) => o.keys)].flat()
    const data = others.length === 0 ? engine.store.data : [engine.store.data, ...others.map((o) => o.data)].flat()
    const arrays = 4096 + 16 * keys.length + 16 * engine.browsers.length + engine.expiries.byteLength
    const { added, all } = this.#weights.weigh(keys, data, engine.browsers)
    return { engine, traceSeq: this.#trace.total, bytes: arrays + added, allBytes: arrays + all }
  }

  /** Checks a send and returns the browser, whose `sendAction` is then the action to log. */
  #sendAction(name: string, spec: SendSpec): Browser {
    const browser = this.#browser(name)
    const last = browser.sendAction
    // Most browsers repeat their last request: that one was checked already, and the log can share it.
    if (last !== undefined && typeof spec === 'object' && spec !== null && last.method === (spec.method ?? 'GET') && last.path === (spec.path ?? '/') && last.body === spec.body) {
      return browser
    }
    if (typeof spec !== 'object' || spec === null) throw new TypeError('send(name, { method, path, body }): the request must be an object')
    browser.sendAction = checkAction({ kind: 'send', browser: name, method: spec.method, path: spec.path, body: spec.body } as Action, this.#context) as SendBody
    return browser
  }

  /** Checks an action against the world as it stands, then performs it as a new one. */
  #do(action: Action): StoreCallResult | undefined {
    const body = checkAction(action, this.#context)
    return this.#act(body, requestsIn(body))
  }

  // What checking an action needs from the world.
  readonly #context: ActionContext = {
    browser: (name) => this.#browser(name),
    hasBrowser: (name) => this.#engine.browsers.has(name),
    now: () => this.now(),
  }

  /** Performs a new action, logs it, maybe checkpoints, and tells subscribers. */
  #act(action: ActionBody, work: number, done?: (record: ExchangeRecord) => void, from?: Browser): StoreCallResult | undefined {
    this.#beforeAction()
    const t = this.now()
    const result = performAction(this.#engine, action, done, from)
    this.#afterAction(action, t, work)
    this.#changed()
    return result
  }

  /**
   * Called before a new action is performed: where a future is kept ahead, the action forks the timeline, and that
   * future's trace records go aside with it (those numbered before now are shared by both branches).
   */
  #beforeAction(): void {
    if (this.#history === null || this.#history.atEnd) return
    const now = this.#trace.total
    this.#forkTrace = this.#traceAhead
    this.#traceAhead = new Map()
    for (const [seq, r] of this.#forkTrace) if (seq < now) this.#traceAhead.set(seq, r)
  }

  /**
   * Logs an action and takes a checkpoint when due. Checkpoints need a quiescent instant (a request in flight lives
   * in the library's closures, which no snapshot can hold), so a request stuck in flight (a huge store latency) keeps
   * the newest segment growing. Once that segment alone is past the history's bounds, time travel pauses: the tape
   * is let go (its memory with it) and nothing is recorded, until the first quiescent instant starts a new tape. The
   * bounds hold, and a seek never lands on a state it cannot rebuild exactly.
   */
  #afterAction(action: ActionBody, t: number, work: number): void {
    const history = this.#history
    if (history === null) {
      if (this.#engine.quiescent()) this.#resumeHistory()
      return
    }
    history.record(action, t)
    this.#work += work
    if (this.#work >= this.#spacing() && this.#engine.quiescent()) {
      history.checkpoint(this.#checkpoint())
      this.#work = 0
    } else if (history.overBounds) {
      history.trim()
      if (history.overBounds) this.#pauseHistory()
    }
    // The history lets a kept future go when it grows past its bounds; its records go with it.
    if (this.#forkTrace.size > 0 && this.#history?.fork == null) this.#forkTrace.clear()
  }

  #pauseHistory(): void {
    this.#history = null
    this.#pausedSince = this.now()
    this.#traceAhead.clear()
    this.#forkTrace.clear()
  }

  #resumeHistory(): void {
    this.#history = new History(this.#checkpoint(), this.#config.historyCap, this.#config.historyBytes)
    this.#pausedSince = null
    this.#work = 0
  }

  /** The history, or a clear refusal while time travel is paused. */
  #tape(): History {
    if (this.#history !== null) return this.#history
    throw new Error(
      `time travel is paused: a request has been in flight since ${new Date(this.#pausedSince ?? this.now()).toISOString()} while the history outgrew its bounds; it resumes once no request is in flight`,
    )
  }

  /** Work between checkpoints: at least `checkpointEvery`, more when a checkpoint itself is big to take. */
  #spacing(): number {
    const e = this.#engine
    return Math.max(this.#config.checkpointEvery, (e.memory.size + e.browsers.size) >> 2)
  }

  /**
   * Advances in pieces, each logged as an action, so checkpoints can fall inside a long advance. A piece ends when
   * the timers it ran (reaps, delayed store operations) add up to the work left before the next checkpoint, so the
   * number of pieces follows the work done, not the time crossed (idle reaps are skipped by the clock).
   */
  #advance(ms: number): void {
    this.#beforeAction()
    const target = this.now() + ms
    for (;;) {
      const engine = this.#engine
      const t = engine.clock.now()
      if (t >= target) return
      const budget = Math.max(1, Math.ceil((this.#spacing() - this.#work) / REAP_WORK))
      const fired = engine.clock.fired
      const reached = engine.advanceTo(target, budget)
      this.#afterAction({ kind: 'advance', ms: reached - t }, t, (engine.clock.fired - fired) * REAP_WORK)
    }
  }

  /** The browser called `name`; an UnknownBrowserError naming the browsers there are when there is none. */
  #browser(name: string): Browser {
    const browser = typeof name === 'string' ? this.#engine.browsers.get(name) : undefined
    if (browser === undefined) throw new UnknownBrowserError(String(name), firstKeys(this.#engine.browsers, UNKNOWN_BROWSER_NAMES), this.#engine.browsers.size)
    return browser
  }

  #browserView(name: string): BrowserView {
    return this.#browser(name).view(this.now())
  }

  #changed(): void {
    this.#version++
    if (this.#replaying) return
    for (const listener of this.#listeners) {
      try {
        listener()
      } catch (err) {
        console.error('world listener threw:', err)
      }
    }
  }
}

/** The first `n` keys of a map, in its order. */
function firstKeys(map: ReadonlyMap<string, unknown>, n: number): string[] {
  const keys: string[] = []
  for (const key of map.keys()) {
    if (keys.length === n) break
    keys.push(key)
  }
  return keys
}

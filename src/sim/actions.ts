// The simulator's one action language: what a reader, a scenario file, a share link, a demo's priming and the
// world's own history say to change a world, and the one place that carries an action out. The zod schema for the
// data form lives beside it in action-schema.ts, loaded only where data arrives from outside (so a page that merely
// runs a world does not carry the validator).
import { COOKIE_NAME, type CookieOptions } from '../connect/index.ts'
import { checkBrowserSpec, checkIp, checkUserAgent, type Browser } from './browser.ts'
import type { Engine, StackOrder } from './engine.ts'
import { checkCluster, type ClusterInput } from './cluster.ts'
import type { Faults } from './faulty-store.ts'
import type { FingerprintStrategy } from './fingerprint-strategy.ts'
import type { SimQuirks } from './sim-quirks.ts'
import { checkStoreCall, type StoreCallResult, type StoreMethod } from './store-call.ts'
import type { ExchangeRecord } from './trace.ts'

/** A fingerprint as data can hold it: a named strategy, or the source text of a function (compiled on consent). */
export type FingerprintData = 'default' | 'user-agent' | 'ip-only' | 'none' | { readonly source: string }

/** What a configure action changes; `cookie: null` restores the library's default cookie attributes. */
export interface ActionSettings<F = FingerprintStrategy> {
  readonly reapInterval?: number
  readonly maxAge?: number
  readonly cookie?: CookieOptions | null
  readonly fingerprint?: F
  readonly stackOrder?: StackOrder
  /** Merged into the faults in force. */
  readonly faults?: Partial<Faults>
  /** 2010 mode: '2010' or a list of quirk ids the simulator supports; [] turns it off. */
  readonly quirks?: SimQuirks
  /** The deployment (servers, balancer, stores, proxy); what it leaves out takes the defaults. Logged whole. */
  readonly cluster?: ClusterInput
}

/**
 * One action. `F` is how a fingerprint is held: a live strategy in a running world, `FingerprintData` in files and
 * links (see `ActionData`).
 */
export type Action<F = FingerprintStrategy> =
  | { readonly kind: 'send'; readonly browser: string; readonly method?: string; readonly path?: string; readonly body?: string }
  /** `count` requests from `browser`, each without cookies (a crawler that keeps none): one action, however many. */
  | { readonly kind: 'burst'; readonly browser: string; readonly count: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'addBrowser'; readonly name: string; readonly userAgent: string; readonly ip: string }
  | { readonly kind: 'removeBrowser'; readonly browser: string }
  /** Copies a cookie (default: the session cookie) from one browser's jar into another's, as a thief would. */
  | { readonly kind: 'stealCookie'; readonly from: string; readonly to: string; readonly cookie?: string }
  | { readonly kind: 'setIp'; readonly browser: string; readonly ip: string }
  | { readonly kind: 'setUserAgent'; readonly browser: string; readonly userAgent: string }
  | { readonly kind: 'clearCookies'; readonly browser: string }
  /**
   * Writes a cookie's value by hand, as in DevTools' cookie table (forging a session id is this one change). A cookie
   * the browser holds keeps its Path, expiry and flags; one it lacks is added as a session cookie for Path=/.
   */
  | { readonly kind: 'setCookie'; readonly browser: string; readonly name: string; readonly value: string }
  | ({ readonly kind: 'configure' } & ActionSettings<F>)
  /** A direct call of a store method, as someone inspecting the store would make it. */
  | { readonly kind: 'storeCall'; readonly method: StoreMethod; readonly key?: string }

/** An action as files and links hold it: plain data, a custom fingerprint as source text. */
export type ActionData = Action<FingerprintData>

/** The action kinds. */
export type ActionKind = Action['kind']

/** Every action kind, in the order the docs list them. */
export const ACTION_KINDS = [
  'send',
  'burst',
  'advance',
  'addBrowser',
  'removeBrowser',
  'stealCookie',
  'setIp',
  'setUserAgent',
  'clearCookies',
  'setCookie',
  'configure',
  'storeCall',
] as const satisfies readonly ActionKind[]

/** An action in a sequence: `at` (ms since the world's start: time first advances to it) and a `note` for the docs. */
export type TimedAction<A = ActionData> = A & { readonly at?: number; readonly note?: string }

/** The most requests one burst may send (a bigger flood is several bursts). */
export const MAX_BURST = 100_000

/** What a check needs from the world: its browsers (throwing for an unknown name) and the time. */
export interface ActionContext {
  browser(name: string): Browser
  /** True when the world has a browser of that name (a cheap test: no error naming every browser is built). */
  hasBrowser(name: string): boolean
  now(): number
}

type Of<K extends ActionKind> = Extract<Action, { kind: K }>

interface Handler<A extends Action> {
  /** Checks the action against the world as it stands and returns the body to log; throws, changing nothing. */
  readonly check: (a: A, world: ActionContext) => A
  /** Carries the action out on an engine, unchecked (a checked new action, or a replay of a logged one). */
  readonly perform: (engine: Engine, a: A, done?: (record: ExchangeRecord) => void, from?: Browser) => StoreCallResult | undefined
}

// The request every burst request is: the same frozen object, so bursts add no garbage per request.
const CRAWL = Object.freeze({ method: 'GET', path: '/' })

/** Checks a send's method, path and body (not its browser); returns the send with only its own fields. */
export function checkSendSpec(a: Of<'send'>): Of<'send'> {
  const method = a.method ?? 'GET'
  const path = a.path ?? '/'
  if (typeof method !== 'string' || !/^[A-Z]+$/.test(method)) throw new TypeError(`send: method must be an upper-case HTTP method; got ${JSON.stringify(method)}`)
  if (typeof path !== 'string' || !path.startsWith('/') || /[\s\0]/.test(path)) {
    throw new TypeError(`send: path must start with '/' and contain no spaces; got ${JSON.stringify(path)}`)
  }
  if (a.body !== undefined && typeof a.body !== 'string') throw new TypeError('send: body must be a string')
  return a.body === undefined ? { kind: 'send', browser: a.browser, method, path } : { kind: 'send', browser: a.browser, method, path, body: a.body }
}

type BrowserKind = 'removeBrowser' | 'setIp' | 'setUserAgent' | 'clearCookies' | 'setCookie'

/** The handler of an action on one named browser: the browser must exist, `checkRest` checks the other `fields`. */
function onBrowser<K extends BrowserKind>(fields: readonly Exclude<keyof Of<K>, 'kind' | 'browser'>[], perform: (engine: Engine, a: Of<K>) => void, checkRest?: (a: Of<K>) => void): Handler<Of<K>> {
  return {
    check(a, w) {
      const { kind, browser } = a as unknown as { readonly kind: K; readonly browser: string }
      w.browser(browser)
      checkRest?.(a)
      // A fresh body with only the action's own fields, whatever else the caller's object carried.
      const body: Record<string, unknown> = { kind, browser }
      for (const f of fields) body[f as string] = a[f]
      return body as Of<K>
    },
    perform(engine, a) {
      perform(engine, a)
      return undefined
    },
  }
}

// RFC 6265 §4.1.1: a cookie name is a token; a value is cookie-octets (no space, DQUOTE, comma, semicolon or
// backslash), optionally in double quotes. Anything else would not survive the Cookie header it is sent in.
const COOKIE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const COOKIE_VALUE = /^(?:"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*"|[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*)$/

/** Checks a cookie name and value a reader typed: both must fit in a Cookie header as they are. */
export function checkCookiePair(name: unknown, value: unknown): void {
  if (typeof name !== 'string' || !COOKIE_TOKEN.test(name)) {
    throw new TypeError(`setCookie: a cookie name must be a non-empty token (letters, digits and !#$%&'*+-.^_\`|~); got ${JSON.stringify(name) ?? String(name)}`)
  }
  if (typeof value !== 'string' || value.length > 4096 || !COOKIE_VALUE.test(value)) {
    throw new TypeError(
      `setCookie: a cookie value must be at most 4,096 characters without spaces, commas, semicolons, backslashes or double quotes; got ${typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value) : String(value)}`,
    )
  }
}

// One entry per kind, each with its check and its effect: the only place that tells action kinds apart.
const HANDLERS: { readonly [K in ActionKind]: Handler<Of<K>> } = {
  send: {
    check(a, w) {
      w.browser(a.browser)
      return checkSendSpec(a)
    },
    perform(engine, a, done, from) {
      // The action has the fields of a SendSpec, so it is passed as is rather than copied into a new one.
      if (from !== undefined) engine.sendFrom(from, a, done)
      else engine.send(a.browser, a, done)
      return undefined
    },
  },
  burst: {
    check(a, w) {
      w.browser(a.browser)
      if (!Number.isInteger(a.count) || a.count < 1 || a.count > MAX_BURST) {
        throw new RangeError(`burst: count must be a whole number from 1 to ${MAX_BURST.toLocaleString('en')}; got ${String(a.count)}`)
      }
      return { kind: 'burst', browser: a.browser, count: a.count }
    },
    perform(engine, a) {
      const browser = engine.browsers.get(a.browser) as Browser
      for (let i = 0; i < a.count; i++) {
        // Cookieless every time: each request gets a session of its own, as a crawler's do.
        browser.jar.clear()
        engine.sendFrom(browser, CRAWL)
      }
      return undefined
    },
  },
  advance: {
    check(a) {
      if (typeof a.ms !== 'number' || !Number.isFinite(a.ms) || a.ms < 0) throw new RangeError(`advance(ms) needs a finite number of ms ≥ 0; got ${String(a.ms)}`)
      return { kind: 'advance', ms: a.ms }
    },
    perform(engine, a) {
      engine.advance(a.ms)
      return undefined
    },
  },
  addBrowser: {
    check(a, w) {
      checkBrowserSpec(a)
      if (w.hasBrowser(a.name)) throw new Error(`a browser named ${JSON.stringify(a.name)} already exists`)
      return { kind: 'addBrowser', name: a.name, userAgent: a.userAgent, ip: a.ip }
    },
    perform(engine, a) {
      engine.addBrowser(a)
      return undefined
    },
  },
  removeBrowser: onBrowser([], (engine, a) => engine.removeBrowser(a.browser)),
  stealCookie: {
    check(a, w) {
      const from = w.browser(a.from)
      w.browser(a.to)
      const cookie = a.cookie ?? COOKIE_NAME
      if (from.jar.get(cookie, w.now()) === undefined) throw new Error(`browser ${JSON.stringify(a.from)} holds no live ${cookie} cookie to steal`)
      return { kind: 'stealCookie', from: a.from, to: a.to, cookie }
    },
    perform(engine, a) {
      engine.copyCookie(a.from, a.to, a.cookie ?? COOKIE_NAME)
      return undefined
    },
  },
  setIp: onBrowser(['ip'], (engine, a) => engine.setIp(a.browser, a.ip), (a) => checkIp(a.ip)),
  setUserAgent: onBrowser(['userAgent'], (engine, a) => engine.setUserAgent(a.browser, a.userAgent), (a) => checkUserAgent(a.userAgent)),
  clearCookies: onBrowser([], (engine, a) => engine.clearCookies(a.browser)),
  setCookie: onBrowser(['name', 'value'], (engine, a) => engine.setCookie(a.browser, a.name, a.value), (a) => checkCookiePair(a.name, a.value)),
  configure: {
    // The world checks settings against the library before it gets here (World.configure), with their own messages.
    check: (a) => a,
    perform(engine, a) {
      const { kind: _kind, faults, cookie, cluster, ...given } = a
      // The world logs the deployment whole; checking it again only fills in what a hand-written body left out.
      const rest = cluster === undefined ? given : { ...given, cluster: checkCluster(cluster) }
      engine.configure(cookie === undefined ? rest : { ...rest, cookie: cookie ?? undefined }, faults)
      return undefined
    },
  },
  storeCall: {
    check(a) {
      const call = checkStoreCall(a.method === 'destroy' ? { method: a.method, key: a.key } : { method: a.method, ...(a.key !== undefined ? { key: a.key } : {}) })
      return call.method === 'destroy' ? { kind: 'storeCall', method: 'destroy', key: call.key } : { kind: 'storeCall', method: call.method }
    },
    perform(engine, a) {
      return engine.storeCall(a.method === 'destroy' ? { method: 'destroy', key: a.key ?? '' } : { method: a.method })
    },
  },
}

function handler(kind: unknown): Handler<Action> {
  const h = typeof kind === 'string' && Object.hasOwn(HANDLERS, kind) ? HANDLERS[kind as ActionKind] : undefined
  if (h === undefined) throw new TypeError(`unknown action kind ${JSON.stringify(kind) ?? String(kind)}; kinds are ${ACTION_KINDS.join(', ')}`)
  return h as Handler<Action>
}

/** Checks an action against a world (browsers named must exist, values must be valid); returns the body to log. */
export function checkAction(action: Action, world: ActionContext): Action {
  if (typeof action !== 'object' || action === null) throw new TypeError('an action must be an object with a kind')
  return handler(action.kind).check(action, world)
}

/** Carries out a checked (or logged) action on an engine; a store call returns what the store called back with. */
export function performAction(engine: Engine, action: Action, done?: (record: ExchangeRecord) => void, from?: Browser): StoreCallResult | undefined {
  return handler(action.kind).perform(engine, action, done, from)
}

/** How many requests an action sends (what spaces checkpoints and sizes them). */
export function requestsIn(action: Action): number {
  return action.kind === 'send' ? 1 : action.kind === 'burst' ? action.count : 0
}

/** Turns source text into a live fingerprint; supplied by the caller, and only once the reader has allowed the code. */
export type Compile = (source: string) => FingerprintStrategy

/** Thrown where custom code would have to run but no compiler was given. */
export class CustomCodeRefused extends Error {
  constructor() {
    super('this holds a custom fingerprint function, which runs only after you allow it')
    this.name = 'CustomCodeRefused'
  }
}

const REFUSE: Compile = () => {
  throw new CustomCodeRefused()
}

/** A fingerprint from data made live (custom source compiled by `compile`). */
export function liveFingerprint(f: FingerprintData, compile: Compile = REFUSE): FingerprintStrategy {
  return typeof f === 'string' ? f : compile(f.source)
}

/** A fingerprint as data; a custom one without source text cannot be written down, and says where it was. */
export function fingerprintData(f: FingerprintStrategy, where: string): FingerprintData {
  if (typeof f === 'string') return f
  if (typeof f.source !== 'string' || f.source.trim() === '') throw new Error(`the custom fingerprint in ${where} has no source text, so it cannot be written down`)
  return { source: f.source }
}

/** An action from data made live: only a configure with a custom fingerprint changes. */
export function liveAction(action: ActionData, compile: Compile = REFUSE): Action {
  if (action.kind !== 'configure' || action.fingerprint === undefined || typeof action.fingerprint === 'string') return action as Action
  return { ...action, fingerprint: liveFingerprint(action.fingerprint, compile) }
}

/** Cookie attributes as plain data (a Date becomes its UTC string, as the cookie would carry it). */
export function plainCookie(cookie: CookieOptions): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  for (const [k, v] of Object.entries(cookie)) {
    if (v === undefined) continue
    out[k] = v instanceof Date ? v.toUTCString() : (v as string | number | boolean | null)
  }
  return out
}

/** A logged action as data: the fingerprint as source text, cookie dates as text, and no `undefined` fields. */
export function actionData(action: Action, where: string): ActionData {
  if (action.kind !== 'configure') {
    if (action.kind === 'send' && action.body === undefined && 'body' in action) {
      const { body: _body, ...rest } = action
      return rest
    }
    return action
  }
  const out: Record<string, unknown> = { kind: 'configure' }
  for (const [key, value] of Object.entries(action)) {
    if (value === undefined || key === 'kind') continue
    if (key === 'fingerprint') out.fingerprint = fingerprintData(value as FingerprintStrategy, where)
    else if (key === 'cookie') out.cookie = value === null ? null : plainCookie(value as CookieOptions)
    else if (key === 'faults') out.faults = { ...(value as Partial<Faults>) }
    else if (key === 'cluster') out.cluster = { ...(value as object) }
    else out[key] = value
  }
  return out as ActionData
}

/** What a world offers to play actions on. */
export interface ActionTarget {
  startTime(): number
  now(): number
  advance(ms: number): void
  apply(action: Action, done?: (record: ExchangeRecord) => void): StoreCallResult | undefined
}

/** An action of a sequence that the world refused: `index` says which, the message says why. */
export class ActionError extends Error {
  constructor(
    readonly index: number,
    readonly action: ActionData,
    readonly reason: string,
  ) {
    super(`action ${index} (${action.kind}) was refused: ${reason}`)
    this.name = 'ActionError'
  }
}

/** What `playActions` reports as it goes. */
export interface PlayHooks {
  /** Makes custom fingerprint source live; without it, custom code is refused. */
  readonly compile?: Compile
  /** Called for each action once time has reached its `at`, before it runs. */
  readonly before?: (index: number) => void
  /** Called with a send's exchange once its response has ended. */
  readonly exchange?: (index: number, record: ExchangeRecord) => void
  /** Called when the world refuses an action; without it, the refusal is thrown as an ActionError. */
  readonly refused?: (index: number, error: ActionError) => void
  /** Called after each action (refused or not). */
  readonly after?: (index: number) => void
}

/**
 * Plays a sequence of actions on a world, in order, each at its `at` (time advances to it first; an `at` already
 * passed is ignored). The one replay loop for scenarios, links, demo priming and imported files.
 */
export function playActions(world: ActionTarget, actions: readonly TimedAction[], hooks: PlayHooks = {}): void {
  const start = world.startTime()
  const { compile, before, exchange, refused, after } = hooks
  for (let i = 0; i < actions.length; i++) {
    const { at, note: _note, ...action } = actions[i] as TimedAction
    if (at !== undefined && start + at > world.now()) world.advance(start + at - world.now())
    before?.(i)
    try {
      const done = exchange === undefined ? undefined : (record: ExchangeRecord) => exchange(i, record)
      world.apply(liveAction(action as ActionData, compile), done)
    } catch (err) {
      const error = new ActionError(i, action as ActionData, err instanceof Error ? err.message : String(err))
      if (refused === undefined || err instanceof CustomCodeRefused) throw error
      refused(i, error)
    }
    after?.(i)
  }
}

// The playground's state in a link: the world's starting config, its browsers, the actions since, and the time.
// Packed as `<version>.<checksum>.<lz-string>` so a reader can tell a link from a newer release, a damaged link and a
// garbled one apart. A link carries data only: a custom fingerprint travels as source text, and turning that into a
// function is left to the caller, who must ask the reader first.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'
import { md5 } from '../../connect/index.ts'
import { createWorld, type ActionBody, type BrowserSpec, type FingerprintStrategy, type World, type WorldOptions } from '../../sim/index.ts'

/** The format version this code writes and reads. */
export const SHARE_VERSION = 1

/** The query parameter the playground's state travels in. */
export const SHARE_PARAM = 'state'

/** A fingerprint as a link carries it: a named strategy, or the source text of a function. */
export type SharedFingerprint = 'default' | 'user-agent' | 'none' | { readonly source: string }

type CookieValue = string | number | boolean | null

/** The world as it was created. */
export interface SharedConfig {
  readonly seed: number
  readonly startTime: number
  readonly reapInterval: number
  readonly maxAge: number
  readonly fingerprint: SharedFingerprint
  readonly stackOrder: string
  readonly cookie?: Readonly<Record<string, CookieValue>>
  readonly faults?: Readonly<Record<string, number>>
}

/** What the settings of a configure action carry in a link (`cookie: null` restores the default cookie). */
export interface SharedSettings {
  readonly reapInterval?: number
  readonly maxAge?: number
  readonly fingerprint?: SharedFingerprint
  readonly stackOrder?: string
  readonly cookie?: Readonly<Record<string, CookieValue>> | null
}

/** One logged action, `t` ms after the world's start. Advances are left out: the times say when things happened. */
export type SharedAction =
  | { readonly t: number; readonly kind: 'send'; readonly browser: string; readonly method: string; readonly path: string; readonly body?: string }
  | { readonly t: number; readonly kind: 'addBrowser'; readonly spec: BrowserSpec }
  | { readonly t: number; readonly kind: 'removeBrowser'; readonly name: string }
  | { readonly t: number; readonly kind: 'copyCookie'; readonly from: string; readonly to: string; readonly cookie: string }
  | { readonly t: number; readonly kind: 'setIp'; readonly browser: string; readonly ip: string }
  | { readonly t: number; readonly kind: 'setUserAgent'; readonly browser: string; readonly userAgent: string }
  | { readonly t: number; readonly kind: 'clearCookies'; readonly browser: string }
  | { readonly t: number; readonly kind: 'configure'; readonly settings: SharedSettings; readonly faults?: Readonly<Record<string, number>> }
  | { readonly t: number; readonly kind: 'storeCall'; readonly method: 'clear' | 'all' | 'length' | 'destroy'; readonly key?: string }

/** Everything a link holds. */
export interface SharedState {
  readonly config: SharedConfig
  /** The browsers the world started with. */
  readonly browsers: readonly BrowserSpec[]
  readonly actions: readonly SharedAction[]
  /** The virtual time to stand at, ms after the start. */
  readonly now: number
}

/** A link that cannot be read or replayed; the message is meant for the reader. */
export class ShareError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShareError'
  }
}

// ---- writing -------------------------------------------------------------------------------------------------

function sharedFingerprint(f: FingerprintStrategy | undefined, where: string): SharedFingerprint {
  if (f === undefined) return 'default'
  if (typeof f === 'string') return f
  if (typeof f.source !== 'string' || f.source.trim() === '') {
    throw new ShareError(`the custom fingerprint in ${where} has no source text, so it cannot travel in a link`)
  }
  return { source: f.source }
}

function plainCookie(cookie: WorldOptions['cookie']): Record<string, CookieValue> | undefined {
  if (cookie === undefined) return undefined
  const out: Record<string, CookieValue> = {}
  for (const [k, v] of Object.entries(cookie)) {
    if (v === undefined) continue
    out[k] = v instanceof Date ? v.toUTCString() : v
  }
  return out
}

function sharedAction(a: ActionBody, t: number): SharedAction | null {
  switch (a.kind) {
    case 'advance':
      return null
    case 'send':
      return a.body === undefined ? { t, kind: 'send', browser: a.browser, method: a.method, path: a.path } : { t, kind: 'send', browser: a.browser, method: a.method, path: a.path, body: a.body }
    case 'addBrowser':
      return { t, kind: 'addBrowser', spec: { name: a.spec.name, userAgent: a.spec.userAgent, ip: a.spec.ip } }
    case 'removeBrowser':
      return { t, kind: 'removeBrowser', name: a.name }
    case 'copyCookie':
      return { t, kind: 'copyCookie', from: a.from, to: a.to, cookie: a.cookie }
    case 'setIp':
      return { t, kind: 'setIp', browser: a.browser, ip: a.ip }
    case 'setUserAgent':
      return { t, kind: 'setUserAgent', browser: a.browser, userAgent: a.userAgent }
    case 'clearCookies':
      return { t, kind: 'clearCookies', browser: a.browser }
    case 'configure': {
      const s = a.settings
      const settings: { -readonly [K in keyof SharedSettings]: SharedSettings[K] } = {}
      if (s.reapInterval !== undefined) settings.reapInterval = s.reapInterval
      if (s.maxAge !== undefined) settings.maxAge = s.maxAge
      if (s.stackOrder !== undefined) settings.stackOrder = s.stackOrder
      if (s.fingerprint !== undefined) settings.fingerprint = sharedFingerprint(s.fingerprint, 'a settings change')
      if ('cookie' in s) settings.cookie = plainCookie(s.cookie) ?? null
      return a.faults === undefined ? { t, kind: 'configure', settings } : { t, kind: 'configure', settings, faults: { ...a.faults } }
    }
    case 'storeCall':
      return a.key === undefined ? { t, kind: 'storeCall', method: a.method } : { t, kind: 'storeCall', method: a.method, key: a.key }
  }
}

/**
 * Reads a world into the state a link carries. `origin` is what the world was created with (its settings may have
 * changed since; the configure actions say how). Throws a ShareError when the world's history no longer reaches
 * back to its start, or a custom fingerprint has no source.
 */
export function captureShare(world: World, origin: WorldOptions): SharedState {
  const start = world.startTime()
  if (world.history().earliest > start) {
    throw new ShareError('this world has run for longer than its rewindable history reaches, so a link could not rebuild it')
  }
  const config = world.config()
  const browsers: BrowserSpec[] = []
  const actions: SharedAction[] = []
  for (const action of world.actions()) {
    const t = action.t - start
    // Browsers added at the very start, before anything else happened, are the world's cast.
    if (action.kind === 'addBrowser' && t === 0 && actions.length === 0) {
      browsers.push({ name: action.spec.name, userAgent: action.spec.userAgent, ip: action.spec.ip })
      continue
    }
    const shared = sharedAction(action, t)
    if (shared !== null) actions.push(shared)
  }
  const cookie = plainCookie(origin.cookie)
  return {
    config: {
      seed: config.seed,
      startTime: start,
      reapInterval: origin.reapInterval ?? 600_000,
      maxAge: origin.maxAge ?? 14_400_000,
      fingerprint: sharedFingerprint(origin.fingerprint, 'the starting settings'),
      stackOrder: origin.stackOrder ?? 'decoder-first',
      ...(cookie !== undefined ? { cookie } : {}),
      ...(origin.faults !== undefined ? { faults: { ...origin.faults } as Record<string, number> } : {}),
    },
    browsers,
    actions,
    now: world.now() - start,
  }
}

/** Packs a state into the text of the link's query parameter. */
export function encodeShare(state: SharedState): string {
  const body = JSON.stringify(state)
  return `${SHARE_VERSION}.${checksum(body)}.${compressToEncodedURIComponent(body)}`
}

function checksum(body: string): string {
  // Catches a link cut short or edited by hand; it is not a signature (anyone can recompute it).
  return md5(body).slice(0, 12)
}

// ---- reading -------------------------------------------------------------------------------------------------

/** Unpacks and checks a link's state; throws a ShareError that says what is wrong in words for the reader. */
export function decodeShare(text: string): SharedState {
  const match = /^(\d+)\.([0-9a-f]{12})\.([A-Za-z0-9+\-$]+)$/.exec(text.trim())
  if (match === null) throw new ShareError('This link does not hold a playground state: its state parameter is malformed.')
  const version = Number(match[1])
  if (version !== SHARE_VERSION) {
    throw new ShareError(`This link was made by version ${version} of the playground's link format; this page reads version ${SHARE_VERSION}.`)
  }
  const body = decompressFromEncodedURIComponent(match[3] as string)
  if (body === null || body === '') throw new ShareError('This link is damaged: its state could not be unpacked.')
  if (checksum(body) !== match[2]) throw new ShareError('This link was altered or cut short: its checksum does not match its contents.')
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new ShareError('This link is damaged: its state is not valid JSON.')
  }
  return checkState(value)
}

function bad(path: string, problem: string): never {
  throw new ShareError(`This link's state is malformed: ${path} ${problem}.`)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(path, 'should be a number')
  return v
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') bad(path, 'should be text')
  return v
}

function fingerprint(v: unknown, path: string): SharedFingerprint {
  if (v === 'default' || v === 'user-agent' || v === 'none') return v
  if (isRecord(v) && typeof v.source === 'string' && Object.keys(v).length === 1) return { source: v.source }
  return bad(path, 'should be default, user-agent, none or { source }')
}

function numbers(v: unknown, path: string): Record<string, number> {
  if (!isRecord(v)) bad(path, 'should be an object')
  const out: Record<string, number> = {}
  for (const [k, x] of Object.entries(v)) out[k] = num(x, `${path}.${k}`)
  return out
}

function cookieRecord(v: unknown, path: string): Record<string, CookieValue> {
  if (!isRecord(v)) bad(path, 'should be an object')
  for (const [k, x] of Object.entries(v)) {
    if (x !== null && !['string', 'number', 'boolean'].includes(typeof x)) bad(`${path}.${k}`, 'should be text, a number, true/false or null')
  }
  return v as Record<string, CookieValue>
}

function browser(v: unknown, path: string): BrowserSpec {
  if (!isRecord(v)) bad(path, 'should be an object')
  return { name: str(v.name, `${path}.name`), userAgent: str(v.userAgent, `${path}.userAgent`), ip: str(v.ip, `${path}.ip`) }
}

const STORE_METHODS = ['clear', 'all', 'length', 'destroy'] as const

function action(v: unknown, path: string): SharedAction {
  if (!isRecord(v)) bad(path, 'should be an object')
  const t = num(v.t, `${path}.t`)
  if (t < 0) bad(`${path}.t`, 'should not be negative')
  switch (v.kind) {
    case 'send':
      return {
        t,
        kind: 'send',
        browser: str(v.browser, `${path}.browser`),
        method: str(v.method, `${path}.method`),
        path: str(v.path, `${path}.path`),
        ...(v.body !== undefined ? { body: str(v.body, `${path}.body`) } : {}),
      }
    case 'addBrowser':
      return { t, kind: 'addBrowser', spec: browser(v.spec, `${path}.spec`) }
    case 'removeBrowser':
      return { t, kind: 'removeBrowser', name: str(v.name, `${path}.name`) }
    case 'copyCookie':
      return { t, kind: 'copyCookie', from: str(v.from, `${path}.from`), to: str(v.to, `${path}.to`), cookie: str(v.cookie, `${path}.cookie`) }
    case 'setIp':
      return { t, kind: 'setIp', browser: str(v.browser, `${path}.browser`), ip: str(v.ip, `${path}.ip`) }
    case 'setUserAgent':
      return { t, kind: 'setUserAgent', browser: str(v.browser, `${path}.browser`), userAgent: str(v.userAgent, `${path}.userAgent`) }
    case 'clearCookies':
      return { t, kind: 'clearCookies', browser: str(v.browser, `${path}.browser`) }
    case 'configure': {
      if (!isRecord(v.settings)) bad(`${path}.settings`, 'should be an object')
      const s = v.settings
      const settings: { -readonly [K in keyof SharedSettings]: SharedSettings[K] } = {}
      if (s.reapInterval !== undefined) settings.reapInterval = num(s.reapInterval, `${path}.settings.reapInterval`)
      if (s.maxAge !== undefined) settings.maxAge = num(s.maxAge, `${path}.settings.maxAge`)
      if (s.stackOrder !== undefined) settings.stackOrder = str(s.stackOrder, `${path}.settings.stackOrder`)
      if (s.fingerprint !== undefined) settings.fingerprint = fingerprint(s.fingerprint, `${path}.settings.fingerprint`)
      if (s.cookie !== undefined) settings.cookie = s.cookie === null ? null : cookieRecord(s.cookie, `${path}.settings.cookie`)
      return v.faults === undefined ? { t, kind: 'configure', settings } : { t, kind: 'configure', settings, faults: numbers(v.faults, `${path}.faults`) }
    }
    case 'storeCall': {
      const method = v.method
      if (!(STORE_METHODS as readonly unknown[]).includes(method)) bad(`${path}.method`, `should be one of ${STORE_METHODS.join(', ')}`)
      const m = method as (typeof STORE_METHODS)[number]
      return v.key === undefined ? { t, kind: 'storeCall', method: m } : { t, kind: 'storeCall', method: m, key: str(v.key, `${path}.key`) }
    }
    default:
      return bad(`${path}.kind`, `names an action this page does not know (${JSON.stringify(v.kind)})`)
  }
}

/** Checks the shape of a decoded state (the world checks the values when it replays them). */
export function checkState(value: unknown): SharedState {
  if (!isRecord(value)) bad('the state', 'should be an object')
  const c = value.config
  if (!isRecord(c)) bad('config', 'should be an object')
  const config: SharedConfig = {
    seed: num(c.seed, 'config.seed'),
    startTime: num(c.startTime, 'config.startTime'),
    reapInterval: num(c.reapInterval, 'config.reapInterval'),
    maxAge: num(c.maxAge, 'config.maxAge'),
    fingerprint: fingerprint(c.fingerprint, 'config.fingerprint'),
    stackOrder: str(c.stackOrder, 'config.stackOrder'),
    ...(c.cookie !== undefined ? { cookie: cookieRecord(c.cookie, 'config.cookie') } : {}),
    ...(c.faults !== undefined ? { faults: numbers(c.faults, 'config.faults') } : {}),
  }
  if (!Array.isArray(value.browsers)) bad('browsers', 'should be a list')
  if (!Array.isArray(value.actions)) bad('actions', 'should be a list')
  const browsers = value.browsers.map((b, i) => browser(b, `browsers[${i}]`))
  const actions = value.actions.map((a, i) => action(a, `actions[${i}]`))
  let last = 0
  actions.forEach((a, i) => {
    if (a.t < last) bad(`actions[${i}].t`, 'goes back in time')
    last = a.t
  })
  const now = num(value.now, 'now')
  if (now < last) bad('now', 'is earlier than the last action')
  return { config, browsers, actions, now }
}

// ---- custom code -------------------------------------------------------------------------------------------

/** The source of every custom fingerprint the state would run, in order; empty when it runs none. */
export function customSources(state: SharedState): string[] {
  const out: string[] = []
  if (typeof state.config.fingerprint === 'object') out.push(state.config.fingerprint.source)
  for (const a of state.actions) {
    if (a.kind === 'configure' && typeof a.settings.fingerprint === 'object') out.push(a.settings.fingerprint.source)
  }
  return out
}

/** Turns source text into a strategy; supplied by the caller, and only once the reader has allowed the code. */
export type Compile = (source: string) => FingerprintStrategy

const REFUSE: Compile = () => {
  throw new ShareError('this link holds a custom fingerprint function, which runs only after you allow it')
}

function strategy(f: SharedFingerprint, compile: Compile): FingerprintStrategy {
  return typeof f === 'string' ? f : compile(f.source)
}

/** The options a world is created with, for the state's config. */
export function originOf(state: SharedState, compile: Compile = REFUSE): WorldOptions {
  const c = state.config
  return {
    seed: c.seed,
    startTime: c.startTime,
    reapInterval: c.reapInterval,
    maxAge: c.maxAge,
    fingerprint: strategy(c.fingerprint, compile),
    stackOrder: c.stackOrder as WorldOptions['stackOrder'],
    ...(c.cookie !== undefined ? { cookie: c.cookie } : {}),
    ...(c.faults !== undefined ? { faults: c.faults } : {}),
  }
}

/**
 * Rebuilds the world a state describes by replaying its actions at their times, then standing at its `now`. A
 * custom fingerprint is compiled by `compile`; without one, a state holding custom code is refused.
 */
export function restoreWorld(state: SharedState, compile: Compile = REFUSE): { world: World; origin: WorldOptions } {
  try {
    const origin = originOf(state, compile)
    const world = createWorld(origin)
    const start = world.startTime()
    for (const b of state.browsers) world.addBrowser(b)
    for (const a of state.actions) {
      const due = start + a.t
      if (due > world.now()) world.advance(due - world.now())
      perform(world, a, compile)
    }
    if (start + state.now > world.now()) world.advance(start + state.now - world.now())
    return { world, origin }
  } catch (err) {
    if (err instanceof ShareError) throw err
    throw new ShareError(`This link's actions could not be replayed: ${err instanceof Error ? err.message : String(err)}`)
  }
}

function perform(world: World, a: SharedAction, compile: Compile): void {
  switch (a.kind) {
    case 'send':
      world.dispatch(a.browser, a.body === undefined ? { method: a.method, path: a.path } : { method: a.method, path: a.path, body: a.body })
      return
    case 'addBrowser':
      world.addBrowser(a.spec)
      return
    case 'removeBrowser':
      world.removeBrowser(a.name)
      return
    case 'copyCookie':
      world.stealCookie(a.from, a.to, a.cookie)
      return
    case 'setIp':
      world.setIp(a.browser, a.ip)
      return
    case 'setUserAgent':
      world.setUserAgent(a.browser, a.userAgent)
      return
    case 'clearCookies':
      world.clearCookies(a.browser)
      return
    case 'configure': {
      const s = a.settings
      world.configure({
        ...(s.reapInterval !== undefined ? { reapInterval: s.reapInterval } : {}),
        ...(s.maxAge !== undefined ? { maxAge: s.maxAge } : {}),
        ...(s.stackOrder !== undefined ? { stackOrder: s.stackOrder as 'decoder-first' } : {}),
        ...(s.fingerprint !== undefined ? { fingerprint: strategy(s.fingerprint, compile) } : {}),
        ...(s.cookie !== undefined ? { cookie: s.cookie === null ? undefined : s.cookie } : {}),
        ...(a.faults !== undefined ? { faults: a.faults } : {}),
      })
      return
    }
    case 'storeCall':
      world.storeCall(a.method === 'destroy' ? { method: 'destroy', key: a.key ?? '' } : { method: a.method })
      return
  }
}

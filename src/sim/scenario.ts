import { z } from 'zod'
import { STACK_ORDERS } from './engine.ts'
import { FINGERPRINT_NAMES } from './fingerprint-strategy.ts'
import type { ExchangeRecord } from './trace.ts'
import { checkSettings, createWorld, resolveConfig, type World, type WorldSettings } from './world.ts'

/*
 * A scenario file (content/scenarios/*.json), version 1:
 *   { "version": 1, "title": "...", "description": "...",
 *     "config":   { seed?, startTime?, reapInterval?, maxAge?, cookie?, fingerprint?: "default" | "user-agent" | "none",
 *                   stackOrder?, faults?, traceCap? },
 *     "browsers": [ { "name", "userAgent", "ip" } ],
 *     "timeline": [ { "action": "send", "browser", "method"?, "path"?, "body"? }, { "action": "advance", "ms" },
 *                   { "action": "stealCookie", "from", "to", "cookie"? }, { "action": "setIp", "browser", "ip" },
 *                   { "action": "setUserAgent", "browser", "userAgent" }, { "action": "clearCookies", "browser" },
 *                   { "action": "configure", ...settings }, { "action": "fault", ...faults } ],
 *     "expect":   [ { "step": i, status?, newSession?, sameIdAs?, differentIdFrom?, body?, bodyContains?, setCookie?,
 *                     lookup?, errorContains? },
 *                   { "after": i, sessions?, holds?: [send steps], lacks?: [send steps], cookies?: { browser: n } },
 *                   { "reaped": [send steps], by?: i } ] }
 * Every step may carry "at" (ms since the start: time first advances to it) and "note" (text for the docs). Steps
 * are indexed from 0; a send's outcome is its exchange once the response has ended. A custom fingerprint function
 * cannot be written in JSON: scenarios use the named strategies.
 */

/** The scenario format version this code reads. */
export const SCENARIO_VERSION = 1

/** A scenario that cannot be loaded: `path` names where (e.g. `timeline[3].action`), `problem` says what. */
export class ScenarioError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`)
    this.name = 'ScenarioError'
  }
}

// ---- schema ------------------------------------------------------------------------------------------------

const name = z.string().min(1)
const index = z.number().int().min(0)
const ms = z.number().min(0)
const note = z.string().optional()
const at = ms.optional()

const cookieOptions = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))

const faultFields = {
  latency: ms.optional(),
  failNextGet: index.optional(),
  failNextSet: index.optional(),
  failureRate: z.number().min(0).max(1).optional(),
}

const settingFields = {
  reapInterval: z.number().optional(),
  maxAge: z.number().optional(),
  cookie: cookieOptions.optional(),
  fingerprint: z.enum(FINGERPRINT_NAMES).optional(),
  stackOrder: z.enum(STACK_ORDERS).optional(),
}

const configSchema = z.strictObject({
  seed: z.number().int().optional(),
  startTime: z.number().optional(),
  ...settingFields,
  faults: z.strictObject(faultFields).optional(),
  traceCap: z.number().int().min(1).optional(),
})

const browserSchema = z.strictObject({ name, userAgent: z.string(), ip: name, note })

const stepSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('send'),
    at,
    note,
    browser: name,
    method: z.string().regex(/^[A-Z]+$/, 'must be an upper-case HTTP method').optional(),
    path: z.string().startsWith('/').optional(),
    body: z.string().optional(),
  }),
  z.strictObject({ action: z.literal('advance'), at, note, ms }),
  z.strictObject({ action: z.literal('stealCookie'), at, note, from: name, to: name, cookie: name.optional() }),
  z.strictObject({ action: z.literal('setIp'), at, note, browser: name, ip: name }),
  z.strictObject({ action: z.literal('setUserAgent'), at, note, browser: name, userAgent: z.string() }),
  z.strictObject({ action: z.literal('clearCookies'), at, note, browser: name }),
  z.strictObject({ action: z.literal('configure'), at, note, ...settingFields }),
  z.strictObject({ action: z.literal('fault'), at, note, ...faultFields }),
])

const ACTIONS = ['send', 'advance', 'stealCookie', 'setIp', 'setUserAgent', 'clearCookies', 'configure', 'fault'] as const

const stepExpectation = z.strictObject({
  step: index,
  note,
  status: z.number().int().optional(),
  newSession: z.boolean().optional(),
  sameIdAs: index.optional(),
  differentIdFrom: index.optional(),
  body: z.string().optional(),
  bodyContains: z.string().optional(),
  setCookie: z.boolean().optional(),
  lookup: z.enum(['hit', 'miss', 'error', 'none']).optional(),
  errorContains: z.string().optional(),
})

const stateExpectation = z.strictObject({
  after: index,
  note,
  sessions: index.optional(),
  holds: z.array(index).optional(),
  lacks: z.array(index).optional(),
  cookies: z.record(z.string(), index).optional(),
})

const reapExpectation = z.strictObject({ reaped: z.array(index).min(1), by: index.optional(), note })

// Told apart by their first key, so an error names the fields of the kind meant rather than all three.
const EXPECTATION_KINDS = ['step', 'after', 'reaped'] as const
const expectationSchema = z.union([stepExpectation, stateExpectation, reapExpectation])

const scenarioSchema = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  title: name,
  description: z.string(),
  config: configSchema.default({}),
  browsers: z.array(browserSchema),
  timeline: z.array(stepSchema),
  expect: z.array(expectationSchema),
})

/** A validated scenario. */
export type Scenario = z.output<typeof scenarioSchema>
/** One timeline step of a scenario. */
export type ScenarioStep = Scenario['timeline'][number]
/** One expected outcome of a scenario. */
export type Expectation = Scenario['expect'][number]

// ---- loading -----------------------------------------------------------------------------------------------

/** Parses and checks a scenario (JSON text or an already parsed value); throws one ScenarioError naming the first problem. */
export function loadScenario(input: unknown): Scenario {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown
    } catch (err) {
      throw new ScenarioError('(root)', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const parsed = scenarioSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue
    const { path, problem } = describeIssue(issue, value)
    throw new ScenarioError(path, problem)
  }
  checkMeaning(parsed.data)
  return parsed.data
}

type Key = PropertyKey

/** `timeline[3].action`, `config.cookie["max-age"]`, or `(root)`. */
export function formatPath(path: readonly Key[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += (out === '' ? '' : '.') + key
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out === '' ? '(root)' : out
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let v = root
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<Key, unknown>)[key]
  }
  return v
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`
  if (value === undefined) return 'nothing'
  return `${typeof value} ${String(value)}`
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): { path: string; problem: string } {
  const path = issue.path
  const here = formatPath(path)
  const value = valueAt(input, path)
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { path: here, problem: `is required (${issue.expected})` }
      return { path: here, problem: `expected ${issue.expected}, got ${kindOf(value)}` }
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      return { path: here, problem: `${options.length === 1 ? `expected ${options[0]}` : `expected one of ${options.join(', ')}`}; got ${kindOf(value)}` }
    }
    case 'unrecognized_keys': {
      const keys = issue.keys
      const typo = keys[0] === 'maxAage' ? " (the 2010 page's typo: the option is spelled maxAge)" : ''
      return { path: formatPath([...path, keys[0] as string]), problem: `unknown key${typo}${keys.length > 1 ? ` (also ${keys.slice(1).join(', ')})` : ''}` }
    }
    case 'too_small':
      if (issue.origin === 'string') return { path: here, problem: 'must not be empty' }
      if (issue.origin === 'array') return { path: here, problem: `needs at least ${String(issue.minimum)} item(s)` }
      return { path: here, problem: `must be ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}; got ${kindOf(value)}` }
    case 'too_big':
      return { path: here, problem: `must be ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}; got ${kindOf(value)}` }
    case 'invalid_format':
      if (issue.format === 'starts_with') return { path: here, problem: `must start with "${String((issue as { prefix?: string }).prefix)}"` }
      return { path: here, problem: issue.message }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator
      if (discriminator !== undefined) {
        const options = discriminator === 'action' ? ACTIONS : (issue as { options?: unknown[] }).options ?? []
        return { path: here, problem: `expected one of ${options.join(', ')}; got ${kindOf(value)}` }
      }
      // Expectations: report against the kind the object meant, named by its key.
      const kind = typeof value === 'object' && value !== null ? EXPECTATION_KINDS.findIndex((k) => k in value) : -1
      if (kind === -1) {
        return { path: here, problem: `expected an object with one of the keys ${EXPECTATION_KINDS.join(', ')}; got ${kindOf(value)}` }
      }
      const nested = issue.errors[kind]?.[0]
      if (nested === undefined) return { path: here, problem: issue.message }
      return describeIssue({ ...nested, path: [...path, ...nested.path] } as z.core.$ZodIssue, input)
    }
    default:
      return { path: here, problem: issue.message }
  }
}

function fail(path: string, problem: string): never {
  throw new ScenarioError(path, problem)
}

/** Checks what the schema cannot: names that must exist, indices that must point at sends, times that must not go back, settings the library would refuse. */
function checkMeaning(s: Scenario): void {
  checkEachSetting('config', s.config, 'settings')
  try {
    resolveConfig(s.config)
  } catch (err) {
    fail('config', messageOf(err))
  }
  const names = new Set<string>()
  s.browsers.forEach((b, i) => {
    if (names.has(b.name)) fail(`browsers[${i}].name`, `duplicate browser name ${JSON.stringify(b.name)}`)
    names.add(b.name)
  })
  const known = (path: string, browser: string): void => {
    if (!names.has(browser)) {
      fail(path, `unknown browser ${JSON.stringify(browser)}; the scenario's browsers are ${[...names].join(', ') || '(none)'}`)
    }
  }
  let time = 0
  s.timeline.forEach((step, i) => {
    const here = `timeline[${i}]`
    if (step.at !== undefined) {
      if (step.at < time) fail(`${here}.at`, `${step.at} ms is earlier than the scenario's time at that step (${time} ms)`)
      time = step.at
    }
    switch (step.action) {
      case 'advance':
        time += step.ms
        break
      case 'send':
      case 'setIp':
      case 'setUserAgent':
      case 'clearCookies':
        known(`${here}.browser`, step.browser)
        break
      case 'stealCookie':
        known(`${here}.from`, step.from)
        known(`${here}.to`, step.to)
        if (step.from === step.to) fail(`${here}.to`, 'a browser cannot steal its own cookie')
        break
      case 'configure':
        checkEachSetting(here, settingsOf(step), 'settings')
        break
      case 'fault':
        checkEachSetting(here, settingsOf(step).faults ?? {}, 'faults')
        break
    }
  })
  const sendAt = (path: string, i: number): void => {
    if (i >= s.timeline.length) fail(path, `step ${i} does not exist (the timeline has ${s.timeline.length} steps)`)
    const action = String(s.timeline[i]?.action)
    if (action !== 'send') fail(path, `step ${i} is ${/^[aeiou]/.test(action) ? 'an' : 'a'} ${action}, not a send`)
  }
  s.expect.forEach((e, i) => {
    const here = `expect[${i}]`
    if ('step' in e) {
      sendAt(`${here}.step`, e.step)
      if (e.sameIdAs !== undefined) sendAt(`${here}.sameIdAs`, e.sameIdAs)
      if (e.differentIdFrom !== undefined) sendAt(`${here}.differentIdFrom`, e.differentIdFrom)
    } else if ('after' in e) {
      if (e.after >= s.timeline.length) fail(`${here}.after`, `step ${e.after} does not exist (the timeline has ${s.timeline.length} steps)`)
      e.holds?.forEach((j, k) => sendAt(`${here}.holds[${k}]`, j))
      e.lacks?.forEach((j, k) => sendAt(`${here}.lacks[${k}]`, j))
      for (const b of Object.keys(e.cookies ?? {})) known(`${here}.cookies`, b)
    } else {
      e.reaped.forEach((j, k) => sendAt(`${here}.reaped[${k}]`, j))
      if (e.by !== undefined && e.by >= s.timeline.length) fail(`${here}.by`, `step ${e.by} does not exist`)
    }
  })
}

/** Checks settings (or faults) one key at a time, so an error names the key (`config.reapInterval`). */
function checkEachSetting(path: string, values: object, as: 'settings' | 'faults'): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || (as === 'settings' && !SETTING_NAMES.has(key))) continue
    try {
      checkSettings(as === 'faults' ? { faults: { [key]: value } } : { [key]: value })
    } catch (err) {
      fail(`${path}.${key}`, messageOf(err))
    }
  }
}

// The config's other keys (seed, startTime) are not settings; resolveConfig checks them.
const SETTING_NAMES: ReadonlySet<string> = new Set(['reapInterval', 'maxAge', 'cookie', 'fingerprint', 'stackOrder', 'faults', 'traceCap'])

function settingsOf(step: ScenarioStep): WorldSettings {
  if (step.action === 'fault') {
    const { action: _a, at: _t, note: _n, ...faults } = step
    return { faults }
  }
  if (step.action === 'configure') {
    const { action: _a, at: _t, note: _n, ...settings } = step
    return settings
  }
  return {}
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

// ---- running -----------------------------------------------------------------------------------------------

/** What happened at one timeline step. */
export interface StepOutcome {
  readonly index: number
  readonly action: ScenarioStep['action']
  /** Virtual time when the step ran, ms since the scenario started. */
  readonly at: number
  /** For a send: the exchange, once its response ended (null while in flight). */
  exchange: ExchangeRecord | null
  /** An action the world refused at run time. */
  error: string | null
}

/** An expectation that did not hold. */
export interface ExpectationFailure {
  readonly expectation: number
  readonly message: string
}

/** The result of playing a scenario. */
export interface ScenarioRun {
  readonly scenario: Scenario
  /** The world, left as the scenario ended (it can be explored, or sought back). */
  readonly world: World
  readonly steps: readonly StepOutcome[]
  readonly failures: readonly ExpectationFailure[]
  readonly passed: boolean
}

/** Plays a scenario in a fresh world and checks its expectations. */
export function runScenario(scenario: Scenario): ScenarioRun {
  const world = createWorld(scenario.config)
  const start = world.now()
  for (const b of scenario.browsers) world.addBrowser({ name: b.name, userAgent: b.userAgent, ip: b.ip })
  const steps: StepOutcome[] = []
  const failures: ExpectationFailure[] = []
  const reapedBy = new Map<string, number>()
  let current = 0
  const stopWatching = world.onRecord((record) => {
    if (record.kind !== 'reap') return
    for (const key of record.removed) if (!reapedBy.has(key)) reapedBy.set(key, current)
  })
  const stateChecks = new Map<number, { index: number; e: Extract<Expectation, { after: number }> }[]>()
  scenario.expect.forEach((e, index) => {
    if ('after' in e) stateChecks.set(e.after, [...(stateChecks.get(e.after) ?? []), { index, e }])
  })

  scenario.timeline.forEach((step, i) => {
    current = i
    if (step.at !== undefined && start + step.at > world.now()) world.advance(start + step.at - world.now())
    const outcome: StepOutcome = { index: i, action: step.action, at: world.now() - start, exchange: null, error: null }
    steps.push(outcome)
    try {
      perform(world, step, outcome)
    } catch (err) {
      outcome.error = messageOf(err)
      failures.push({ expectation: -1, message: `timeline[${i}] (${step.action}) was refused: ${outcome.error}` })
    }
    for (const { index, e } of stateChecks.get(i) ?? []) checkState(world, steps, index, e, failures)
  })
  stopWatching()

  scenario.expect.forEach((e, index) => {
    if ('step' in e) checkStep(steps, index, e, failures)
    else if ('reaped' in e) checkReaped(steps, reapedBy, index, e, failures)
  })
  return { scenario, world, steps, failures, passed: failures.length === 0 }
}

function perform(world: World, step: ScenarioStep, outcome: StepOutcome): void {
  switch (step.action) {
    case 'send':
      world.dispatch(step.browser, { method: step.method, path: step.path, body: step.body }, (record) => {
        outcome.exchange = record
      })
      return
    case 'advance':
      world.advance(step.ms)
      return
    case 'stealCookie':
      world.stealCookie(step.from, step.to, step.cookie)
      return
    case 'setIp':
      world.setIp(step.browser, step.ip)
      return
    case 'setUserAgent':
      world.setUserAgent(step.browser, step.userAgent)
      return
    case 'clearCookies':
      world.clearCookies(step.browser)
      return
    case 'configure':
    case 'fault':
      world.configure(settingsOf(step))
      return
  }
}

function finished(steps: readonly StepOutcome[], i: number): ExchangeRecord | null {
  return steps[i]?.exchange ?? null
}

function checkStep(steps: readonly StepOutcome[], index: number, e: Extract<Expectation, { step: number }>, failures: ExpectationFailure[]): void {
  const say = (message: string): void => {
    failures.push({ expectation: index, message: `expect[${index}] (step ${e.step}): ${message}` })
  }
  const x = finished(steps, e.step)
  if (x === null) {
    say(steps[e.step]?.error ?? 'the request never finished (add an advance past the store latency?)')
    return
  }
  if (e.status !== undefined && x.response.status !== e.status) say(`status ${x.response.status}, expected ${e.status}`)
  if (e.newSession !== undefined && x.newSession !== e.newSession) say(e.newSession ? 'expected a new session, but none was generated' : 'expected the existing session, but a new one was generated')
  if (e.body !== undefined && x.response.body !== e.body) say(`body ${JSON.stringify(x.response.body)}, expected ${JSON.stringify(e.body)}`)
  if (e.bodyContains !== undefined && !x.response.body.includes(e.bodyContains)) say(`body ${JSON.stringify(x.response.body)} does not contain ${JSON.stringify(e.bodyContains)}`)
  if (e.setCookie !== undefined && x.response.setCookie.length > 0 !== e.setCookie) say(e.setCookie ? 'expected a Set-Cookie, got none' : `expected no Set-Cookie, got ${x.response.setCookie.join(' | ')}`)
  if (e.lookup !== undefined && x.lookup !== e.lookup) say(`lookup ${x.lookup}, expected ${e.lookup}`)
  if (e.errorContains !== undefined && !(x.error?.message ?? '').includes(e.errorContains)) {
    say(`error ${x.error === null ? 'none' : JSON.stringify(x.error.message)}, expected one containing ${JSON.stringify(e.errorContains)}`)
  }
  for (const [other, same] of [[e.sameIdAs, true], [e.differentIdFrom, false]] as const) {
    if (other === undefined) continue
    const y = finished(steps, other)
    if (y === null) {
      say(`step ${other} never finished, so ids cannot be compared`)
      continue
    }
    if (x.sessionId === null || y.sessionId === null) say(`no session id to compare (step ${e.step}: ${x.sessionId}, step ${other}: ${y.sessionId})`)
    else if ((x.sessionId === y.sessionId) !== same) say(`session id ${x.sessionId} is ${same ? 'not ' : ''}the one of step ${other} (${y.sessionId})`)
  }
}

function checkState(world: World, steps: readonly StepOutcome[], index: number, e: Extract<Expectation, { after: number }>, failures: ExpectationFailure[]): void {
  const say = (message: string): void => {
    failures.push({ expectation: index, message: `expect[${index}] (after step ${e.after}): ${message}` })
  }
  const sessions = world.sessions()
  if (e.sessions !== undefined && sessions.length !== e.sessions) say(`the store holds ${sessions.length} session(s), expected ${e.sessions}`)
  const keys = new Set(sessions.map((s) => s.key))
  for (const [list, want] of [[e.holds, true], [e.lacks, false]] as const) {
    for (const j of list ?? []) {
      const key = finished(steps, j)?.sessionKey ?? null
      if (key === null) say(`step ${j} committed no session to look for`)
      else if (keys.has(key) !== want) say(`the store ${want ? 'lacks' : 'still holds'} the session of step ${j} (${key})`)
    }
  }
  for (const [browser, count] of Object.entries(e.cookies ?? {})) {
    const held = world.cookies(browser).length
    if (held !== count) say(`${browser} holds ${held} cookie(s), expected ${count}`)
  }
}

function checkReaped(
  steps: readonly StepOutcome[],
  reapedBy: ReadonlyMap<string, number>,
  index: number,
  e: Extract<Expectation, { reaped: number[] }>,
  failures: ExpectationFailure[],
): void {
  for (const j of e.reaped) {
    const key = finished(steps, j)?.sessionKey ?? null
    const when = key === null ? undefined : reapedBy.get(key)
    const by = e.by === undefined ? '' : ` by step ${e.by}`
    if (key === null) failures.push({ expectation: index, message: `expect[${index}]: step ${j} committed no session that could be reaped` })
    else if (when === undefined || (e.by !== undefined && when > e.by)) {
      failures.push({ expectation: index, message: `expect[${index}]: the session of step ${j} (${key}) was not reaped${by}${when === undefined ? '' : ` (it was during step ${when})`}` })
    }
  }
}

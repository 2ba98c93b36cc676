import { z } from './zod.ts'
import { DataError, parseData, parts, readJson, recordingFields } from './action-schema.ts'
import { playActions, type ActionData, type TimedAction } from './actions.ts'
import { restoreRecording, worldOptions, type Recording } from './recording.ts'
import type { ExchangeRecord } from './trace.ts'
import { checkSettings, resolveConfig, type World } from './world.ts'
import { migrateScenarioV1 } from './scenario-v1.ts'

/*
 * A scenario file (content/scenarios/*.json), version 2: a recording (see recording.ts) with a title and the
 * outcomes it expects.
 *   { "version": 2, "title": "...", "description": "...",
 *     "config":   { seed?, startTime?, reapInterval?, maxAge?, cookie?, fingerprint?: "default" | "user-agent" | "none",
 *                   stackOrder?, faults?, traceCap?, cluster?: { servers?, balancer?, store?, proxy? } },
 *     "browsers": [ { "name", "userAgent", "ip" } ],
 *     "actions":  [ { "kind": "send", "browser", "method"?, "path"?, "body"? }, { "kind": "advance", "ms" },
 *                   { "kind": "burst", "browser", "count" }, { "kind": "addBrowser", "name", "userAgent", "ip" },
 *                   { "kind": "removeBrowser", "browser" }, { "kind": "stealCookie", "from", "to", "cookie"? },
 *                   { "kind": "setIp", "browser", "ip" }, { "kind": "setUserAgent", "browser", "userAgent" },
 *                   { "kind": "clearCookies", "browser" }, { "kind": "setCookie", "browser", "name", "value" },
 *                   { "kind": "configure", ...settings, "faults"? },
 *                   { "kind": "storeCall", "method": "clear" | "all" | "length" | "destroy", "key"? } ],
 *     "expect":   [ { "step": i, status?, newSession?, sameIdAs?, differentIdFrom?, body?, bodyContains?, setCookie?,
 *                     lookup?, errorContains?, server? },
 *                   { "after": i, sessions?, holds?: [send steps], lacks?: [send steps], cookies?: { browser: n },
 *                     perStore?: { store: n } },
 *                   { "reaped": [send steps], by?: i } ] }
 * Every action may carry "at" (ms since the start: time first advances to it) and "note" (text for the docs).
 * Actions are indexed from 0 ("step" in an expectation is an action's index); a send's outcome is its exchange once
 * the response has ended. Version 1 files (a "timeline" of steps with an "action" key) are read and migrated. A
 * custom fingerprint function cannot be written in a scenario file: scenarios use the named strategies.
 */

/** The scenario format version this code writes (version 1 is still read). */
export const SCENARIO_VERSION = 2

/** A scenario that cannot be loaded: `path` names where (e.g. `actions[3].kind`), `problem` says what. */
export class ScenarioError extends DataError {
  constructor(path: string, problem: string) {
    super(path, problem)
    this.name = 'ScenarioError'
  }
}

// ---- schema ------------------------------------------------------------------------------------------------

const { index, note } = parts

/** The schema of a step expectation (an outcome of one send); exercises build their goals on it. */
export const stepExpectation = z.strictObject({
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
  server: z.string().optional(),
})

/** The schema of a state expectation (the store and the jars after an action). */
export const stateExpectation = z.strictObject({
  after: index,
  note,
  sessions: index.optional(),
  holds: z.array(index).optional(),
  lacks: z.array(index).optional(),
  cookies: z.record(z.string(), index).optional(),
  perStore: z.record(z.string(), index).optional(),
})

const reapExpectation = z.strictObject({ reaped: z.array(index).min(1), by: index.optional(), note })

// Told apart by their first key, so an error names the fields of the kind meant rather than all three.
const EXPECTATION_KINDS = ['step', 'after', 'reaped'] as const
const expectationSchema = z.union([stepExpectation, stateExpectation, reapExpectation])

const scenarioSchema = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  title: parts.name,
  description: z.string(),
  ...recordingFields,
  expect: z.array(expectationSchema),
})

/** One expected outcome of a scenario. */
export type Expectation = z.output<typeof expectationSchema>

/** A validated scenario: a recording, a title, and the outcomes it expects. */
export interface Scenario extends Recording {
  readonly version: typeof SCENARIO_VERSION
  readonly title: string
  readonly description: string
  readonly expect: readonly Expectation[]
}

/** One action of a scenario. */
export type ScenarioStep = TimedAction<ActionData>

// ---- loading -----------------------------------------------------------------------------------------------

/**
 * Parses and checks a scenario (JSON text or an already parsed value; version 1 files are migrated first); throws
 * one ScenarioError naming the first problem.
 */
export function loadScenario(input: unknown): Scenario {
  let scenario: Scenario
  try {
    const value = readJson(input)
    const current = typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1 ? migrateScenarioV1(value) : value
    scenario = parseData(scenarioSchema, current, EXPECTATION_KINDS) as Scenario
  } catch (err) {
    if (err instanceof DataError) throw new ScenarioError(err.path, err.problem)
    throw err
  }
  checkMeaning(scenario)
  return scenario
}

/**
 * A recording written as a scenario file, with no expectations yet (add them by hand). Throws a ScenarioError when
 * it holds a custom fingerprint function, which a scenario file cannot hold.
 */
export function scenarioOf(recording: Recording, title: string, description: string): Scenario {
  const custom = recording.config.fingerprint !== undefined && typeof recording.config.fingerprint === 'object' ? 'config.fingerprint' : null
  const at = recording.actions.findIndex((a) => a.kind === 'configure' && typeof a.fingerprint === 'object')
  const where = custom ?? (at === -1 ? null : `actions[${at}].fingerprint`)
  if (where !== null) throw new ScenarioError(where, CUSTOM_REFUSED)
  return { version: SCENARIO_VERSION, title, description, config: recording.config, browsers: recording.browsers, actions: recording.actions, expect: [] }
}

function fail(path: string, problem: string): never {
  throw new ScenarioError(path, problem)
}

/** Checks what the schema cannot: names that must exist, indices that must point at sends, times that must not go back, settings the library would refuse. */
function checkMeaning(s: Scenario): void {
  if (typeof s.config.fingerprint === 'object') fail('config.fingerprint', CUSTOM_REFUSED)
  const { faults, ...settings } = s.config
  checkEachSetting('config', settings, 'settings')
  checkEachSetting('config.faults', faults ?? {}, 'faults')
  try {
    resolveConfig(worldOptions(s.config))
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
  s.actions.forEach((step, i) => {
    const here = `actions[${i}]`
    if (step.at !== undefined) {
      if (step.at < time) fail(`${here}.at`, `${step.at} ms is earlier than the scenario's time at that action (${time} ms)`)
      time = step.at
    }
    if (step.kind === 'advance') time += step.ms
    if (step.kind === 'addBrowser') {
      if (names.has(step.name)) fail(`${here}.name`, `duplicate browser name ${JSON.stringify(step.name)}`)
      names.add(step.name)
    }
    // Whichever of these fields the action has names a browser that must be there at that point.
    for (const field of BROWSER_FIELDS) {
      const browser = (step as Partial<Record<(typeof BROWSER_FIELDS)[number], string>>)[field]
      if (browser !== undefined) known(`${here}.${field}`, browser)
    }
    if (step.kind === 'stealCookie' && step.from === step.to) fail(`${here}.to`, 'a browser cannot steal its own cookie')
    if (step.kind === 'removeBrowser') names.delete(step.browser)
    if (step.kind === 'configure') {
      if (typeof step.fingerprint === 'object') fail(`${here}.fingerprint`, CUSTOM_REFUSED)
      const { kind: _k, at: _t, note: _n, faults, ...settings } = step
      checkEachSetting(here, settings, 'settings')
      checkEachSetting(`${here}.faults`, faults ?? {}, 'faults')
    }
  })
  const count = s.actions.length
  const sendAt = (path: string, i: number): void => {
    if (i >= count) fail(path, `step ${i} does not exist (the scenario has ${count} actions)`)
    const kind = String(s.actions[i]?.kind)
    if (kind !== 'send') fail(path, `step ${i} is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, not a send`)
  }
  s.expect.forEach((e, i) => {
    const here = `expect[${i}]`
    if ('step' in e) {
      sendAt(`${here}.step`, e.step)
      if (e.sameIdAs !== undefined) sendAt(`${here}.sameIdAs`, e.sameIdAs)
      if (e.differentIdFrom !== undefined) sendAt(`${here}.differentIdFrom`, e.differentIdFrom)
    } else if ('after' in e) {
      if (e.after >= count) fail(`${here}.after`, `step ${e.after} does not exist (the scenario has ${count} actions)`)
      e.holds?.forEach((j, k) => sendAt(`${here}.holds[${k}]`, j))
      e.lacks?.forEach((j, k) => sendAt(`${here}.lacks[${k}]`, j))
      for (const b of Object.keys(e.cookies ?? {})) known(`${here}.cookies`, b)
    } else {
      e.reaped.forEach((j, k) => sendAt(`${here}.reaped[${k}]`, j))
      if (e.by !== undefined && e.by >= count) fail(`${here}.by`, `step ${e.by} does not exist`)
    }
  })
}

const BROWSER_FIELDS = ['browser', 'from', 'to'] as const
const CUSTOM_REFUSED = 'a custom fingerprint function cannot be written in a scenario file (a link can carry it); pick a named strategy first'

/** Checks settings (or faults) one key at a time, so an error names the key (`config.reapInterval`). */
function checkEachSetting(path: string, values: object, as: 'settings' | 'faults'): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || (as === 'settings' && !SETTING_NAMES.has(key))) continue
    try {
      checkSettings(as === 'faults' ? { faults: { [key]: value } } : { [key]: value })
    } catch (err) {
      fail(`${path}.${key}`, messageOf(err))
    }
  }
}

// The config's other keys (seed, startTime) are not settings; resolveConfig checks them.
const SETTING_NAMES: ReadonlySet<string> = new Set(['reapInterval', 'maxAge', 'cookie', 'fingerprint', 'stackOrder', 'faults', 'traceCap', 'cluster'])

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

// ---- running -----------------------------------------------------------------------------------------------

/** What happened at one action of a scenario. */
export interface StepOutcome {
  readonly index: number
  readonly kind: ScenarioStep['kind']
  /** Virtual time when the action ran, ms since the scenario started. */
  at: number
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
  const world = restoreRecording({ ...scenario, actions: [] })
  const start = world.startTime()
  const steps: StepOutcome[] = scenario.actions.map((a, index) => ({ index, kind: a.kind, at: 0, exchange: null, error: null }))
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

  playActions(world, scenario.actions, {
    before(i) {
      current = i
      ;(steps[i] as StepOutcome).at = world.now() - start
    },
    exchange(i, record) {
      ;(steps[i] as StepOutcome).exchange = record
    },
    refused(i, error) {
      ;(steps[i] as StepOutcome).error = error.reason
      failures.push({ expectation: -1, message: `actions[${i}] (${error.action.kind}) was refused: ${error.reason}` })
    },
    after(i) {
      for (const { index, e } of stateChecks.get(i) ?? []) checkState(world, steps, index, e, failures)
    },
  })
  stopWatching()

  scenario.expect.forEach((e, index) => {
    if ('step' in e) checkStep(steps, index, e, failures)
    else if ('reaped' in e) checkReaped(steps, reapedBy, index, e, failures)
  })
  return { scenario, world, steps, failures, passed: failures.length === 0 }
}

function finished(steps: readonly Pick<StepOutcome, 'exchange'>[], i: number): ExchangeRecord | null {
  return steps[i]?.exchange ?? null
}

/** Checks one step expectation against the outcomes so far, adding what did not hold to `failures` (also used incrementally, by exercises). */
export function checkStep(steps: readonly Pick<StepOutcome, 'exchange' | 'error'>[], index: number, e: Extract<Expectation, { step: number }>, failures: ExpectationFailure[]): void {
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
  if (e.server !== undefined && x.server !== e.server) say(`handled by ${x.server ?? 'the single server'}, expected ${e.server}`)
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

/** Checks one state expectation against the world as it stands now, adding what did not hold to `failures`. */
export function checkState(world: World, steps: readonly Pick<StepOutcome, 'exchange'>[], index: number, e: Extract<Expectation, { after: number }>, failures: ExpectationFailure[]): void {
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
  for (const [store, count] of Object.entries(e.perStore ?? {})) {
    const held = sessions.filter((s) => s.store === store).length
    if (held !== count) say(`store ${store} holds ${held} session(s), expected ${count}`)
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

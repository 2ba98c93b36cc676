// Exercises: a world to start from, a goal written as scenario expectations, hints and a solution in the action
// language. The goal is checked incrementally, after every action, by the scenario's own expectation checks
// (scenario.ts): a goal item names which requests may satisfy it (by browser, address, path…) rather than a fixed
// step, because the reader's actions are not known in advance.
import { z } from './zod.ts'
import { DataError, parseData, parts, readJson, recordingFields, stepSchema } from './action-schema.ts'
import { MAX_SERVERS } from './cluster.ts'
import { CustomCodeRefused, playActions, type ActionData, type Compile, type TimedAction } from './actions.ts'
import { FINGERPRINT_NAMES, type FingerprintStrategy } from './fingerprint-strategy.ts'
import { worldOptions, type Recording } from './recording.ts'
import { checkState, checkStep, loadScenario, ScenarioError, stateExpectation, stepExpectation, type ExpectationFailure } from './scenario.ts'
import type { ExchangeRecord, ReapRecord, TraceRecord } from './trace.ts'
import { createWorld, type World } from './world.ts'

/** The exercise format version this code reads. */
export const EXERCISE_VERSION = 1

/** The most hints an exercise offers. */
export const MAX_HINTS = 3

/** An exercise that cannot be loaded: `path` names where, `problem` says what. */
export class ExerciseError extends DataError {
  constructor(path: string, problem: string) {
    super(path, problem)
    this.name = 'ExerciseError'
  }
}

// ---- schema ------------------------------------------------------------------------------------------------

const label = z.string().min(1)
const within = parts.ms.optional()

/** Which requests a goal item looks at. */
const requestFilter = z.strictObject({
  browser: parts.name,
  /** The address the request came from, or one it must not come from. */
  ip: z.string().optional(),
  ipNot: z.string().optional(),
  /** The request's path without its query. */
  path: z.string().startsWith('/').optional(),
  /** The fingerprint strategy in force when it was sent. */
  strategy: z.enum([...FINGERPRINT_NAMES, 'custom']).optional(),
  /** It loaded a session idle longer than maxAge (a zombie, not yet reaped). */
  zombie: z.boolean().optional(),
})

// A scenario step expectation without its fixed step; `sameIdAs`/`differentIdFrom` point at starting actions, and
// `sameIdAsGoal` at the request that met an earlier goal item.
const requestExpect = stepExpectation.omit({ step: true, note: true }).extend({ sameIdAsGoal: parts.index.optional() })

const requestGoal = z.strictObject({
  label,
  request: requestFilter,
  expect: requestExpect,
  /** Must be met by a later request than the one that met the item before. */
  later: z.boolean().optional(),
  within,
})

const stateGoal = z.strictObject({
  label,
  state: stateExpectation.omit({ after: true, note: true }).extend({
    sessionsAtLeast: parts.index.optional(),
    sessionsAtMost: parts.index.optional(),
    /** At least this many sessions idle longer than maxAge and still in the store. */
    zombies: parts.index.optional(),
  }),
  within,
})

const reapGoal = z.strictObject({ label, reap: z.strictObject({ removed: parts.index }), within })

// One session id seen on `distinct` different cluster servers by one browser's requests (`browser`'s, if named) that
// ended holding it, whether they created or loaded it. Requests of a single server (no cluster) name no server and do not count.
const serversGoal = z.strictObject({
  label,
  servers: z.strictObject({ distinct: z.number().int().min(2).max(MAX_SERVERS), browser: parts.name.optional() }),
  within,
})

const GOAL_KINDS = ['request', 'state', 'reap', 'servers'] as const
const goalSchema = z.union([requestGoal, stateGoal, reapGoal, serversGoal])

const exerciseSchema = z.strictObject({
  version: z.literal(EXERCISE_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  title: parts.name,
  /** The goal in words. */
  goal: z.string().min(1),
  ...recordingFields,
  goals: z.array(goalSchema).min(1),
  hints: z.array(z.string().min(1)).min(1).max(MAX_HINTS),
  solution: z.array(stepSchema).min(1),
  /** Which controls the exercise offers beside the browsers and the clock. */
  controls: z
    .strictObject({ settings: z.boolean().optional(), cluster: z.boolean().optional(), faults: z.boolean().optional(), customFingerprint: z.boolean().optional(), burst: parts.index.optional() })
    .optional(),
})

/** One item of an exercise's goal. */
export type GoalItem = z.output<typeof goalSchema>

/** A validated exercise. */
export interface Exercise extends Recording {
  readonly version: typeof EXERCISE_VERSION
  readonly id: string
  readonly title: string
  readonly goal: string
  readonly goals: readonly GoalItem[]
  readonly hints: readonly string[]
  readonly solution: readonly TimedAction<ActionData>[]
  readonly controls?: { readonly settings?: boolean; readonly cluster?: boolean; readonly faults?: boolean; readonly customFingerprint?: boolean; readonly burst?: number }
}

/** Parses and checks an exercise (JSON text or a parsed value); throws one ExerciseError naming the first problem. */
export function loadExercise(input: unknown): Exercise {
  let exercise: Exercise
  try {
    exercise = parseData(exerciseSchema, readJson(input), GOAL_KINDS) as Exercise
  } catch (err) {
    if (err instanceof DataError) throw new ExerciseError(err.path, err.problem)
    throw err
  }
  const { config, browsers, actions, solution } = exercise
  // The start, and the start followed by the solution, must each be a scenario the simulator accepts.
  asScenario('actions', { config, browsers, actions })
  asScenario('solution', { config, browsers, actions: [...actions, ...solution] }, actions.length)
  const sends = new Set(actions.flatMap((a, i) => (a.kind === 'send' ? [i] : [])))
  const names = new Set([...browsers.map((b) => b.name), ...actions.flatMap((a) => (a.kind === 'addBrowser' ? [a.name] : []))])
  exercise.goals.forEach((g, i) => {
    const here = `goals[${i}]`
    const send = (path: string, j: number | undefined): void => {
      if (j !== undefined && !sends.has(j)) throw new ExerciseError(path, `starting action ${j} is not a send`)
    }
    if ('request' in g) {
      if (!names.has(g.request.browser)) throw new ExerciseError(`${here}.request.browser`, `unknown browser ${JSON.stringify(g.request.browser)}`)
      send(`${here}.expect.sameIdAs`, g.expect.sameIdAs)
      send(`${here}.expect.differentIdFrom`, g.expect.differentIdFrom)
      const ref = g.expect.sameIdAsGoal
      if (ref !== undefined && (ref >= i || !('request' in (exercise.goals[ref] as GoalItem)))) {
        throw new ExerciseError(`${here}.expect.sameIdAsGoal`, 'must name an earlier goal item that is met by a request')
      }
    } else if ('servers' in g) {
      const browser = g.servers.browser
      if (browser !== undefined && !names.has(browser)) throw new ExerciseError(`${here}.servers.browser`, `unknown browser ${JSON.stringify(browser)}`)
    } else if ('state' in g) {
      g.state.holds?.forEach((j, k) => send(`${here}.state.holds[${k}]`, j))
      g.state.lacks?.forEach((j, k) => send(`${here}.state.lacks[${k}]`, j))
    }
  })
  return exercise
}

function asScenario(path: string, recording: Recording, offset = 0): void {
  try {
    loadScenario({ version: 2, title: 'exercise', description: '', ...recording, expect: [] })
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err
    // Solution actions are numbered from the end of the start in the combined check; name them as the file does.
    const at = /^actions\[(\d+)\](.*)$/.exec(err.path)
    const index = at === null ? -1 : Number(at[1]) - offset
    throw new ExerciseError(at !== null && index >= 0 ? `${path}[${index}]${at[2]}` : err.path, err.problem)
  }
}

// ---- the incremental check ---------------------------------------------------------------------------------

/** Where a goal item stands. */
export interface GoalStatus {
  readonly met: boolean
  /** When it was first met, virtual ms since the exercise started (null while unmet). */
  readonly at: number | null
}

interface Match {
  /** The order of the event that met it (exchanges, reaps and checks share one count). */
  readonly seq: number
  /** Virtual ms since the start. */
  readonly time: number
  /** The request's place among the outcomes, for a request item. */
  readonly slot: number
}

interface Outcome {
  exchange: ExchangeRecord | null
  error: string | null
  zombie: boolean
}

/**
 * Checks an exercise's goal as things happen. Items are met in order: each one only by something that happens once
 * the item before it has been met (a request after it, or the same request unless the item says `later`). An item
 * stays met; a request or state that fails an item now may still meet it later.
 */
export class GoalTracker {
  readonly #goals: readonly GoalItem[]
  readonly #start: number
  readonly #outcomes: Outcome[]
  readonly #matches: Match[][]
  readonly #lastAccess = new Map<string, number>()
  // The servers each session id was held on, per browser: what a servers item counts.
  readonly #servers = new Map<string, Map<string, Set<string>>>()
  // The state items that held at the last check.
  readonly #held = new Set<number>()
  #seq = 0
  #listener: (() => void) | null = null

  constructor(exercise: Pick<Exercise, 'goals' | 'actions'>, startTime: number) {
    this.#goals = exercise.goals
    this.#start = startTime
    this.#outcomes = exercise.actions.map(() => ({ exchange: null, error: null, zombie: false }))
    this.#matches = exercise.goals.map(() => [])
  }

  /** Records the exchange of a starting action (these meet no goal item; goal items may point at them). */
  startExchange(index: number, record: ExchangeRecord): void {
    const outcome = this.#outcomes[index]
    if (outcome !== undefined) outcome.exchange = record
    this.#touch(record)
    this.#seenOn(record)
  }

  /** A request of the reader's finished: `maxAge` is the one in force. */
  exchange(record: ExchangeRecord, maxAge: number): void {
    const zombie = this.#loadedZombie(record, maxAge)
    this.#touch(record)
    const servers = this.#seenOn(record)
    const slot = this.#outcomes.push({ exchange: record, error: null, zombie }) - 1
    const seq = ++this.#seq
    const time = record.finishedAt - this.#start
    let changed = false
    this.#goals.forEach((g, k) => {
      if ('servers' in g) {
        const browser = g.servers.browser
        if (servers >= g.servers.distinct && (browser === undefined || browser === record.browser) && this.#ready(k, seq, time, false, g.within)) {
          changed = this.#meet(k, { seq, time, slot }) || changed
        }
        return
      }
      if (!('request' in g) || !this.#ready(k, seq, time, g.later === true, g.within)) return
      if (this.#requestMeets(g, k, slot, seq)) changed = this.#meet(k, { seq, time, slot }) || changed
    })
    if (changed) this.#listener?.()
  }

  /** A run of the reaper. */
  reap(record: ReapRecord): void {
    const seq = ++this.#seq
    const time = record.time - this.#start
    let changed = false
    this.#goals.forEach((g, k) => {
      if ('reap' in g && this.#ready(k, seq, time, false, g.within) && record.removed.length === g.reap.removed) changed = this.#meet(k, { seq, time, slot: -1 }) || changed
    })
    if (changed) this.#listener?.()
  }

  /** Checks the state items against the world as it stands (call after every action). */
  check(world: World): void {
    const seq = ++this.#seq
    const time = world.now() - this.#start
    let changed = false
    this.#goals.forEach((g, k) => {
      if (!('state' in g)) return
      // Met when it comes to hold, not again at every check while it goes on holding: a flood is met when the store
      // fills, and "within two minutes of it" counts from then.
      const holds = this.#ready(k, seq, time, false, g.within) && this.#stateHolds(g, k, world)
      if (holds && !this.#held.has(k)) changed = this.#meet(k, { seq, time, slot: -1 }) || changed
      if (holds) this.#held.add(k)
      else this.#held.delete(k)
    })
    if (changed) this.#listener?.()
  }

  /** Where each goal item stands, in order. */
  status(): GoalStatus[] {
    return this.#matches.map((m) => ({ met: m.length > 0, at: m[0]?.time ?? null }))
  }

  /** True once the last goal item has been met (and so, in order, every one before it). */
  solved(): boolean {
    return (this.#matches[this.#matches.length - 1]?.length ?? 0) > 0
  }

  /** Calls `listener` whenever an item is met for the first time or again; one listener at a time. */
  onChange(listener: (() => void) | null): void {
    this.#listener = listener
  }

  /** Feeds a trace record to the tracker (exchanges and reaps; store calls meet nothing). */
  record(record: TraceRecord, maxAge: number): void {
    if (record.kind === 'exchange') this.exchange(record, maxAge)
    else if (record.kind === 'reap') this.reap(record)
  }

  #meet(k: number, match: Match): boolean {
    const list = this.#matches[k] as Match[]
    list.push(match)
    return list.length === 1
  }

  /** The item before `k` has been met by an event at or before `seq` (strictly before, for `later`), within time. */
  #ready(k: number, seq: number, time: number, later: boolean, withinMs: number | undefined): boolean {
    if (k === 0) return true
    const before = (this.#matches[k - 1] as Match[]).filter((m) => (later ? m.seq < seq : m.seq <= seq))
    if (before.length === 0) return false
    if (withinMs === undefined) return true
    return time - (before[before.length - 1] as Match).time <= withinMs
  }

  #requestMeets(g: Extract<GoalItem, { request: unknown }>, k: number, slot: number, seq: number): boolean {
    const outcome = this.#outcomes[slot] as Outcome
    const x = outcome.exchange as ExchangeRecord
    const f = g.request
    const path = x.request.path.split('?', 1)[0]
    if (x.browser !== f.browser) return false
    if (f.ip !== undefined && x.request.ip !== f.ip) return false
    if (f.ipNot !== undefined && x.request.ip === f.ipNot) return false
    if (f.path !== undefined && path !== f.path) return false
    if (f.strategy !== undefined && x.strategy !== f.strategy) return false
    if (f.zombie !== undefined && outcome.zombie !== f.zombie) return false
    const { sameIdAsGoal, ...expect } = g.expect
    const holds = (sameIdAs: number | undefined): boolean => {
      const failures: ExpectationFailure[] = []
      checkStep(this.#outcomes, k, { ...expect, step: slot, ...(sameIdAs === undefined ? {} : { sameIdAs }) }, failures)
      return failures.length === 0
    }
    if (sameIdAsGoal === undefined) return holds(expect.sameIdAs)
    // Any earlier request that met the item named will do.
    return (this.#matches[sameIdAsGoal] as Match[]).some((m) => m.seq < seq && holds(m.slot))
  }

  #stateHolds(g: Extract<GoalItem, { state: unknown }>, k: number, world: World): boolean {
    const { sessionsAtLeast, sessionsAtMost, zombies, ...plain } = g.state
    const failures: ExpectationFailure[] = []
    checkState(world, this.#outcomes, k, { after: 0, ...plain }, failures)
    if (failures.length > 0) return false
    if (sessionsAtLeast === undefined && sessionsAtMost === undefined && zombies === undefined) return true
    const sessions = world.sessions()
    if (sessionsAtLeast !== undefined && sessions.length < sessionsAtLeast) return false
    if (sessionsAtMost !== undefined && sessions.length > sessionsAtMost) return false
    if (zombies !== undefined) {
      const { maxAge } = world.config()
      const now = world.now()
      if (sessions.filter((s) => now - s.lastAccess > maxAge).length < zombies) return false
    }
    return true
  }

  /** Whether the exchange loaded a session idle for longer than maxAge (known from the requests seen so far). */
  #loadedZombie(record: ExchangeRecord, maxAge: number): boolean {
    if (record.lookup !== 'hit' || record.newSession) return false
    const load = record.steps.find((s) => s.type === 'load')
    const touch = record.steps.find((s) => s.type === 'touch')
    if (load === undefined || touch === undefined) return false
    const last = this.#lastAccess.get(load.key)
    return last !== undefined && touch.time - last > maxAge
  }

  /** Notes the server that held the exchange's session; returns how many distinct servers have held that id (for its browser). */
  #seenOn(record: ExchangeRecord): number {
    if (record.server === undefined || record.sessionId === null) return 0
    let byId = this.#servers.get(record.browser)
    if (byId === undefined) this.#servers.set(record.browser, (byId = new Map()))
    let servers = byId.get(record.sessionId)
    if (servers === undefined) byId.set(record.sessionId, (servers = new Set()))
    servers.add(record.server)
    return servers.size
  }

  #touch(record: ExchangeRecord): void {
    const touch = record.steps.find((s) => s.type === 'touch')
    if (record.sessionKey !== null) this.#lastAccess.set(record.sessionKey, touch?.time ?? record.sentAt)
  }
}

// ---- running ---------------------------------------------------------------------------------------------------

/** An exercise's live world with its goal tracker attached. */
export interface ExerciseRun {
  readonly world: World
  readonly tracker: GoalTracker
  /** How many logged actions the start made (the reader's actions are the ones after). */
  readonly startActions: number
  /** Detaches the tracker from the world. */
  readonly detach: () => void
}

/**
 * Builds an exercise's world (config, browsers, starting actions), attaches a tracker that checks the goal after
 * every action, and plays `actions` (the reader's, say after an undo) on it; `compile` makes a custom fingerprint
 * among them live (without it, custom code is refused).
 */
export function startExercise(exercise: Exercise, actions: readonly TimedAction<ActionData>[] = [], compile?: Compile): ExerciseRun {
  const world = createWorld(worldOptions(exercise.config))
  for (const b of exercise.browsers) world.addBrowser({ name: b.name, userAgent: b.userAgent, ip: b.ip })
  const tracker = new GoalTracker(exercise, world.startTime())
  playActions(world, exercise.actions, { exchange: (i, record) => tracker.startExchange(i, record) })
  const startActions = world.actions().length
  const offRecord = world.onRecord((record) => tracker.record(record, world.config().maxAge))
  const offChange = world.subscribe(() => tracker.check(world))
  tracker.check(world)
  playActions(world, actions, compile === undefined ? {} : { compile })
  return {
    world,
    tracker,
    startActions,
    detach() {
      offRecord()
      offChange()
    },
  }
}

/**
 * The custom fingerprints the reader put in force, by source text: replaying the reader's actions (an undo) reuses
 * them rather than compiling the code again, which the reader allowed once.
 */
export function customInForce(run: Pick<ExerciseRun, 'world'>): Compile {
  const live = new Map<string, FingerprintStrategy>()
  for (const a of run.world.actions()) {
    if (a.kind === 'configure' && typeof a.fingerprint === 'object' && typeof a.fingerprint.source === 'string') live.set(a.fingerprint.source, a.fingerprint)
  }
  return (source) => {
    const strategy = live.get(source)
    if (strategy === undefined) throw new CustomCodeRefused()
    return strategy
  }
}

/** The reader's actions so far (everything after the start), as data at their times. */
export function readerActions(run: Pick<ExerciseRun, 'world' | 'startActions'>): TimedAction<ActionData>[] {
  const start = run.world.startTime()
  return run.world
    .actions()
    .slice(run.startActions)
    .map(({ t, ...action }) => ({ ...(action as ActionData), at: t - start }))
}

/** The actions without the last one; a run of clock advances at the end counts as one action. */
export function withoutLast(actions: readonly TimedAction<ActionData>[]): TimedAction<ActionData>[] {
  let end = actions.length
  if (end === 0) return []
  if (actions[end - 1]?.kind === 'advance') {
    while (end > 0 && actions[end - 1]?.kind === 'advance') end--
  } else end--
  return actions.slice(0, end)
}

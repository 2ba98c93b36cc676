// A scenario played one action at a time, as a story: forward by applying the next action (or, over actions played
// before, by seeking forward through the world's own history), back by seeking to the instant the earlier step
// ended. The world stays an ordinary world, so a reader can leave the story at any step, act in it freely, and
// resume. Each step remembers what it changed (store rows, cookies, trace records) when it first ran.
import { playActions, type Compile, type TimedAction } from './actions.ts'
import type { BrowserView } from './browser.ts'
import type { SessionView } from './engine.ts'
import { restoreRecording } from './recording.ts'
import type { Scenario } from './scenario.ts'
import type { ExchangeRecord, TraceRecord } from './trace.ts'
import type { World } from './world.ts'

/** A cookie a step set, changed or took away in one browser. */
export interface CookieChange {
  readonly browser: string
  readonly name: string
  readonly change: 'set' | 'changed' | 'gone'
  /** The value now held (null when gone). */
  readonly value: string | null
  /** When the cookie now held expires (null for a session cookie, or when gone). */
  readonly expires: number | null
}

/** What one step changed in the world, compared with the step before it. */
export interface StoryChanges {
  /** Sessions the store holds now and did not before. */
  readonly added: readonly SessionView[]
  /** Sessions the store no longer holds. */
  readonly removed: readonly SessionView[]
  /** Sessions still held whose lastAccess or data changed. */
  readonly touched: readonly SessionView[]
  readonly cookies: readonly CookieChange[]
}

/** Compares two readings of a world: which store rows came, went or changed, and which cookies did. */
export function changesBetween(before: { sessions: readonly SessionView[]; browsers: readonly BrowserView[] }, after: { sessions: readonly SessionView[]; browsers: readonly BrowserView[] }): StoryChanges {
  const was = new Map(before.sessions.map((s) => [s.key, s]))
  const is = new Map(after.sessions.map((s) => [s.key, s]))
  const added = after.sessions.filter((s) => !was.has(s.key))
  const removed = before.sessions.filter((s) => !is.has(s.key))
  const touched = after.sessions.filter((s) => {
    const old = was.get(s.key)
    return old !== undefined && (old.lastAccess !== s.lastAccess || JSON.stringify(old.data) !== JSON.stringify(s.data))
  })
  const cookies: CookieChange[] = []
  const jars = new Map(before.browsers.map((b) => [b.name, b.cookies]))
  for (const b of after.browsers) {
    const old = new Map((jars.get(b.name) ?? []).map((c) => [c.name, c]))
    for (const c of b.cookies) {
      const o = old.get(c.name)
      if (o === undefined) cookies.push({ browser: b.name, name: c.name, change: 'set', value: c.value, expires: c.expires })
      else if (o.value !== c.value || o.expires !== c.expires) cookies.push({ browser: b.name, name: c.name, change: 'changed', value: c.value, expires: c.expires })
      old.delete(c.name)
    }
    for (const c of old.values()) cookies.push({ browser: b.name, name: c.name, change: 'gone', value: null, expires: null })
  }
  return { added, removed, touched, cookies }
}

/** What a story step ran and what came of it. */
export interface StoryStep {
  readonly index: number
  readonly action: TimedAction
  /** The action's note (every shipped scenario has one), or null. */
  readonly note: string | null
  /** Virtual ms since the start when the step ended. */
  readonly at: number
  /** For a send: its exchange, once the response ended (null while the store holds it, or for other kinds). */
  readonly exchange: ExchangeRecord | null
  /** The trace records made while the step ran (a reap the clock passed on the way to it, an exchange). */
  readonly records: readonly TraceRecord[]
  readonly changes: StoryChanges
  /** Why the world refused the action, or null. */
  readonly refused: string | null
  /** For a send still in flight when the step ended: the exchange's number, to know its record when it ends. */
  readonly pending: number | null
}

interface Reading {
  readonly now: number
  readonly sessions: SessionView[]
  readonly browsers: BrowserView[]
}

function read(world: World): Reading {
  return { now: world.now(), sessions: world.sessions(), browsers: world.browsers() }
}

function digest(r: Reading): string {
  return JSON.stringify(r)
}

/**
 * A scenario as a story on a world of its own. `position` counts the actions applied (0: none yet, `length`: all).
 * Stepping back seeks the world to the instant the earlier step ended, so it needs every step of the scenario to end
 * before the next begins (each action at its own `at`); `checkStoryTimes` tells which do not.
 */
export class StoryTape {
  readonly world: World
  readonly scenario: Scenario
  readonly #compile: Compile | undefined
  // #times[k]: the world's time once k actions have been applied; #digests[k]: the world's reading then.
  readonly #times: number[] = []
  readonly #digests: string[] = []
  readonly #steps: (StoryStep | null)[]
  #position = 0
  // Steps applied on the world's current timeline; below it, forward is a seek over the recorded future.
  #played = 0

  constructor(scenario: Scenario, compile?: Compile) {
    this.scenario = scenario
    this.#compile = compile
    this.world = restoreRecording({ ...scenario, actions: [] }, compile)
    this.#steps = scenario.actions.map(() => null)
    this.#times.push(this.world.now())
    this.#digests.push(digest(read(this.world)))
  }

  /** How many actions the story has. */
  get length(): number {
    return this.scenario.actions.length
  }

  /** How many actions have been applied. */
  get position(): number {
    return this.#position
  }

  /** The step that ran as action `index`, once it has run. */
  step(index: number): StoryStep | null {
    return this.#steps[index] ?? null
  }

  /** Goes one action forward; false at the end. */
  forward(): boolean {
    const p = this.#position
    if (p >= this.length) return false
    if (p < this.#played) this.world.seek(this.#times[p + 1] as number)
    else this.#apply(p)
    this.#position = p + 1
    return true
  }

  /** Goes one action back (the world seeks to the instant the step before ended); false at the start. */
  back(): boolean {
    const p = this.#position
    if (p === 0) return false
    this.world.seek(this.#times[p - 1] as number)
    this.#position = p - 1
    return true
  }

  /** Goes to the state after `position` actions. */
  goTo(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.length) throw new RangeError(`a story step runs from 0 to ${this.length}; got ${String(position)}`)
    if (position <= this.#played) {
      if (position !== this.#position) this.world.seek(this.#times[position] as number)
      this.#position = position
      return
    }
    while (this.#position < position) this.forward()
  }

  /**
   * Moves the clock a millisecond on, so that whatever the reader does while away from the story happens after the
   * step's instant and seeking back to it brings the step back exactly.
   */
  leave(): void {
    this.world.advance(1)
  }

  /**
   * Comes back to the step left: the world seeks to its instant. When the reader changed the world before that instant
   * (seeking back and acting), the step is rebuilt from the start of the story instead. The actions after it are
   * applied afresh from here.
   */
  resume(): void {
    const p = this.#position
    const target = this.#times[p] as number
    const { earliest, latest } = this.world.history()
    // The step's instant may be gone from this timeline (the reader went back before it and acted).
    const reachable = target >= earliest && target <= latest
    if (reachable) this.world.seek(target)
    if (!reachable || digest(read(this.world)) !== this.#digests[p]) {
      this.world.seek(this.#times[0] as number)
      this.#played = 0
      this.#position = 0
      if (digest(read(this.world)) !== this.#digests[0]) throw new Error('the story cannot be resumed: the world was changed at its very start; reload the page to start the story again')
      while (this.#position < p) this.forward()
    }
    this.#played = p
  }

  #apply(i: number): void {
    const action = this.scenario.actions[i] as TimedAction
    const before = read(this.world)
    const records: TraceRecord[] = []
    let exchange: ExchangeRecord | null = null
    let refused: string | null = null
    const stop = this.world.onRecord((r) => records.push(r))
    try {
      // The one replay loop, on a sequence of one: `at` is measured from the start, whatever the index.
      playActions(this.world, [action], {
        ...(this.#compile !== undefined ? { compile: this.#compile } : {}),
        exchange: (_, record) => {
          exchange = record
        },
        refused: (_, error) => {
          refused = error.reason
        },
      })
    } finally {
      stop()
    }
    // A response a slow store held ends during a later step: the step that sent it learns of it from that step's
    // records (by the exchange's number, since a step returned to by seeking has no callback to call).
    for (const r of records) {
      if (r.kind !== 'exchange') continue
      const k = this.#steps.findIndex((s) => s !== null && s.pending === r.exchange)
      if (k !== -1 && k !== i) this.#steps[k] = { ...(this.#steps[k] as StoryStep), exchange: r, pending: null }
    }
    const pendings = this.world.pending()
    const inFlight = action.kind === 'send' && exchange === null ? pendings.filter((x) => x.browser === action.browser).pop() : undefined
    const after = read(this.world)
    this.#steps[i] = {
      index: i,
      action,
      note: action.note ?? null,
      at: after.now - (this.#times[0] as number),
      exchange,
      records,
      changes: changesBetween(before, after),
      refused,
      pending: inFlight?.exchange ?? null,
    }
    this.#times[i + 1] = after.now
    this.#digests[i + 1] = digest(after)
    this.#played = i + 1
  }
}

/**
 * The actions of a scenario that begin at the instant the step before them ended, so that seeking to that instant
 * could not tell the two apart (an advance may start there: a seek stops at its start). Empty when every step can be
 * returned to; found by playing the scenario on a throwaway world.
 */
export function checkStoryTimes(scenario: Scenario): number[] {
  const world = restoreRecording({ ...scenario, actions: [] })
  const clashes: number[] = []
  let ended = world.now()
  playActions(world, scenario.actions, {
    before(i) {
      const a = scenario.actions[i] as TimedAction
      if (a.kind !== 'advance' && world.now() <= ended) clashes.push(i)
    },
    refused() {},
    after() {
      ended = world.now()
    },
  })
  return clashes
}

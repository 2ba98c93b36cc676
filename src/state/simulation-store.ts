import { createStore, type StoreApi } from 'zustand/vanilla'
import { captureWorld, createWorld, playActions } from '../sim/index.ts'
import type {
  BrowserSpec,
  ExchangeRecord,
  Faults,
  Recording,
  Scenario,
  SendSpec,
  StoreCall,
  StoreCallResult,
  StoreCalls,
  TimedAction,
  TraceRecord,
  World,
  WorldOptions,
  WorldSettings,
} from '../sim/index.ts'
import { viewOf, type WorldView } from './derive.ts'
import type { InspectTarget } from './inspect.ts'
import { castOf, readerActionsOf, sentSoFar, type ReaderAction } from './reader-actions.ts'

/** Runs a callback soon; batching many world changes into one state update. */
export type Schedule = (flush: () => void) => void

/** Asks for the next animation frame; returns a way to cancel it. */
export type RequestFrame = (onFrame: (realNow: number) => void) => () => void

export interface SimulationOptions {
  /** The world to build (ignored when `world` is given). */
  world?: WorldOptions
  /** Browsers to add to a freshly built world. */
  browsers?: readonly BrowserSpec[]
  /**
   * Actions to play on a freshly built world before the reader arrives (a demo that opens with something to look
   * at), in the simulator's action language, each at its `at`.
   */
  prime?: readonly TimedAction[]
  /** An existing world to wrap instead. */
  existing?: World
  /** How updates are batched; default: once per microtask, so a burst of requests is one update. */
  schedule?: Schedule
  /** Frame clock for Play; default requestAnimationFrame where there is one. */
  requestFrame?: RequestFrame
  /** Virtual ms per real ms while playing; default 60 (a real second is a virtual minute). */
  speed?: number
}

export interface SimulationState {
  readonly world: World
  readonly view: WorldView
  /** The retained trace, oldest first. */
  readonly trace: readonly TraceRecord[]
  /** The calls made on the store, as the store saw them (newest last), and how often each method was called. */
  readonly storeCalls: StoreCalls
  readonly playing: boolean
  /** Virtual ms per real ms while playing. */
  readonly speed: number
  /** The last action's error message, cleared by the next action that succeeds. */
  readonly error: string | null
  /** Number of state updates so far (a render budget can be checked against it). */
  readonly updates: number
  /** What the inspector shows (a request or a session, by name), or null: the reader's choice, not the world's. */
  readonly inspected: InspectTarget | null
  /**
   * The reader's own actions (settings, faults, a copied or hand-written cookie, a new IP…), read from the world's
   * action history, oldest first. Read again only when an action other than a request or the passing of time ran,
   * or the timeline moved other than forward, so playing the clock does not rescan the history every frame.
   */
  readonly readerActions: readonly ReaderAction[]
  readonly actions: SimulationActions
}

export interface SimulationActions {
  /** Sends a request from a browser; resolves with the finished exchange, or null when the action was refused. */
  send(browser: string, spec?: SendSpec): Promise<ExchangeRecord | null>
  /** Calls a store method directly (clear, all, length, destroy); null, with the error set, when refused. */
  storeCall(call: StoreCall): StoreCallResult | null
  /** Sends `count` cookieless requests from a browser as one action (one state update for the whole burst). */
  burst(browser: string, count: number): boolean
  /** Moves time forward; over a recorded future (after scrubbing back) it replays it first, then goes on live. */
  advance(ms: number): boolean
  /** Advances to the next due timer (a reap or a store operation in flight). */
  stepToNextEvent(): boolean
  /** Advances to just after the next reap. */
  stepToNextReap(): boolean
  seek(time: number): boolean
  /** Undoes the last fork: the future set aside comes back (and the branch made since goes aside in its place). */
  undoFork(): boolean
  /** Keeps the timeline as it is and lets go of the future the last fork set aside. */
  forgetFork(): boolean
  configure(settings: WorldSettings): boolean
  fault(faults: Partial<Faults>): boolean
  addBrowser(spec: BrowserSpec): boolean
  removeBrowser(name: string): boolean
  setIp(name: string, ip: string): boolean
  setUserAgent(name: string, userAgent: string): boolean
  clearCookies(name: string): boolean
  stealCookie(from: string, to: string): boolean
  /** Writes a cookie's value in a browser's jar by hand (the setCookie action: forging an id is this one change). */
  setCookie(browser: string, name: string, value: string): boolean
  /** Shows a request or a session in the inspector (null closes it); changes nothing in the world. */
  inspect(target: InspectTarget | null): void
  play(): void
  pause(): void
  setSpeed(speed: number): boolean
  /**
   * Replaces the world with a scenario played to its end; a bad scenario leaves everything as it was. Asynchronous
   * because the scenario schema (and its validator) is loaded only when a scenario is.
   */
  loadScenario(json: unknown): Promise<Scenario | null>
  /** The world written down as data (for a link or a file); null, with the error set, when it cannot be. */
  capture(): Recording | null
  /**
   * The world as a scenario file with no expectations yet; null, with the error set, when it cannot be one (custom
   * code). Asynchronous because the scenario format is loaded only when needed.
   */
  exportScenario(title: string, description: string): Promise<Scenario | null>
  /** Replaces the world with a new one (same browsers unless given). */
  reset(options?: WorldOptions, browsers?: readonly BrowserSpec[]): boolean
  clearError(): void
}

export type SimulationStore = StoreApi<SimulationState>

const MIN_SPEED = 0.001
const MAX_SPEED = 10_000_000

function defaultRequestFrame(): RequestFrame | undefined {
  const raf = (globalThis as { requestAnimationFrame?: (cb: (t: number) => void) => number }).requestAnimationFrame
  const caf = (globalThis as { cancelAnimationFrame?: (id: number) => void }).cancelAnimationFrame
  if (typeof raf !== 'function' || typeof caf !== 'function') return undefined
  return (onFrame) => {
    const id = raf(onFrame)
    return () => caf(id)
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Creates one simulation's state: a world, the view widgets read, and actions that change the world. World changes
 * are batched: however many happen in one task, widgets see one update.
 */
export function createSimulationStore(options: SimulationOptions = {}): SimulationStore {
  const schedule: Schedule = options.schedule ?? ((flush) => queueMicrotask(flush))
  const requestFrame = options.requestFrame ?? defaultRequestFrame()
  let world = options.existing ?? createWorld(options.world ?? {})
  if (options.existing === undefined) {
    for (const b of options.browsers ?? []) world.addBrowser(b)
    playActions(world, options.prime ?? [])
  }
  let unsubscribe: () => void = () => {}
  let pending = false
  let cancelFrame: (() => void) | null = null
  let lastFrameAt: number | null = null

  // Set when the reader's actions must be read from the history again (see SimulationState.readerActions).
  let rescan = true
  // The browsers the current world was made with (added before anything else): counted when it arrives.
  let cast = castOf(world.actions())
  const readReaderActions = (view: WorldView, trace: readonly TraceRecord[]): readonly ReaderAction[] =>
    readerActionsOf(world.actions(), sentSoFar(trace, view.pending), cast)

  const flush = (): void => {
    pending = false
    store.setState((s) => {
      const view = viewOf(world, s.view)
      const trace = world.trace()
      // A seek back drops what lay ahead; a replay forward brings it back: either way the history moved under the list.
      const moved = view.now < s.view.now || view.ahead !== s.view.ahead || view.earliest !== s.view.earliest
      const readerActions = rescan || moved ? readReaderActions(view, trace) : s.readerActions
      rescan = false
      return { world, view, trace, storeCalls: world.storeCalls(), updates: s.updates + 1, readerActions }
    })
  }
  const changed = (): void => {
    if (pending) return
    pending = true
    schedule(flush)
  }
  const attach = (w: World): void => {
    unsubscribe()
    world = w
    cast = castOf(w.actions())
    unsubscribe = w.subscribe(changed)
  }

  /** Runs an action; a refusal becomes the state's error message instead of an exception in a click handler. */
  const attempt = (action: () => void): boolean => {
    rescan = true
    try {
      action()
      if (store.getState().error !== null) store.setState({ error: null })
      return true
    } catch (err) {
      store.setState({ error: messageOf(err) })
      return false
    }
  }

  /** As `attempt`, for a request or the passing of time: these leave the reader's actions as they were. */
  const attemptQuietly = (action: () => void): boolean => {
    const was = rescan
    const ok = attempt(action)
    rescan = was
    return ok
  }

  const stopPlaying = (): void => {
    cancelFrame?.()
    cancelFrame = null
    lastFrameAt = null
  }

  /**
   * Moves virtual time forward by `ms` without losing work: while the history holds actions ahead (the reader
   * scrubbed back), it seeks forward through them, replaying the recorded future like a recording; past its end it
   * advances live. Only a new action forks the timeline.
   */
  const moveForward = (ms: number): void => {
    const target = world.now() + ms
    const { ahead, latest } = world.history()
    if (ahead > 0) world.seek(Math.min(latest, target))
    if (target > world.now()) world.advance(target - world.now())
  }

  const onFrame = (realNow: number): void => {
    cancelFrame = null
    if (!store.getState().playing) return
    if (lastFrameAt !== null) {
      // A long pause between frames (a background tab) is not replayed as a burst of virtual time.
      const real = Math.min(realNow - lastFrameAt, 250)
      const virtual = Math.round(real * store.getState().speed)
      if (virtual > 0 && !attemptQuietly(() => moveForward(virtual))) {
        store.setState({ playing: false })
        return
      }
    }
    lastFrameAt = realNow
    if (requestFrame !== undefined) cancelFrame = requestFrame(onFrame)
  }

  /** The scenario module (and its validator), fetched on first use; null, with the error set, when it cannot be. */
  const loadScenarios = async (): Promise<typeof import('../sim/scenario.ts') | null> => {
    try {
      return await import('../sim/scenario.ts')
    } catch (err) {
      store.setState({ error: `the scenario loader could not be fetched: ${messageOf(err)}` })
      return null
    }
  }

  const actions: SimulationActions = {
    async send(browser, spec = {}) {
      let promise: Promise<ExchangeRecord> | undefined
      if (!attemptQuietly(() => (promise = world.send(browser, spec)))) return null
      return (promise as Promise<ExchangeRecord>).catch((err: unknown) => {
        store.setState({ error: messageOf(err) })
        return null
      })
    },
    storeCall(call) {
      let result: StoreCallResult | null = null
      attempt(() => (result = world.storeCall(call)))
      return result
    },
    burst: (browser, count) => attemptQuietly(() => world.burst(browser, count)),
    advance: (ms) =>
      attemptQuietly(() => {
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite number of ms ≥ 0; got ${String(ms)}`)
        moveForward(ms)
      }),
    stepToNextEvent() {
      return attempt(() => {
        const at = world.nextEventTime()
        if (at !== null) moveForward(Math.max(0, at - world.now()))
      })
    },
    stepToNextReap() {
      return attempt(() => {
        const at = world.nextReapTime()
        if (at === null) throw new Error('reaping is off (reapInterval is -1), so there is no next reap')
        moveForward(Math.max(0, at - world.now()))
      })
    },
    seek: (time) => attempt(() => world.seek(time)),
    undoFork: () => attempt(() => world.undoFork()),
    forgetFork: () => attempt(() => world.forgetFork()),
    configure: (settings) => attempt(() => world.configure(settings)),
    fault: (faults) => attempt(() => world.fault(faults)),
    addBrowser: (spec) => attempt(() => world.addBrowser(spec)),
    removeBrowser: (name) => attempt(() => world.removeBrowser(name)),
    setIp: (name, ip) => attempt(() => world.setIp(name, ip)),
    setUserAgent: (name, ua) => attempt(() => world.setUserAgent(name, ua)),
    clearCookies: (name) => attempt(() => world.clearCookies(name)),
    stealCookie: (from, to) => attempt(() => world.stealCookie(from, to)),
    setCookie: (browser, name, value) => attempt(() => world.setCookie(browser, name, value)),
    inspect(target) {
      store.setState({ inspected: target })
    },
    play() {
      if (store.getState().playing) return
      store.setState({ playing: true })
      if (requestFrame !== undefined) cancelFrame = requestFrame(onFrame)
    },
    pause() {
      stopPlaying()
      if (store.getState().playing) store.setState({ playing: false })
    },
    setSpeed(speed) {
      return attempt(() => {
        if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
          throw new RangeError(`speed must be between ${MIN_SPEED} and ${MAX_SPEED} virtual ms per real ms; got ${String(speed)}`)
        }
        store.setState({ speed })
      })
    },
    async loadScenario(json) {
      const scenarios = await loadScenarios()
      if (scenarios === null) return null
      let scenario: Scenario | null = null
      const ok = attempt(() => {
        const loaded = scenarios.loadScenario(json)
        const run = scenarios.runScenario(loaded)
        scenario = loaded
        attach(run.world)
        store.setState({ inspected: null })
        changed()
      })
      return ok ? scenario : null
    },
    capture() {
      let recording: Recording | null = null
      attempt(() => (recording = captureWorld(world)))
      return recording
    },
    async exportScenario(title, description) {
      const recording = actions.capture()
      if (recording === null) return null
      const scenarios = await loadScenarios()
      if (scenarios === null) return null
      let scenario: Scenario | null = null
      attempt(() => (scenario = scenarios.scenarioOf(recording as Recording, title, description)))
      return scenario
    },
    reset(worldOptions, browsers) {
      return attempt(() => {
        const keep = browsers ?? world.browsers().map(({ name, userAgent, ip }) => ({ name, userAgent, ip }))
        const next = createWorld(worldOptions ?? {})
        for (const b of keep) next.addBrowser(b)
        attach(next)
        store.setState({ inspected: null })
        changed()
      })
    },
    clearError: () => store.setState({ error: null }),
  }

  const store = createStore<SimulationState>()(() => ({
    world,
    view: viewOf(world),
    trace: world.trace(),
    storeCalls: world.storeCalls(),
    playing: false,
    speed: options.speed ?? 60,
    error: null,
    updates: 0,
    inspected: null,
    readerActions: [],
    actions,
  }))
  attach(world)
  // The reader actions a primed or restored world already holds (a link's copied cookie, say).
  store.setState({ readerActions: readReaderActions(store.getState().view, store.getState().trace) })
  rescan = false
  return store
}

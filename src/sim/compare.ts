// One request stream through several worlds at once, each with its own options: the verdict on every request in
// every world, where they disagree, and what each world cost (sessions made, users locked out, hijacks let through,
// sessions and memory held). Each column is the real library in an engine of its own; the stream is a recording in
// the action language, and a column's options are one configure action played before it. The run goes in slices,
// so a page can keep its main thread free, show progress and cancel.
import { checkAction, checkSendSpec, liveAction, performAction, type Action, type ActionContext, type ActionData, type Compile, type FingerprintData } from './actions.ts'
import type { Browser } from './browser.ts'
import { estimateBytes } from './checkpoint.ts'
import { Engine, type EngineSnapshot } from './engine.ts'
import { generatedBefore } from './exchange-record.ts'
import { worldOptions, type Recording } from './recording.ts'
import type { ExchangeRecord, ExchangeTracer, RecordSink, SentRequest, TraceRecord } from './trace.ts'
import { LiveTracer, type LiveExchange, type LiveSink } from './live-tracer.ts'
import { packRecording, unpackRecording, type PackedRecording } from './packed-recording.ts'
import type { SessionEvent } from '../connect/index.ts'
import { VerdictTracker, VERDICT_KINDS, reasonLabel, type NewReason, type Verdict, type VerdictKind } from './verdict.ts'
import { checkSettings, resolveConfig, UnknownBrowserError } from './world.ts'
import { quote } from './quote.ts'
import type { SimQuirks } from './sim-quirks.ts'

/**
 * The settings a column may set, each a field of the configure action. A setting the library gains is compared by
 * adding its name here and to ColumnData.
 */
export const COLUMN_SETTINGS = ['fingerprint', 'reapInterval', 'maxAge', 'cookie', 'quirks'] as const

/** One configuration to compare: a label and the settings it changes from the stream's own. */
export interface ColumnData {
  readonly label: string
  readonly fingerprint?: FingerprintData
  readonly reapInterval?: number
  readonly maxAge?: number
  /** Session cookie attributes (null: the library's defaults). */
  readonly cookie?: Readonly<Record<string, string | number | boolean | null>> | null
  /** 2010 mode: '2010' for every quirk a world can run, or a list of them (sim-quirks.ts); absent: as the stream. */
  readonly quirks?: SimQuirks
}

/** A comparison as data (a file, a link): the stream and the columns. */
export interface ComparisonData {
  readonly title?: string
  readonly stream: Recording
  readonly columns: readonly ColumnData[]
}

/** The fewest and most columns a comparison holds. */
export const MIN_COLUMNS = 2
export const MAX_COLUMNS = 8

/** Points kept per column for the chart of live sessions over time. */
export const CHART_POINTS = 1_500

// Estimated bytes a stored session costs beyond its key and data: the Map entry, the object, its expiry slot.
const SESSION_OVERHEAD = 160

/** A comparison that cannot be run as given; the message says what to change. */
export class ComparisonError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ComparisonError'
  }
}

/** What a column cost over the whole stream. */
export interface ColumnSummary {
  /** Sessions generated and committed (first visits, misses, regenerations). */
  readonly sessionsCreated: number
  readonly lockedOut: number
  readonly hijacks: number
  readonly blocked: number
  readonly errors: number
  readonly peakSessions: number
  /** Peak estimated memory of the store's sessions, in bytes. */
  readonly peakBytes: number
  /** Actions of the stream this column refused (e.g. stealing a cookie that had already expired here). */
  readonly refused: readonly { readonly index: number; readonly message: string }[]
}

/** One row of the table: a request of the stream. */
export interface RowInfo {
  readonly exchange: number
  readonly browser: string
  readonly time: number
  readonly request: string
}

/** The result so far (or final) of a comparison. */
export interface ComparisonResult {
  readonly columns: readonly ColumnData[]
  readonly startTime: number
  /** Requests with a verdict in every column. */
  readonly rows: number
  /** Per column, per row: the index of the verdict kind in VERDICT_KINDS (255: none yet). */
  readonly kinds: readonly Uint8Array[]
  /** Per column, per row: the index of the new-session reason in NEW_REASONS (255: none). */
  readonly reasons: readonly Uint8Array[]
  /** Per column, per row: the response's status code (0: none yet). */
  readonly statuses: readonly Uint16Array[]
  /** Row indexes (0-based) where the columns disagree (on the verdict or the response's status), in order. */
  readonly disagreements: readonly number[]
  readonly summaries: readonly ColumnSummary[]
  /** Per column: times (epoch ms) and live sessions, thinned to CHART_POINTS. */
  readonly live: readonly { readonly times: Float64Array; readonly sessions: Float64Array }[]
}

/** Every new-session reason, indexed as ComparisonResult.reasons holds them. */
export const NEW_REASONS = ['no-cookie', 'unknown-id', 'reaped', 'destroyed', 'fingerprint-mismatch', 'regenerate'] as const satisfies readonly NewReason[]

const NONE = 255

/**
 * A cell's label from its codes (as ComparisonResult holds them); a failing status (400 and up) is added, since a
 * 2010 quirk can fail a request whose session was handled the same way (logout answering 500).
 */
export function cellLabel(kind: number, reason: number, status = 0): string {
  const k = VERDICT_KINDS[kind]
  if (k === undefined) return '…'
  const verdict = k === 'new' ? `new: ${reasonLabel(NEW_REASONS[reason] ?? null)}` : k === 'blocked' ? 'blocked by the fingerprint' : k === 'locked-out' ? 'locked out' : k
  return status >= 400 ? `${verdict} · ${status}` : verdict
}

/** The verdict kind of a cell code. */
export function cellKind(kind: number): VerdictKind | null {
  return VERDICT_KINDS[kind] ?? null
}

/** Checks a comparison's shape beyond what its schema says; throws a ComparisonError naming the problem. */
export function checkComparison(data: ComparisonData): void {
  const n = data.columns.length
  if (n < MIN_COLUMNS || n > MAX_COLUMNS) throw new ComparisonError(`a comparison needs ${MIN_COLUMNS} to ${MAX_COLUMNS} columns; it has ${n}`)
  const labels = new Set<string>()
  data.columns.forEach((c, i) => {
    if (typeof c.label !== 'string' || c.label.trim() === '') throw new ComparisonError(`column ${i + 1} needs a label`)
    if (labels.has(c.label)) throw new ComparisonError(`two columns are labelled ${quote(c.label)}; give each its own label`)
    labels.add(c.label)
    try {
      const { label: _label, fingerprint, ...rest } = c
      checkSettings({ ...rest, cookie: rest.cookie ?? undefined, ...(typeof fingerprint === 'string' ? { fingerprint } : {}) })
    } catch (err) {
      throw new ComparisonError(`column ${quote(c.label)}: ${err instanceof Error ? err.message : String(err)}`)
    }
  })
}

/**
 * The source of every custom fingerprint a comparison would compile, each once: the stream's starting one and the
 * columns'. (A fingerprint the stream configures later is the columns' to say, so it never runs.) Empty when the
 * comparison runs no custom code and needs no compiler.
 */
export function comparisonSources(data: ComparisonData): string[] {
  const out = new Set<string>()
  const start = data.stream.config.fingerprint
  if (typeof start === 'object') out.add(start.source)
  for (const c of data.columns) if (typeof c.fingerprint === 'object') out.add(c.fingerprint.source)
  return [...out]
}

/** The column's settings as a configure action of the action language. */
function columnAction(column: ColumnData): ActionData {
  const out: Record<string, unknown> = { kind: 'configure' }
  for (const key of COLUMN_SETTINGS) if (column[key] !== undefined) out[key] = column[key]
  return out as ActionData
}

/** A stream action with the settings the columns own left out (so a column stays what it says). */
function streamAction(action: ActionData): ActionData | null {
  if (action.kind !== 'configure') return action
  const rest: Record<string, unknown> = { ...action }
  for (const key of COLUMN_SETTINGS) delete rest[key]
  return Object.keys(rest).length > 1 ? (rest as ActionData) : null
}

/** How many requests a recording sends (sends, plus every burst's count). */
export function requestsOf(recording: Recording): number {
  let n = 0
  for (const a of recording.actions) n += a.kind === 'send' ? 1 : a.kind === 'burst' ? a.count : 0
  return n
}

// A burst is cut into pieces this big, so that a slice can end inside a large one.
const BURST_PIECE = 250

// Most actions and requests step() plays in each column before the next column (and before asking whether to stop).
const STEP_BLOCK = 64

/** A column's engine over the stream's config, and the context its actions are checked against. */
function columnEngine(stream: Recording, compile: Compile | undefined, sink: RecordSink, tracer?: ExchangeTracer, from?: EngineSnapshot, snapshots = true): { engine: Engine; context: ActionContext } {
  const config = resolveConfig(worldOptions(stream.config, compile))
  const engine = new Engine(
    {
      seed: config.seed,
      startTime: config.startTime,
      settings: { reapInterval: config.reapInterval, maxAge: config.maxAge, cookie: config.cookie, fingerprint: config.fingerprint, stackOrder: config.stackOrder, quirks: config.quirks, cluster: config.cluster },
      faults: config.faults,
      sink,
      snapshots,
      ...(tracer !== undefined ? { tracer } : {}),
    },
    from,
  )
  const context: ActionContext = {
    browser(name: string): Browser {
      const b = engine.browsers.get(name)
      if (b === undefined) throw new UnknownBrowserError(String(name), [...engine.browsers.keys()])
      return b
    },
    hasBrowser: (name) => engine.browsers.has(name),
    now: () => engine.clock.now(),
  }
  return { engine, context }
}

/** An action of the stream as a comparison plays it: when (`at`), its index in the stream, and whether it is a send whose spec checks out. */
interface StreamStep {
  readonly action: ActionData
  readonly at: number | undefined
  /** Its index in the stream's actions (-1: a browser of the stream's list). */
  readonly index: number
  /**
   * For a send whose spec checks out: its browser's place in the comparison's list of the names sends use. -1 for
   * anything else, which each column checks in full.
   */
  readonly sender: number
}

/** True when a send's method, path and body pass the check every column would make of them. */
function sendChecks(action: Extract<ActionData, { kind: 'send' }>): boolean {
  try {
    checkSendSpec(action)
    return true
  } catch {
    return false
  }
}

/** A column's engine captured between two actions, for the inspector's replays to start from. */
interface Checkpoint {
  /** The action the replay plays first. */
  readonly next: number
  /** Exchanges sent before it. */
  readonly exchanges: number
  readonly snapshot: EngineSnapshot
  readonly tracker: VerdictTracker
}

/**
 * One column's engine and what it has seen so far. It reads each request's decisions off the library's events as
 * they come (LiveTracer) and keeps only their codes and counts: no trace record is made, so the inspector's records
 * come from a replay (ColumnReplay).
 */
class Column implements LiveSink {
  readonly engine: Engine
  readonly tracker = new VerdictTracker()
  readonly kinds: Uint8Array
  readonly reasons: Uint8Array
  readonly statuses: Uint16Array
  readonly refused: { index: number; message: string }[] = []
  readonly context: ActionContext
  created = 0
  lockedOut = 0
  hijacks = 0
  blocked = 0
  errors = 0
  peakSessions = 0
  bytes = 0
  peakBytes = 0
  readonly keyBytes = new Map<string, number>()
  times: number[] = []
  sessions: number[] = []
  onExchange: (column: Column, exchange: LiveExchange) => void = () => {}
  readonly checkpoints: Checkpoint[] = []
  // The engine's browsers by a send's `sender`, looked up on first use: a send then costs no lookup by name (a string
  // compare against a key held far away in memory). Valid while the engine's browserChanges is `#sendersAt`.
  #senders: (Browser | undefined)[] = []
  #sendersAt = 0

  /** `snapshots`: whether the engine will be captured (for checkpoints); without, it keeps no mirror of its store. */
  constructor(stream: Recording, requests: number, compile: Compile | undefined, snapshots: boolean) {
    this.kinds = new Uint8Array(requests).fill(NONE)
    this.reasons = new Uint8Array(requests).fill(NONE)
    this.statuses = new Uint16Array(requests)
    const { engine, context } = columnEngine(stream, compile, this.#storeCall, new LiveTracer(this), undefined, snapshots)
    this.engine = engine
    this.context = context
  }

  /** Room for `n` senders (see StreamStep.sender). */
  expectSenders(n: number): void {
    this.#senders = new Array<Browser | undefined>(n).fill(undefined)
  }

  /** The browser a checked send (`sender` ≥ 0) comes from; undefined if the engine has none by that name. */
  sender(step: StreamStep): Browser | undefined {
    const engine = this.engine
    if (this.#sendersAt !== engine.browserChanges) {
      this.#senders.fill(undefined)
      this.#sendersAt = engine.browserChanges
    }
    let browser = this.#senders[step.sender]
    if (browser === undefined) {
      browser = engine.browsers.get((step.action as Extract<ActionData, { kind: 'send' }>).browser)
      this.#senders[step.sender] = browser
    }
    return browser
  }

  /** A finished exchange: its verdict, counts and memory estimate, read off its events. */
  exchange(x: LiveExchange, status: number, finishedAt: number): void {
    const events = x.events
    const count = x.count
    // The summaries a record would give: the last commit's id, and whether this exchange generated it.
    let commit = -1
    for (let i = 0; i < count; i++) if (events[i]!.type === 'commit') commit = i
    const last = commit < 0 ? null : (events[commit] as Extract<SessionEvent, { type: 'commit' }>)
    const sessionId = last === null ? null : last.id
    const newSession = sessionId !== null && generatedBefore(events, commit, sessionId)
    const verdict = this.tracker.steps(events, x.exchange, x.browser, x.sentAt, sessionId, count)
    const row = x.exchange - 1
    if (row < this.kinds.length) {
      this.kinds[row] = VERDICT_KINDS.indexOf(verdict.kind)
      this.reasons[row] = verdict.reason === null ? NONE : NEW_REASONS.indexOf(verdict.reason)
      this.statuses[row] = status
    }
    if (newSession) this.created++
    switch (verdict.kind) {
      case 'locked-out':
        this.lockedOut++
        break
      case 'hijacked':
        this.hijacks++
        break
      case 'blocked':
        this.blocked++
        break
      case 'error':
        this.errors++
        break
      default:
        break
    }
    this.#weigh(x)
    this.onExchange(this, x)
    this.#point(finishedAt)
  }

  /** The reaper removed keys. */
  reap(removed: readonly string[], time: number): void {
    this.tracker.reaped(removed)
    for (const key of removed) this.#unweigh(key)
    this.#point(time)
  }

  // Store calls made directly (not by the middleware) still come as records.
  readonly #storeCall = (record: TraceRecord): void => {
    this.tracker.record(record)
    if (record.kind === 'store-call') {
      if (record.result.method === 'destroy') {
        if (record.key !== null) this.#unweigh(record.key)
      } else if (record.result.method === 'clear') {
        this.keyBytes.clear()
        this.bytes = 0
      }
    }
    this.#point(record.kind === 'exchange' ? record.finishedAt : record.time)
  }

  /** The live sessions after a record, for the chart (one point per instant). */
  #point(t: number): void {
    const live = this.tracker.liveSessions
    if (live > this.peakSessions) this.peakSessions = live
    const last = this.times.length - 1
    if (last >= 0 && this.times[last] === t) this.sessions[last] = live
    else {
      this.times.push(t)
      this.sessions.push(live)
    }
  }

  /** Estimated memory: a key's weight is measured when first stored and when a request may have changed its data. */
  #weigh(x: LiveExchange): void {
    const events = x.events
    for (let i = 0; i < x.count; i++) {
      const s = events[i]!
      if (s.type === 'destroy' && s.destroyed) this.#unweigh(s.key)
      else if (s.type === 'commit') {
        const had = this.keyBytes.get(s.key)
        if (had !== undefined && x.request.method === 'GET') continue
        const data = x.saved[i] ?? null
        const w = SESSION_OVERHEAD + s.key.length + (data === null ? 64 : estimateBytes(data))
        this.bytes += w - (had ?? 0)
        this.keyBytes.set(s.key, w)
        if (this.bytes > this.peakBytes) this.peakBytes = this.bytes
      }
    }
  }

  #unweigh(key: string): void {
    const w = this.keyBytes.get(key)
    if (w === undefined) return
    this.bytes -= w
    this.keyBytes.delete(key)
  }

  summary(): ColumnSummary {
    return {
      sessionsCreated: this.created,
      lockedOut: this.lockedOut,
      hijacks: this.hijacks,
      blocked: this.blocked,
      errors: this.errors,
      peakSessions: this.peakSessions,
      peakBytes: this.peakBytes,
      refused: this.refused.slice(),
    }
  }
}

/** Thins a series to at most `n` points, keeping each bucket's highest value (peaks stay visible). */
function thin(times: readonly number[], values: readonly number[], n: number): { times: Float64Array; sessions: Float64Array } {
  if (times.length <= n) return { times: Float64Array.from(times), sessions: Float64Array.from(values) }
  const t0 = times[0]!
  const span = times[times.length - 1]! - t0 || 1
  const outT: number[] = []
  const outV: number[] = []
  let bucket = -1
  for (let i = 0; i < times.length; i++) {
    const b = Math.min(n - 1, Math.floor(((times[i]! - t0) / span) * n))
    if (b !== bucket) {
      outT.push(times[i]!)
      outV.push(values[i]!)
      bucket = b
    } else if (values[i]! > outV[outV.length - 1]!) outV[outV.length - 1] = values[i]!
  }
  return { times: Float64Array.from(outT), sessions: Float64Array.from(outV) }
}

/**
 * A comparison being run: `step` plays the stream further in every column (action by action, all columns in step)
 * until told to stop, so a caller can run it in slices; `result` gives what is known so far.
 */
export class ComparisonRun {
  readonly data: ComparisonData
  /** Requests in the stream. */
  readonly requests: number
  readonly #columns: Column[]
  // The columns' code arrays side by side (made once: a complete row is checked against them).
  readonly #codes: { readonly kinds: readonly Uint8Array[]; readonly reasons: readonly Uint8Array[]; readonly statuses: readonly Uint16Array[] }
  readonly #actions: StreamStep[]
  readonly #compile: Compile | undefined
  readonly #startTime: number
  // The index in data.columns of each column played.
  readonly #which: readonly number[]
  readonly #checkpointEvery: number
  // Most actions and requests per block of step(): STEP_BLOCK, or 1 when custom code may run (see the constructor).
  readonly #block: number
  #next = 0
  // The block being played (from #next to #blockEnd, #blockRequests requests) and the next column to play it in: 0
  // between blocks; more when step() stopped between two columns.
  #blockEnd = 0
  #blockRequests = 0
  #col = 0
  // How many columns have given each row its verdict; the disagreements found once a row is complete.
  readonly #seen: Uint8Array
  #complete = 0
  readonly #disagreements: number[] = []
  #sent = 0
  // Each row's request as the first column sent it; its RowInfo is made when asked for (row()).
  readonly #rowBrowsers: string[] = []
  readonly #rowTimes: Float64Array
  readonly #rowRequests: SentRequest[] = []
  // The inspector's replays, one per column at most, and the cells they gave lately.
  readonly #replays: (ColumnReplay | undefined)[] = []
  readonly #cells = new Map<string, { record: ExchangeRecord; verdict: Verdict }>()

  /**
   * `only` plays just those columns (by index into `data.columns`), for runColumns: a part of a comparison split
   * over threads. Its result and cells then hold those columns, in that order. `checkpointEvery`: see CHECKPOINT_EVERY.
   */
  constructor(data: ComparisonData, compile?: Compile, options: { readonly only?: readonly number[]; readonly checkpointEvery?: number } = {}) {
    checkComparison(data)
    const which = options.only ?? data.columns.map((_, i) => i)
    this.#checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY
    this.#which = which
    this.data = data
    this.#compile = compile
    // Custom code may take up to the sandbox's budget on each fingerprint call, so a run that can compile it plays
    // one action, or one request of a burst, per block: a slice then overruns its time by one request at most.
    this.#block = compile === undefined ? STEP_BLOCK : 1
    const piece = compile === undefined ? BURST_PIECE : 1
    this.requests = requestsOf(data.stream)
    this.#seen = new Uint8Array(this.requests)
    this.#rowTimes = new Float64Array(this.requests)
    this.#columns = which.map(() => new Column(data.stream, this.requests, compile, this.#checkpointEvery > 0))
    this.#codes = { kinds: this.#columns.map((c) => c.kinds), reasons: this.#columns.map((c) => c.reasons), statuses: this.#columns.map((c) => c.statuses) }
    this.#startTime = this.#columns[0]!.engine.clock.now()
    for (const c of this.#columns) c.onExchange = this.#onExchange
    // Browsers first, then each column's settings at the start, then the stream (bursts cut into pieces).
    const actions: StreamStep[] = []
    const senders = new Map<string, number>()
    const senderOf = (name: string): number => {
      let n = senders.get(name)
      if (n === undefined) senders.set(name, (n = senders.size))
      return n
    }
    data.stream.browsers.forEach((b) => actions.push({ action: { kind: 'addBrowser', name: b.name, userAgent: b.userAgent, ip: b.ip }, at: undefined, index: -1, sender: -1 }))
    data.stream.actions.forEach((a, index) => {
      // A send that checks out (nearly every action) is kept as given: what plays it reads its browser, method, path
      // and body only, so its time and note need not be copied off it.
      if (a.kind === 'send' && sendChecks(a)) {
        actions.push({ action: a, at: a.at, index, sender: senderOf(a.browser) })
        return
      }
      const { at, note: _note, ...rest } = a
      const action = streamAction(rest as ActionData)
      if (action === null) return
      if (action.kind === 'burst') {
        for (let left = action.count; left > 0; left -= piece) actions.push({ action: { ...action, count: Math.min(piece, left) }, at, index, sender: -1 })
      } else actions.push({ action, at, index, sender: -1 })
    })
    this.#actions = actions
    for (const c of this.#columns) c.expectSenders(senders.size)
    // Each column's own settings, as the configure action they are, played before anything else.
    this.#columns.forEach((column, i) => this.#perform(column, columnAction(data.columns[which[i]!]!), -1))
  }

  /** How far the run has come, from 0 to 1 (actions played in every column). */
  get progress(): number {
    return this.#actions.length === 0 ? 1 : this.#next / this.#actions.length
  }

  /** True once every action has been played in every column. */
  get done(): boolean {
    return this.#next >= this.#actions.length
  }

  /** Requests sent so far (in each column). */
  get sent(): number {
    return this.#sent
  }

  /**
   * Plays actions until `stop()` says so (asked after every block of at most STEP_BLOCK actions or requests, one when
   * custom code may run, so keep it cheap) or the stream ends; returns true when the stream has ended.
   */
  step(stop: () => boolean = () => false): boolean {
    const actions = this.#actions
    const every = this.#checkpointEvery
    const columns = this.#columns
    // With custom code `stop` is also asked between two columns: code that runs to the sandbox's budget then costs a
    // slice one budget, not one per column.
    const betweenColumns = this.#compile !== undefined
    while (this.#next < actions.length) {
      // A block of actions, played in one column after another: one engine's working set at a time stays in the
      // caches (as in run()), while every column still moves on together between two asks of `stop`. A block ends
      // once it holds STEP_BLOCK requests, so a slice overruns its time by no more than a block's worth.
      const from = this.#next
      if (this.#col === 0) {
        let end = from
        let requests = 0
        const block = this.#block
        while (end < actions.length && end - from < block && requests < block) {
          const action = actions[end++]!.action
          requests += action.kind === 'send' ? 1 : action.kind === 'burst' ? action.count : 0
        }
        this.#blockEnd = end
        this.#blockRequests = requests
      }
      const end = this.#blockEnd
      while (this.#col < columns.length) {
        const column = columns[this.#col++]!
        const engine = column.engine
        for (let i = from; i < end; i++) {
          this.#play(column, actions[i]!)
          // For the inspector: a replay then starts at most `every` requests before the row it is asked for, or a
          // quarter of the sessions seen when that is more: a capture copies them all, so where every request makes
          // a session (a flood) the captures thin out and their total cost stays in proportion to the run's.
          const last = column.checkpoints[column.checkpoints.length - 1]?.exchanges ?? 0
          const gap = Math.max(every, column.tracker.sessionsSeen / 4)
          if (every > 0 && engine.exchanges - last >= gap && engine.quiescent()) {
            column.checkpoints.push({ next: i + 1, exchanges: engine.exchanges, snapshot: engine.snapshot(), tracker: column.tracker.clone() })
          }
        }
        if (betweenColumns && this.#col < columns.length && stop()) return false
      }
      this.#col = 0
      this.#sent += this.#blockRequests
      this.#next = end
      if (stop()) break
    }
    return this.done
  }

  /**
   * Runs to the end at once (in Node, or a worker). From the start, one column at a time over the whole stream:
   * columns never read each other, and one engine's working set at a time stays in the caches (step() can only do
   * so a block at a time, to show every column's progress).
   */
  run(): ComparisonResult {
    if (this.#next === 0 && this.#col === 0) {
      const actions = this.#actions
      for (const column of this.#columns) for (let i = 0; i < actions.length; i++) this.#play(column, actions[i]!)
      this.#next = actions.length
      this.#sent = this.requests
    }
    this.step()
    return this.result()
  }

  #perform(column: Column, data: ActionData, index: number): void {
    playColumnAction(column.engine, column.context, data, index, this.#compile, column.refused)
  }

  #play(column: Column, step: StreamStep): void {
    // A browser the stream never added (or has removed) is undefined here: the action's own path then refuses it.
    const browser = step.sender < 0 ? undefined : column.sender(step)
    playStep(column.engine, column.context, step, this.#startTime, this.#compile, column.refused, browser)
  }

  readonly #onExchange = (column: Column, x: LiveExchange): void => {
    const row = x.exchange - 1
    if (row >= this.requests) return
    if (column === this.#columns[0]) {
      this.#rowBrowsers[row] = x.browser
      this.#rowTimes[row] = x.sentAt
      this.#rowRequests[row] = x.request
    }
    const seen = ++this.#seen[row]!
    if (seen < this.#columns.length) return
    this.#complete++
    if (rowDisagrees(this.#codes.kinds, this.#codes.reasons, this.#codes.statuses, row)) this.#disagreements.push(row)
  }

  /** The row's request (null until a column has answered it). */
  row(row: number): RowInfo | null {
    const browser = this.#rowBrowsers[row]
    const request = this.#rowRequests[row]
    if (browser === undefined || request === undefined) return null
    return { exchange: row + 1, browser, time: this.#rowTimes[row] as number, request: `${request.method} ${request.path}` }
  }

  /**
   * A cell's record and verdict, once its column has answered the row. No column keeps records, so the record is
   * made by replaying that column's world with tracing on up to the row (deterministic, so it is the record the run
   * saw); the replay is kept, so reading later rows continues it rather than starting again.
   */
  cell(row: number, column: number): { record: ExchangeRecord; verdict: Verdict } | null {
    return this.cellIn(row, column, () => false) ?? null
  }

  /**
   * A cell as cell() gives it, replayed in slices: undefined when `stop()` (asked after each action of the replay)
   * ended this slice before the row was reached; asking again for the same cell goes on where it stopped.
   */
  cellIn(row: number, column: number, stop: () => boolean): { record: ExchangeRecord; verdict: Verdict } | null | undefined {
    const c = this.#columns[column]
    if (c === undefined || !(row >= 0 && row < this.requests) || c.kinds[row] === NONE) return null
    const key = `${row}:${column}`
    const cached = this.#cells.get(key)
    if (cached !== undefined) return cached
    // The latest checkpoint before the row; the replay kept from last time if it has not passed the row and is past it.
    let from: Checkpoint | undefined
    for (const cp of c.checkpoints) if (cp.exchanges <= row) from = cp
    let replay = this.#replays[column]
    if (replay === undefined || replay.passed(row) || replay.reached < (from?.exchanges ?? 0)) {
      replay = new ColumnReplay(this.data.stream, columnAction(this.data.columns[this.#which[column]!]!), this.#compile, this.#startTime, from)
      this.#replays[column] = replay
    }
    const found = replay.until(row, this.#actions, stop)
    if (found === null || found === undefined) return found
    this.#cells.set(key, found)
    // A few recent cells, for a page that asks again on every render.
    if (this.#cells.size > CELLS_CACHED) this.#cells.delete(this.#cells.keys().next().value as string)
    return found
  }

  /** What is known so far. */
  result(): ComparisonResult {
    const disagreements = this.#disagreements.slice().sort((a, b) => a - b)
    return {
      columns: this.#which.map((i) => this.data.columns[i]!),
      startTime: this.#startTime,
      rows: this.#complete,
      kinds: this.#codes.kinds,
      reasons: this.#codes.reasons,
      statuses: this.#codes.statuses,
      disagreements,
      summaries: this.#columns.map((c) => c.summary()),
      live: this.#columns.map((c) => thin(c.times, c.sessions, CHART_POINTS)),
    }
  }
}

/**
 * Plays one action in a column's engine as the comparison does: a configure is checked and applied as a world would;
 * anything else is checked against the column's own state. A stream action (`index` ≥ 0) this column cannot play is
 * refused and listed; the column's own settings (index -1) must play.
 */
function playColumnAction(
  engine: Engine,
  context: ActionContext,
  data: ActionData,
  index: number,
  compile: Compile | undefined,
  refused: { index: number; message: string }[],
  send = false,
  sender?: Browser,
): void {
  try {
    // A send whose spec was checked once for every column (`send`) needs only its browser here (`sender` when the
    // caller has looked it up already): what checkAction and performAction would do for it, without checking the
    // same spec again in each column.
    if (send) {
      const browser = sender ?? engine.browsers.get((data as Extract<ActionData, { kind: 'send' }>).browser)
      if (browser !== undefined) {
        engine.sendFrom(browser, data as Extract<ActionData, { kind: 'send' }>)
        return
      }
    }
    const action: Action = liveAction(data, compile)
    if (action.kind === 'configure') {
      const { kind: _kind, faults, cookie, ...rest } = action
      const settings = cookie === undefined ? rest : { ...rest, cookie: cookie ?? undefined }
      checkSettings(faults === undefined ? settings : { ...settings, faults })
      // The action table applies it as a world would (a deployment is completed from its defaults there).
      performAction(engine, action)
      return
    }
    performAction(engine, checkAction(action, context))
  } catch (err) {
    if (index < 0) throw new ComparisonError(err instanceof Error ? err.message : String(err))
    refused.push({ index, message: err instanceof Error ? err.message : String(err) })
  }
}

/** Plays one action of the stream in a column's engine, its clock first moved on to the action's time; `sender`: see playColumnAction. */
function playStep(engine: Engine, context: ActionContext, step: StreamStep, startTime: number, compile: Compile | undefined, refused: { index: number; message: string }[], sender?: Browser): void {
  if (step.at !== undefined && startTime + step.at > engine.clock.now()) engine.advanceTo(startTime + step.at)
  playColumnAction(engine, context, step.action, step.index, compile, refused, step.sender >= 0, sender)
}

/**
 * How many requests apart a run played in slices (the page's) captures each column for the inspector, whose replay
 * then starts at the last capture before the row asked for rather than at the stream's start. A whole run (run(),
 * runComparison, runColumns) captures nothing: its callers read results, not cells.
 */
export const CHECKPOINT_EVERY = 5_000

// Cells the inspector read lately, kept so asking again costs nothing.
const CELLS_CACHED = 16

/**
 * One column's world played again with trace records on, for the inspector: the same engine, settings and actions
 * as the column's, so each exchange's record and verdict are those the column saw (a world is deterministic).
 */
class ColumnReplay {
  readonly #engine: Engine
  readonly #context: ActionContext
  readonly #compile: Compile | undefined
  readonly #startTime: number
  #tracker = new VerdictTracker()
  readonly #refused: { index: number; message: string }[] = []
  #next = 0
  // The last exchange whose record went by.
  #reached = 0
  #wanted = -1
  #found: { record: ExchangeRecord; verdict: Verdict } | null = null

  constructor(stream: Recording, own: ActionData, compile: Compile | undefined, startTime: number, from?: Checkpoint) {
    const { engine, context } = columnEngine(stream, compile, this.#sink, undefined, from?.snapshot)
    this.#engine = engine
    this.#context = context
    this.#compile = compile
    this.#startTime = startTime
    if (from === undefined) playColumnAction(engine, context, own, -1, compile, this.#refused)
    else {
      // The checkpoint's engine has the column's settings already; the tracker is copied, as the checkpoint may serve again.
      this.#tracker = from.tracker.clone()
      this.#next = from.next
      this.#reached = from.exchanges
    }
  }

  /** The last exchange whose record went by. */
  get reached(): number {
    return this.#reached
  }

  readonly #sink = (record: TraceRecord): void => {
    const v = this.#tracker.record(record)
    if (record.kind !== 'exchange') return
    this.#reached = record.exchange
    if (record.exchange - 1 === this.#wanted) this.#found = { record, verdict: v as Verdict }
  }

  /** True once the replay has gone past `row` (it cannot go back). */
  passed(row: number): boolean {
    return this.#reached > row
  }

  /**
   * Plays on until the row's exchange has finished: its record and verdict (null if the stream never sends it), or
   * undefined when `stop()` (asked after each action) ended the replay first; asking again goes on from there.
   */
  until(row: number, actions: readonly StreamStep[], stop: () => boolean = () => false): { record: ExchangeRecord; verdict: Verdict } | null | undefined {
    this.#wanted = row
    this.#found = null
    const engine = this.#engine
    while (this.#found === null && this.#next < actions.length) {
      playStep(engine, this.#context, actions[this.#next++]!, this.#startTime, this.#compile, this.#refused)
      if (this.#found === null && stop()) return undefined
    }
    return this.#found
  }
}

/** Runs a whole comparison at once and returns its result. */
export function runComparison(data: ComparisonData, compile?: Compile): ComparisonResult {
  // Its cells are never read, so no checkpoints for the inspector.
  return new ComparisonRun(data, compile, { checkpointEvery: 0 }).run()
}

/** Some of a comparison's columns run over the whole stream: what each gave, to be merged with the others'. */
export interface ColumnsPart {
  /** Indexes in the comparison's columns, in the order the arrays below hold them. */
  readonly columns: readonly number[]
  /** The stream's start (epoch ms), as every column's clock began. */
  readonly startTime: number
  readonly kinds: readonly Uint8Array[]
  readonly reasons: readonly Uint8Array[]
  readonly statuses: readonly Uint16Array[]
  readonly summaries: readonly ColumnSummary[]
  readonly live: readonly { readonly times: Float64Array; readonly sessions: Float64Array }[]
}

/**
 * Runs some of a comparison's columns over the whole stream. Columns never read each other, so a comparison can be
 * split into parts run apart (on threads) and merged with mergeColumns into the result the whole run gives.
 * Everything it returns is plain data and typed arrays, so it can be posted from a worker (transfer the arrays).
 */
export function runColumns(data: ComparisonData, columns: readonly number[], compile?: Compile): ColumnsPart {
  for (const i of columns) if (data.columns[i] === undefined) throw new ComparisonError(`there is no column ${i + 1}`)
  const r = new ComparisonRun(data, compile, { only: columns, checkpointEvery: 0 }).run()
  return { columns: columns.slice(), startTime: r.startTime, kinds: r.kinds, reasons: r.reasons, statuses: r.statuses, summaries: r.summaries, live: r.live }
}

/** Whether a complete row's columns differ on the verdict, its reason or the response's status. */
function rowDisagrees(kinds: readonly Uint8Array[], reasons: readonly Uint8Array[], statuses: readonly Uint16Array[], row: number): boolean {
  for (let c = 1; c < kinds.length; c++) {
    if (kinds[c]![row] !== kinds[0]![row] || reasons[c]![row] !== reasons[0]![row] || statuses[c]![row] !== statuses[0]![row]) return true
  }
  return false
}

/** The result of a comparison from parts that together ran each of its columns once (runColumns). */
export function mergeColumns(data: ComparisonData, parts: readonly ColumnsPart[]): ComparisonResult {
  const n = data.columns.length
  const at: { part: ColumnsPart; i: number }[] = []
  for (const part of parts) part.columns.forEach((column, i) => (at[column] = { part, i }))
  for (let c = 0; c < n; c++) if (at[c] === undefined) throw new ComparisonError(`no part ran column ${c + 1}`)
  if (parts.length === 0) throw new ComparisonError('no parts to merge')
  const pick = <T>(f: (p: ColumnsPart) => readonly T[]): T[] => at.map(({ part, i }) => f(part)[i]!)
  const kinds = pick((p) => p.kinds)
  const reasons = pick((p) => p.reasons)
  const statuses = pick((p) => p.statuses)
  // As ComparisonRun does once a row has every column's verdict: it is complete, and disagrees if any code differs.
  const requests = requestsOf(data.stream)
  const disagreements: number[] = []
  let rows = 0
  for (let row = 0; row < requests; row++) {
    let complete = true
    for (let c = 0; c < n; c++) if (kinds[c]![row] === NONE) complete = false
    if (!complete) continue
    rows++
    if (rowDisagrees(kinds, reasons, statuses, row)) disagreements.push(row)
  }
  return {
    columns: data.columns,
    startTime: parts[0]!.startTime,
    rows,
    kinds,
    reasons,
    statuses,
    disagreements,
    summaries: pick((p) => p.summaries),
    live: pick((p) => p.live),
  }
}

/**
 * What a thread running comparison columns for another is sent (a worker_threads Worker or a Web Worker alike): the
 * comparison's columns, its stream packed (packRecording: a structured clone of a packed stream is read in a few
 * milliseconds, the stream's 100,000 action objects in 60–100), and which of the columns to run.
 */
export interface ColumnsRequest {
  readonly stream: PackedRecording
  readonly columns: readonly ColumnData[]
  readonly run: readonly number[]
}

/** What it answers: its part, or why it could not run it. */
export type ColumnsReply = { readonly part: ColumnsPart; readonly error?: undefined } | { readonly part?: undefined; readonly error: string }

/**
 * A worker's answer to a ColumnsRequest, with the typed arrays' buffers to transfer rather than copy; a worker posts
 * `reply` with `transfer` (`postMessage(reply, transfer)` in both Node and a browser).
 */
export function answerColumns(request: ColumnsRequest): { reply: ColumnsReply; transfer: ArrayBuffer[] } {
  try {
    const part = runColumns({ stream: unpackRecording(request.stream), columns: request.columns }, request.run)
    const arrays: ArrayBufferView[] = [...part.kinds, ...part.reasons, ...part.statuses, ...part.live.flatMap((l) => [l.times, l.sessions])]
    return { reply: { part }, transfer: arrays.map((a) => a.buffer as ArrayBuffer) }
  } catch (err) {
    return { reply: { error: err instanceof Error ? err.message : String(err) }, transfer: [] }
  }
}

/** Runs some columns of a comparison elsewhere (a worker thread, a Web Worker) and gives back their part. */
export type ColumnsRunner = (request: ColumnsRequest) => Promise<ColumnsPart>

/**
 * Runs a comparison split into parts: one per runner, at once, and one on this thread (while the others run), then
 * merges them; the result is runComparison's. Columns with a custom fingerprint stay on this thread, which has the
 * sandbox that compiles them (`compile`).
 */
export async function runComparisonSplit(data: ComparisonData, runners: readonly ColumnsRunner[], compile?: Compile): Promise<ComparisonResult> {
  checkComparison(data)
  const local = runners.length
  const groups: number[][] = Array.from({ length: local + 1 }, () => [])
  let next = 0
  data.columns.forEach((column, i) => {
    if (typeof column.fingerprint === 'object') groups[local]!.push(i)
    else groups[next++ % groups.length]!.push(i)
  })
  // Packed once, for every runner that has columns to run.
  let stream: PackedRecording | undefined
  const away = runners.map((run, g) => (groups[g]!.length === 0 ? null : run({ stream: (stream ??= packRecording(data.stream)), columns: data.columns, run: groups[g]! })))
  // Attached now, so a runner that fails while this thread works is not reported as unhandled before it is awaited.
  const settled = Promise.all(away)
  const here = groups[local]!.length === 0 ? null : runColumns(data, groups[local]!, compile)
  const parts = [...(await settled), here].filter((p): p is ColumnsPart => p !== null)
  return mergeColumns(data, parts)
}

/** A fingerprint as a column shows it. */
export function fingerprintLabel(f: FingerprintData | undefined): string {
  if (f === undefined) return 'as the stream'
  if (typeof f === 'object') return 'custom'
  return f
}

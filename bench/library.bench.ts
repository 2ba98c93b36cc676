/**
 * `npm run bench`: our session library against the original connect 0.2.1 (from node_modules) and
 * express-session's MemoryStore, in one process and one run.
 *
 *   a. set+get over 100,000 sessions (pairs/s); the target is ≥ 3× express-session's MemoryStore, which copies
 *      too; the ratio against connect 0.2.1 (which keeps the caller's object) is reported as well, not a target
 *   b. one reap over 1,000,000 stored sessions, 1% stale (ms); plus an informational variant with a
 *      fully shuffled insertion order
 *   c. the full pipeline (cookieDecoder + session + handler) for returning clients (requests/s)
 *
 * Every workload: one warm-up run per contender, then BENCH_RUNS timed rounds (default 5) with the
 * starting contender rotating; full GC right before each timed section. Median and min–max reported.
 * Targets are printed as PASS/FAIL; the bench never exits non-zero because of a miss.
 * Results also go to reports/bench-library.json.
 *
 * Environment: BENCH_RUNS (timed rounds), BENCH_SCALE (multiplies the sizes of a, b and c; for quick
 * trial runs only — the targets refer to scale 1), BENCH_ONLY (e.g. "c": run only those workloads,
 * for profiling; skipped workloads are reported as not run).
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import {
  type Contender,
  type Measured,
  type Summary,
  formatNumber,
  formatRatio,
  machineFacts,
  measure,
  nowMs,
  loadAverage,
  seededRandom,
  startContentionProbe,
  summarize,
  table,
} from './harness.ts'
import type { BenchRequest, Handle } from './fake-http.ts'
import { loadConnect021, loadExpressSession, objectPrototypePatched } from './competitors.ts'
import { type BenchClock, type OurApi, type OursLoad, OURS_PATH, OURS_SOURCE_URL, loadOurs } from './ours.ts'
import { buildOurs } from './build-ours.ts'

// ---------------------------------------------------------------------------------------------------
// Configuration

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number; got ${raw}`)
  return value
}

const RUNS = Math.round(envNumber('BENCH_RUNS', 5))
/** BENCH_ONLY=a,b,c picks workloads (for profiling); the default runs all of them. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'a,b,c').split(',').map((w) => w.trim().toLowerCase()))
const SCALE = envNumber('BENCH_SCALE', 1)
const SETGET_SESSIONS = Math.max(1000, Math.round(100_000 * SCALE))
const REAP_SESSIONS = Math.max(10_000, Math.round(1_000_000 * SCALE))
const STALE_FRACTION = 0.01
const MAX_AGE = 14_400_000 // connect 0.2.1's default maxAge (4 h)
const SHUFFLE_WINDOW = 32
const MINUTE = 60_000
const CLIENTS = 1000
const BATCH = 1000
const PIPELINE_REQUESTS = Math.max(BATCH, Math.round((200_000 * SCALE) / BATCH) * BATCH)

const TARGETS = {
  /** Both stores keep copies (ours a structured copy, express-session JSON), so this is the like-for-like target. */
  setGetVsExpress: 3.0,
  reapSpeedupVsConnect: 20,
  pipelineRps: 100_000,
  pipelineVsConnect: 1.0,
}

const NAMES = {
  ours: 'ours',
  oursApp: 'ours (createServer app.handle)',
  oursTsx: 'ours loaded through tsx (keepNames)',
  connect: 'connect 0.2.1',
  express: 'express-session 1.19 MemoryStore',
  expressPipeline: 'express-session 1.19',
} as const

const log = (line = ''): void => console.log(line)

// ---------------------------------------------------------------------------------------------------
// Data helpers

function md5hex(input: string): string {
  return createHash('md5').update(input).digest('hex')
}

/** A 28-hex-char id in the style of connect 0.2.1's utils.uid (four 7-digit chunks). */
function uidLike(random: () => number): string {
  let id = ''
  for (let n = 0; n < 4; n++) id += Math.floor(random() * 0xfffffff).toString(16).padStart(7, '0')
  return id
}

interface SessionRecord {
  id: string
  lastAccess: number
  views: number
}

function shuffleRange(order: Int32Array, from: number, to: number, random: () => number): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(random() * (i - from + 1))
    const tmp = order[i]!
    order[i] = order[j]!
    order[j] = tmp
  }
}

// ---------------------------------------------------------------------------------------------------
// Report shapes

interface ContenderResult extends Summary {
  error?: string
}

interface WorkloadReport {
  id: string
  title: string
  unit: string
  higherIsBetter: boolean
  results: Record<string, ContenderResult>
  /** ratio name -> value; for rates ours/competitor, for durations competitor/ours (both: >1 means ours is better). */
  ratios: Record<string, number>
  notes: string[]
  /** Share (0–1) of all cores' CPU time used by other processes while this workload ran. */
  otherCpuShare?: number
  extra?: Record<string, unknown>
}

function toWorkloadResults(measured: Measured): Record<string, ContenderResult> {
  const out: Record<string, ContenderResult> = {}
  for (const [name, values] of measured.values) {
    const result: ContenderResult = summarize(values)
    const error = measured.errors.get(name)
    if (error !== undefined) result.error = error
    out[name] = result
  }
  return out
}

function skipped(id: string, title: string, unit: string, higherIsBetter: boolean): WorkloadReport {
  return { id, title, unit, higherIsBetter, results: {}, ratios: {}, notes: ['not run (BENCH_ONLY)'] }
}

function medianOf(report: WorkloadReport, name: string): number {
  const r = report.results[name]
  return r && !r.error && r.runs.length > 0 ? r.median : Number.NaN
}

/** Share of the machine's CPU taken by other processes above which a workload is flagged. */
const BUSY_MACHINE = 0.1

/** measure() plus the share of the machine's CPU that other processes used meanwhile. */
async function measureWithContention(contenders: readonly Contender[]): Promise<Measured & { otherCpuShare: number }> {
  const probe = startContentionProbe()
  const measured = await measure(contenders, RUNS, log)
  return { ...measured, otherCpuShare: probe() }
}

/** Max/min above this for any contender marks a workload's figures as noisy. */
const NOISY_SPREAD = 1.3

function noisyContenders(report: WorkloadReport): string[] {
  return Object.entries(report.results)
    .filter(([, r]) => !r.error && r.runs.length > 1 && r.max / r.min > NOISY_SPREAD)
    .map(([name, r]) => `${name} (max/min ${(r.max / r.min).toFixed(2)})`)
}

function printWorkload(report: WorkloadReport): void {
  const rows = Object.entries(report.results).map(([name, r]) => [
    name,
    r.error ? 'FAILED' : formatNumber(r.median),
    r.error ? '' : `${formatNumber(r.min)} – ${formatNumber(r.max)}`,
  ])
  log()
  log(table([`${report.title}`, `median ${report.unit}`, 'min – max'], rows))
  for (const [name, value] of Object.entries(report.ratios)) log(`  ${name}: ${formatRatio(value)}`)
  const noisy = noisyContenders(report)
  const others = typeof report.otherCpuShare === 'number' ? report.otherCpuShare : 0
  if (noisy.length > 0) report.notes.push(`NOISY: run-to-run spread above ${NOISY_SPREAD}× for ${noisy.join(', ')}.`)
  if (others > BUSY_MACHINE) report.notes.push(`BUSY MACHINE: other processes used ${(others * 100).toFixed(0)}% of all cores' CPU time during this workload; re-run on a quiet machine before drawing conclusions.`)
  log(`  other processes' share of the machine's CPU during this workload: ${(others * 100).toFixed(1)}%`)
  for (const note of report.notes) log(`  note: ${note}`)
  for (const [name, r] of Object.entries(report.results)) if (r.error) log(`  ${name} FAILED: ${r.error}`)
}

// ---------------------------------------------------------------------------------------------------
// Per-contender code instances

type StoreLoops = typeof import('./store-loops.ts')
type HttpKit = typeof import('./fake-http.ts')

/**
 * A private instance of one of the bench's own modules for one contender (same file, distinct URL):
 * identical code, separate JIT feedback, so the timed loops and the driver stay monomorphic per
 * contender instead of being shared by every store and middleware in the process.
 */
async function isolated<T>(relative: string, contender: string): Promise<T> {
  return (await import(`${new URL(relative, import.meta.url).href}?contender=${encodeURIComponent(contender)}`)) as T
}

// ---------------------------------------------------------------------------------------------------
// a. set + get

/**
 * `ascending`: lastAccess never decreases from one set to the next, as when a server stamps "now" on each
 * save (the main variant). `random`: lastAccess values arrive in random order (informational; it
 * exercises a store that orders entries by lastAccess on its out-of-order path).
 */
async function workloadSetGet(
  variant: 'ascending' | 'random',
  ours: OurApi | undefined,
  connect: ReturnType<typeof loadConnect021>,
  express: ReturnType<typeof loadExpressSession> | undefined,
): Promise<WorkloadReport> {
  const n = SETGET_SESSIONS
  log()
  log(
    variant === 'ascending'
      ? `a. set+get: ${n.toLocaleString('en-US')} distinct md5-hex keys, set {id, lastAccess, views} each (lastAccess non-decreasing), then get each`
      : `a2. set+get as a, but lastAccess values in random order (informational)`,
  )
  const random = seededRandom(0xa11ce)
  const now = Date.now()
  const keys: string[] = []
  const values: SessionRecord[] = []
  let expectedViews = 0
  for (let i = 0; i < n; i++) {
    keys.push(md5hex(`set-get:${i}`))
    const views = i % 50
    expectedViews += views
    // ascending: n saves spread over the last 10 minutes, several per millisecond apart
    const lastAccess = variant === 'ascending' ? now - 10 * MINUTE + Math.floor((i / n) * 10 * MINUTE) : now - Math.floor(random() * MAX_AGE)
    values.push({ id: uidLike(random), lastAccess, views })
  }

  const syncContender = async (name: string, makeStore: () => import('./store-loops.ts').LoopStore & { close?(): void }): Promise<Contender> => {
    const loops = await isolated<StoreLoops>('./store-loops.ts', name)
    return {
      name,
      run(settle) {
        const store = makeStore()
        settle()
        const t0 = nowMs()
        const { hits, views } = loops.setThenGet(store, keys, values)
        const t1 = nowMs()
        store.close?.()
        if (hits !== n || views !== expectedViews) throw new Error(`verification failed: ${hits}/${n} hits, views sum ${views} (expected ${expectedViews})`)
        return n / ((t1 - t0) / 1000)
      },
    }
  }

  const contenders: Contender[] = []
  if (ours) contenders.push(await syncContender(NAMES.ours, () => new ours.MemoryStore({ reapInterval: -1 })))
  contenders.push(await syncContender(NAMES.connect, () => new connect.MemoryStore({ reapInterval: -1 })))
  if (express) contenders.push({
    name: NAMES.express,
    async run(settle) {
      const store = new express.MemoryStore()
      let hits = 0
      let views = 0
      settle()
      const t0 = nowMs()
      await new Promise<void>((resolve) => {
        let pending = n
        const onSet = (): void => {
          if (--pending === 0) resolve()
        }
        for (let i = 0; i < n; i++) store.set(keys[i]!, values[i]!, onSet)
      })
      await new Promise<void>((resolve) => {
        let pending = n
        const onGet = (_err: unknown, data?: unknown): void => {
          if (data) {
            hits++
            views += (data as SessionRecord).views
          }
          if (--pending === 0) resolve()
        }
        for (let i = 0; i < n; i++) store.get(keys[i]!, onGet)
      })
      const t1 = nowMs()
      if (hits !== n || views !== expectedViews) throw new Error(`verification failed: ${hits}/${n} hits, views sum ${views} (expected ${expectedViews})`)
      return n / ((t1 - t0) / 1000)
    },
  })

  const measured = await measureWithContention(contenders)
  const report: WorkloadReport = {
    id: variant === 'ascending' ? 'setGet' : 'setGetRandomLastAccess',
    title: variant === 'ascending' ? `a. set+get (${n.toLocaleString('en-US')} sessions)` : `a2. set+get, lastAccess in random order`,
    unit: 'pairs/s',
    higherIsBetter: true,
    results: toWorkloadResults(measured),
    otherCpuShare: measured.otherCpuShare,
    ratios: {},
    notes: [
      'ours: set stores a validated deep copy of plain data (and queues the entry for reaping), get returns a copy; connect 0.2.1 stores and returns the caller\'s object by reference.',
      `express-session MemoryStore: set JSON.stringify-s, get JSON.parse-s, and both call back via setImmediate; driven by issuing all ${n.toLocaleString('en-US')} sets, awaiting every callback, then all gets likewise (pairs/s includes the deferred callbacks).`,
      'ours and connect run the same synchronous loop (bench/store-loops.ts), each from its own module instance so neither sees the other\'s store class at its call sites.',
    ],
  }
  report.ratios['ours / connect 0.2.1'] = medianOf(report, NAMES.ours) / medianOf(report, NAMES.connect)
  if (express) report.ratios['ours / express-session'] = medianOf(report, NAMES.ours) / medianOf(report, NAMES.express)
  else report.notes.splice(1, 1)
  printWorkload(report)
  if (express) {
    const verdict = target('set+get: ours / express-session MemoryStore', report.ratios['ours / express-session'] ?? Number.NaN, TARGETS.setGetVsExpress, '×')
    log(`  target: ours ≥ ${formatRatio(TARGETS.setGetVsExpress)} express-session's MemoryStore (both copy): ${formatRatio(verdict.value)}, ${verdict.status}`)
    log(`  for the record: ours / connect 0.2.1 (which keeps the caller's object, no copy): ${formatRatio(report.ratios['ours / connect 0.2.1'] ?? Number.NaN)}`)
  }
  return report
}

// ---------------------------------------------------------------------------------------------------
// b. reap

interface ReapData {
  n: number
  staleCount: number
  freshCount: number
  t0: number
  keys: string[]
  records: SessionRecord[]
  /** rank of each record: ranks below staleCount are stale */
  realisticOrder: Int32Array
  shuffledOrder: Int32Array
}

function buildReapData(): ReapData {
  const n = REAP_SESSIONS
  const staleCount = Math.round(n * STALE_FRACTION)
  const random = seededRandom(0x5eed)
  const t0 = Date.now()
  const keys: string[] = new Array<string>(n)
  const records: SessionRecord[] = new Array<SessionRecord>(n)
  // Records are ranked by lastAccess: the oldest 1% idle for 10 min – 2 h longer than maxAge, the
  // rest touched within the last maxAge − 30 min. The 10 and 30 minute margins keep the split the
  // same for connect 0.2.1, whose reap() reads the real clock, however long the bench takes.
  const staleSpan = 2 * 60 * MINUTE - 10 * MINUTE
  const freshSpan = MAX_AGE - 30 * MINUTE
  for (let rank = 0; rank < n; rank++) {
    let lastAccess: number
    if (rank < staleCount) lastAccess = t0 - MAX_AGE - 2 * 60 * MINUTE + Math.floor(((rank + random()) / staleCount) * staleSpan)
    else lastAccess = t0 - freshSpan + Math.floor(((rank - staleCount + random()) / (n - staleCount)) * freshSpan)
    keys[rank] = md5hex(`reap:${rank}`)
    records[rank] = { id: uidLike(random), lastAccess, views: rank % 20 }
  }
  // Realistic: sessions created over time, so oldest roughly first, shuffled within small windows
  // (some of which straddle the stale/fresh boundary).
  const realisticOrder = new Int32Array(n)
  for (let i = 0; i < n; i++) realisticOrder[i] = i
  for (let from = 0; from < n; from += SHUFFLE_WINDOW) shuffleRange(realisticOrder, from, Math.min(n, from + SHUFFLE_WINDOW), random)
  const shuffledOrder = new Int32Array(n)
  for (let i = 0; i < n; i++) shuffledOrder[i] = i
  shuffleRange(shuffledOrder, 0, n, random)
  return { n, staleCount, freshCount: n - staleCount, t0, keys, records, realisticOrder, shuffledOrder }
}

async function workloadReap(
  data: ReapData,
  order: Int32Array,
  variant: 'realistic' | 'shuffled',
  ours: OurApi | undefined,
  connect: ReturnType<typeof loadConnect021>,
  express: ReturnType<typeof loadExpressSession> | undefined,
): Promise<WorkloadReport> {
  const fillMs = new Map<string, number[]>()
  const recordFill = (name: string, ms: number): void => {
    if (!fillMs.has(name)) fillMs.set(name, [])
    fillMs.get(name)!.push(ms)
  }
  const fill = (loops: StoreLoops, store: import('./store-loops.ts').LoopStore): number => {
    const t = nowMs()
    loops.fillInOrder(store, data.keys, data.records, order)
    return nowMs() - t
  }
  // A forced full GC leaves V8's sweeper finishing in the background; a reap timed at once would pay for it
  // page by page. Both contenders wait the same pause, as a reaper firing on a timer in a live server would.
  const afterSweep = () => new Promise<void>((resolve) => setTimeout(resolve, 250))
  const verify = (loops: StoreLoops, store: import('./store-loops.ts').LoopStore): void => {
    const { staleLeft, freshLost } = loops.checkReap(store, data.keys, data.staleCount)
    if (staleLeft > 0 || freshLost > 0) throw new Error(`reap verification failed: ${staleLeft} stale session(s) left, ${freshLost} fresh session(s) removed`)
  }
  /** Fills a store, lets the machine settle, times one reap of it and checks what the reap removed. */
  const timedReap = async (name: string, loops: StoreLoops, store: import('./store-loops.ts').LoopStore & { reap(maxAge: number): void }, settle: () => void): Promise<number> => {
    recordFill(name, fill(loops, store))
    settle()
    await afterSweep()
    const t = nowMs()
    store.reap(MAX_AGE)
    const ms = nowMs() - t
    verify(loops, store)
    return ms
  }

  const contenders: Contender[] = []
  if (ours) {
    const clock: BenchClock = { now: () => data.t0, setInterval: () => 0, clearInterval: () => {} }
    const loops = await isolated<StoreLoops>('./store-loops.ts', `${NAMES.ours}/${variant}`)
    contenders.push({
      name: NAMES.ours,
      async run(settle) {
        const store = new ours.MemoryStore({ reapInterval: -1, clock })
        const ms = await timedReap(NAMES.ours, loops, store, settle)
        store.close()
        return ms
      },
    })
  }
  const connectLoops = await isolated<StoreLoops>('./store-loops.ts', `${NAMES.connect}/${variant}`)
  contenders.push({
    name: NAMES.connect,
    run: (settle) => timedReap(NAMES.connect, connectLoops, new connect.MemoryStore({ reapInterval: -1 }), settle),
  })
  const expressName = `${NAMES.express}: all() prune (not a reap)`
  if (express) {
    contenders.push({
      name: expressName,
      async run(settle) {
        const store = new express.MemoryStore()
        const tf = nowMs()
        for (let i = 0; i < data.n; i++) {
          const rank = order[i]!
          const r = data.records[rank]!
          store.set(data.keys[rank]!, {
            id: r.id,
            lastAccess: r.lastAccess,
            views: r.views,
            cookie: { originalMaxAge: MAX_AGE, expires: new Date(r.lastAccess + MAX_AGE).toISOString(), httpOnly: true, path: '/' },
          })
        }
        recordFill(expressName, nowMs() - tf)
        settle()
        const t = nowMs()
        const live = await new Promise<Record<string, unknown>>((resolve, reject) => {
          store.all((err, sessions) => (err ? reject(err as Error) : resolve(sessions ?? {})))
        })
        const ms = nowMs() - t
        const liveCount = Object.keys(live).length
        const heldCount = Object.keys(store.sessions).length
        if (liveCount !== data.freshCount || heldCount !== data.freshCount) {
          throw new Error(`prune verification failed: all() returned ${liveCount}, store holds ${heldCount}, expected ${data.freshCount}`)
        }
        return ms
      },
    })
  }

  const n = data.n.toLocaleString('en-US')
  const title =
    variant === 'realistic'
      ? `b. one reap over ${n} sessions, ${data.staleCount.toLocaleString('en-US')} stale (insertion oldest-first, shuffled in windows of ${SHUFFLE_WINDOW})`
      : `b2. one reap over ${n} sessions, ${data.staleCount.toLocaleString('en-US')} stale, fully shuffled insertion order (informational)`
  log()
  log(title)
  const measured = await measureWithContention(contenders)
  const report: WorkloadReport = {
    id: variant === 'realistic' ? 'reap' : 'reapShuffled',
    title: variant === 'realistic' ? `b. reap (${n} sessions, 1% stale)` : `b2. reap, shuffled insertion (${n}, 1% stale)`,
    unit: 'ms',
    higherIsBetter: false,
    results: toWorkloadResults(measured),
    otherCpuShare: measured.otherCpuShare,
    ratios: {},
    notes: [
      `maxAge ${MAX_AGE} ms. ours: store.reap(maxAge) on a store whose clock is fixed at the data's "now"; connect 0.2.1: MemoryStore#reap(maxAge), which reads the real clock (data margins keep the split identical). Every run refills a fresh store (fill not timed), times one reap, then checks every key (stale gone, fresh kept).`,
      'ours keeps an expiry queue ordered by lastAccess, maintained on every set: the reap cost is paid partly at set time. That cost is inside workload a (set+get) and shows in the untimed fill times below; connect 0.2.1 scans every key on each reap.',
    ],
    extra: {
      fillMs: Object.fromEntries([...fillMs].map(([name, values]) => [name, summarize(values)])),
      staleCount: data.staleCount,
      freshCount: data.freshCount,
    },
  }
  if (express) {
    report.notes.push(
      'express-session MemoryStore has no reap: it drops expired entries lazily on get, and all()/length() JSON.parse every entry and delete the expired ones while building the full live-session map. Its all() is timed here (call to deferred callback) with entries carrying cookie.expires = lastAccess + maxAge. It does more than a reap, so its ratio is informational, not a like-for-like reap.',
    )
  }
  report.ratios['speed-up vs connect 0.2.1 (connect ms / ours ms)'] = medianOf(report, NAMES.connect) / medianOf(report, NAMES.ours)
  if (express) report.ratios['speed-up vs express-session all() prune (its ms / ours ms)'] = medianOf(report, expressName) / medianOf(report, NAMES.ours)
  printWorkload(report)
  log(`  untimed fill, median ms: ${[...fillMs].map(([name, values]) => `${name} ${formatNumber(summarize(values).median)}`).join('; ')}`)
  return report
}

// ---------------------------------------------------------------------------------------------------
// c. pipeline

interface Client {
  userAgent: string
  socket: { remoteAddress: string }
  /** `connect.sid=<value>` as received in the first response's Set-Cookie */
  cookie: string
}

const COOKIE_NAME = 'connect.sid'

function baseClients(): Omit<Client, 'cookie'>[] {
  const out: Omit<Client, 'cookie'>[] = []
  for (let i = 0; i < CLIENTS; i++) {
    out.push({
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.${6478 + i}.126 Safari/537.36`,
      socket: { remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    })
  }
  return out
}

/** First visit of every client (no cookie): keeps the session cookie it is given. */
async function firstVisits(kit: HttpKit, handle: Handle, base: Omit<Client, 'cookie'>[]): Promise<Client[]> {
  const clients: Client[] = []
  const responses: InstanceType<HttpKit['FakeResponse']>[] = []
  await kit.driveBatches(base.length, BATCH, (i, onEnd) => {
    const res = new kit.FakeResponse(onEnd)
    responses[i] = res
    handle(kit.makeRequest(base[i]!, undefined), res)
  })
  for (let i = 0; i < base.length; i++) {
    const pair = kit.cookiePair(responses[i]!.setCookies, COOKIE_NAME)
    if (!pair) throw new Error(`first visit of client ${i} got no ${COOKIE_NAME} cookie (status ${responses[i]!.statusCode}, Set-Cookie ${JSON.stringify(responses[i]!.setCookies)})`)
    clients.push({ ...base[i]!, cookie: pair })
  }
  return clients
}

/** Two more visits per client: each must load the stored session (views +1) and keep the same cookie. */
async function verifyReturning(kit: HttpKit, handle: Handle, clients: Client[]): Promise<string[]> {
  const problems: string[] = []
  const views: (number | undefined)[][] = [[], []]
  for (let round = 0; round < 2; round++) {
    const requests: BenchRequest[] = []
    const responses: InstanceType<HttpKit['FakeResponse']>[] = []
    await kit.driveBatches(clients.length, BATCH, (i, onEnd) => {
      const req = kit.makeRequest(clients[i]!)
      const res = new kit.FakeResponse(onEnd)
      requests[i] = req
      responses[i] = res
      handle(req, res)
    })
    for (let i = 0; i < clients.length; i++) {
      const res = responses[i]!
      const session = requests[i]!.session as { views?: number } | undefined
      views[round]![i] = session?.views
      const pair = kit.cookiePair(res.setCookies, COOKIE_NAME)
      if (res.statusCode !== 200) problems.push(`client ${i}: status ${res.statusCode}`)
      if (pair !== clients[i]!.cookie) problems.push(`client ${i}: Set-Cookie ${pair ?? '(none)'} differs from the cookie sent (${clients[i]!.cookie})`)
    }
  }
  for (let i = 0; i < clients.length; i++) {
    const [a, b] = [views[0]![i], views[1]![i]]
    if (typeof a !== 'number' || a < 2 || b !== a + 1) problems.push(`client ${i}: views ${String(a)} then ${String(b)} (expected a returning session: n ≥ 2, then n+1)`)
  }
  return problems.slice(0, 10).concat(problems.length > 10 ? [`… ${problems.length - 10} more`] : [])
}

async function workloadPipeline(ours: OurApi | undefined, oursTsx: OurApi | undefined, connect: ReturnType<typeof loadConnect021>, express: ReturnType<typeof loadExpressSession>): Promise<WorkloadReport> {
  log()
  log(`c. pipeline, returning clients: ${CLIENTS} clients round-robin, ${PIPELINE_REQUESTS.toLocaleString('en-US')} requests per run, batches of ${BATCH} (one awaited promise per batch)`)
  const base = baseClients()

  // Each pipeline gets its own instance of the driver module (chain, request/response objects, handler).
  const pipelines: { name: string; kit: HttpKit; handle: Handle }[] = []
  const add = async (name: string, build: (kit: HttpKit) => Handle): Promise<void> => {
    const kit = await isolated<HttpKit>('./fake-http.ts', name)
    pipelines.push({ name, kit, handle: build(kit) })
  }
  if (ours) {
    await add(NAMES.ours, (kit) => kit.chain([ours.cookieDecoder(), ours.session({ store: new ours.MemoryStore({ reapInterval: -1 }) }), kit.viewsHandler]))
    await add(NAMES.oursApp, (kit) => {
      const app = ours.createServer(ours.cookieDecoder(), ours.session({ store: new ours.MemoryStore({ reapInterval: -1 }) }), kit.viewsHandler)
      return (req, res) => void app.handle(req, res)
    })
  }
  if (oursTsx) {
    await add(NAMES.oursTsx, (kit) => kit.chain([oursTsx.cookieDecoder(), oursTsx.session({ store: new oursTsx.MemoryStore({ reapInterval: -1 }) }), kit.viewsHandler]))
  }
  // connect 0.2.1's session() assigns its store to an implicit global: exactly one is created here.
  await add(NAMES.connect, (kit) => kit.chain([connect.cookieDecoder(), connect.session({ store: new connect.MemoryStore({ reapInterval: -1 }) }), kit.viewsHandler]))
  await add(NAMES.expressPipeline, (kit) =>
    kit.chain([
      express.session({
        secret: 'bench secret',
        store: new express.MemoryStore(),
        resave: false,
        saveUninitialized: true,
        rolling: true,
        cookie: { maxAge: MAX_AGE },
      }),
      kit.viewsHandler,
    ]),
  )

  const failedSetup: Record<string, string> = {}
  const prepared: { name: string; kit: HttpKit; handle: Handle; clients: Client[] }[] = []
  for (const p of pipelines) {
    try {
      prepared.push({ ...p, clients: await firstVisits(p.kit, p.handle, base) })
    } catch (err) {
      failedSetup[p.name] = err instanceof Error ? err.message : String(err)
      log(`    setup    ${p.name.padEnd(38)} FAILED: ${failedSetup[p.name]}`)
    }
  }
  const contenders: Contender[] = prepared.map(({ name, kit, handle, clients }) => ({
    name,
    async run(settle) {
      const errorsBefore = kit.driverErrors.count
      settle()
      const t0 = nowMs()
      const { nonOk } = await kit.runReturning(handle, clients, PIPELINE_REQUESTS, BATCH)
      const t1 = nowMs()
      if (nonOk > 0) throw new Error(`${nonOk} response(s) were not 200; first middleware error: ${String(kit.driverErrors.first)}`)
      if (kit.driverErrors.count !== errorsBefore) throw new Error(`middleware errors: ${kit.driverErrors.count - errorsBefore}; first: ${String(kit.driverErrors.first)}`)
      return PIPELINE_REQUESTS / ((t1 - t0) / 1000)
    },
  }))

  const measured = await measureWithContention(contenders)
  const verification: Record<string, string[]> = {}
  for (const { name, kit, handle, clients } of prepared) verification[name] = await verifyReturning(kit, handle, clients)

  const report: WorkloadReport = {
    id: 'pipeline',
    title: 'c. pipeline, returning clients',
    unit: 'req/s',
    higherIsBetter: true,
    results: toWorkloadResults(measured),
    otherCpuShare: measured.otherCpuShare,
    ratios: {},
    notes: [
      'Same hand-written connect-style chain, in-memory request/response objects, handler and batch driver (bench/fake-http.ts) for every pipeline, each pipeline running its own module instance of that code (identical source, separate JIT feedback). Every request is a store hit (checked after the timed runs: views n → n+1 and the same cookie re-issued). Fresh request/response objects per request (connect 0.2.1 deletes req.headers.cookie and hooks res.writeHead).',
      '"ours" is src/connect compiled to plain JS by the TypeScript compiler (bench/build-ours.ts), as connect 0.2.1 runs as plain JS. "ours loaded through tsx" is the same source under tsx, whose esbuild keepNames adds an Object.defineProperty per named closure created (ours creates its response hooks per request); informational.',
      'connect 0.2.1 cookieDecoder defers to process.nextTick whenever a Cookie header is present; ours is synchronous. That difference is part of what is measured.',
      'express-session (informational): no cookieDecoder layer (it parses and HMAC-verifies the signed cookie itself); resave:false, saveUninitialized:true, rolling:true, cookie.maxAge 4 h, so like connect 0.2.1 it saves the changed session and re-issues the cookie on every response; its store defers callbacks with setImmediate and end() waits for the save.',
    ],
    extra: { verification, failedSetup },
  }
  report.ratios['ours / connect 0.2.1'] = medianOf(report, NAMES.ours) / medianOf(report, NAMES.connect)
  report.ratios['ours / express-session'] = medianOf(report, NAMES.ours) / medianOf(report, NAMES.expressPipeline)
  if (ours) report.ratios['ours via createServer / connect 0.2.1'] = medianOf(report, NAMES.oursApp) / medianOf(report, NAMES.connect)
  if (oursTsx) report.ratios['ours through tsx / connect 0.2.1'] = medianOf(report, NAMES.oursTsx) / medianOf(report, NAMES.connect)
  printWorkload(report)
  for (const [name, problems] of Object.entries(verification)) {
    log(`  returning-client check, ${name}: ${problems.length === 0 ? 'ok (every request a store hit, cookie kept)' : 'FAILED'}`)
    for (const p of problems) log(`    ${p}`)
  }
  for (const [name, reason] of Object.entries(failedSetup)) log(`  ${name}: setup FAILED: ${reason}`)
  return report
}

// ---------------------------------------------------------------------------------------------------
// main

interface TargetResult {
  name: string
  value: number
  threshold: number
  unit: string
  status: 'PASS' | 'FAIL' | 'NOT EVALUATED'
}

function target(name: string, value: number, threshold: number, unit: string): TargetResult {
  return { name, value, threshold, unit, status: Number.isFinite(value) ? (value >= threshold ? 'PASS' : 'FAIL') : 'NOT EVALUATED' }
}

async function main(): Promise<void> {
  const started = nowMs()
  const machine = machineFacts()
  log('SessionScope library bench')
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB RAM; node ${machine.node} (V8 ${machine.v8}); ${machine.platform}; gc exposed: ${machine.gcExposed}`)
  log(`load average (1 min) at start: ${machine.loadAverageAtStart} (includes any earlier runs; each workload reports the CPU share other processes took while it ran)`)
  log(`method: 1 warm-up + ${RUNS} timed runs per contender, starting contender rotated per round, full GC before each timed section; median and min–max${SCALE !== 1 ? `; BENCH_SCALE=${SCALE} (targets refer to scale 1)` : ''}`)

  const connect = loadConnect021()
  const express = loadExpressSession()
  log(`competitors: connect ${connect.version} (middleware/session.js, session/memory.js, cookieDecoder.js loaded directly; index.js not loaded, Object.prototype patched: ${objectPrototypePatched()}), express-session ${express.version}`)
  // ours as it would ship (plain JS, see build-ours.ts), and the same source loaded through tsx.
  let oursBuilt: OursLoad
  let oursSnapshot: { sourceDigest: string; newestSourceMtime: string; modules: number } | undefined
  try {
    const built = buildOurs(OURS_PATH)
    try {
      oursSnapshot = { sourceDigest: built.sourceDigest, newestSourceMtime: built.newestSourceMtime, modules: built.modules }
      oursBuilt = await loadOurs(
        built.entryUrl,
        `${OURS_PATH} compiled to plain JS by the TypeScript compiler (${built.modules} modules, ES2022, no keepNames; source snapshot ${built.sourceDigest}, newest file ${built.newestSourceMtime})`,
      )
    } finally {
      built.cleanup()
    }
  } catch (err) {
    oursBuilt = { ok: false, path: OURS_PATH, reason: `compiling for the bench failed: ${err instanceof Error ? err.message : String(err)}` }
  }
  const oursTsxLoad = await loadOurs(OURS_SOURCE_URL, `${OURS_PATH} through tsx`)
  const oursLoad = oursBuilt.ok ? oursBuilt : oursTsxLoad
  const ours = oursLoad.ok ? oursLoad.api : undefined
  const oursTsx = oursBuilt.ok && oursTsxLoad.ok ? oursTsxLoad.api : undefined
  log(oursBuilt.ok ? `ours: ${oursBuilt.path} (contract probes ok)` : `ours, compiled: UNAVAILABLE: ${oursBuilt.reason}`)
  if (!oursBuilt.ok) log(oursTsxLoad.ok ? `ours: falling back to ${oursTsxLoad.path} (contract probes ok)` : `ours through tsx: UNAVAILABLE: ${oursTsxLoad.reason}`)

  const setGet = ONLY.has('a') ? await workloadSetGet('ascending', ours, connect, express) : skipped('setGet', 'a. set+get', 'pairs/s', true)
  const setGetRandom = ONLY.has('a') ? await workloadSetGet('random', ours, connect, undefined) : skipped('setGetRandomLastAccess', 'a2. set+get', 'pairs/s', true)
  // The 1M-session data set lives only while workload b runs.
  const runReap = async (): Promise<readonly [WorkloadReport, WorkloadReport]> => {
    const reapData = buildReapData()
    const realistic = await workloadReap(reapData, reapData.realisticOrder, 'realistic', ours, connect, express)
    const shuffled = await workloadReap(reapData, reapData.shuffledOrder, 'shuffled', ours, connect, undefined)
    return [realistic, shuffled]
  }
  const [reap, reapShuffled] = ONLY.has('b')
    ? await runReap()
    : [skipped('reap', 'b. reap', 'ms', false), skipped('reapShuffled', 'b2. reap, shuffled insertion', 'ms', false)]
  const pipeline = ONLY.has('c') ? await workloadPipeline(ours, oursTsx, connect, express) : skipped('pipeline', 'c. pipeline, returning clients', 'req/s', true)

  const reapSpeedup = medianOf(reap, NAMES.connect) / medianOf(reap, NAMES.ours)
  const targets: TargetResult[] = [
    target('set+get: ours / express-session MemoryStore', setGet.ratios['ours / express-session'] ?? Number.NaN, TARGETS.setGetVsExpress, '×'),
    target('reap: connect 0.2.1 time / ours time', reapSpeedup, TARGETS.reapSpeedupVsConnect, '×'),
    target('pipeline: ours req/s', medianOf(pipeline, NAMES.ours), TARGETS.pipelineRps, 'req/s'),
    target('pipeline: ours / connect 0.2.1', pipeline.ratios['ours / connect 0.2.1'] ?? Number.NaN, TARGETS.pipelineVsConnect, '×'),
  ]

  // Closing table
  const cell = (report: WorkloadReport, name: string): string => {
    const v = medianOf(report, name)
    return Number.isFinite(v) ? `${formatNumber(v)} ${report.unit}` : report.results[name]?.error ? 'FAILED' : 'n/a'
  }
  const rows: string[][] = [
    [`a. set+get, ${SETGET_SESSIONS.toLocaleString('en-US')} sessions`, cell(setGet, NAMES.ours), cell(setGet, NAMES.connect), formatRatio(setGet.ratios['ours / connect 0.2.1'] ?? Number.NaN), cell(setGet, NAMES.express), formatRatio(setGet.ratios['ours / express-session'] ?? Number.NaN)],
    ['a2. same, lastAccess in random order', cell(setGetRandom, NAMES.ours), cell(setGetRandom, NAMES.connect), formatRatio(setGetRandom.ratios['ours / connect 0.2.1'] ?? Number.NaN), 'n/a', ''],
    [`b. one reap, ${REAP_SESSIONS.toLocaleString('en-US')} sessions, 1% stale`, cell(reap, NAMES.ours), cell(reap, NAMES.connect), `${formatRatio(reapSpeedup)} faster`, `${cell(reap, `${NAMES.express}: all() prune (not a reap)`)} (all() prune)`, `${formatRatio(reap.ratios['speed-up vs express-session all() prune (its ms / ours ms)'] ?? Number.NaN)} faster`],
    ['b2. same, fully shuffled insertion', cell(reapShuffled, NAMES.ours), cell(reapShuffled, NAMES.connect), `${formatRatio(reapShuffled.ratios['speed-up vs connect 0.2.1 (connect ms / ours ms)'] ?? Number.NaN)} faster`, 'n/a', ''],
    ['c. pipeline, returning clients', cell(pipeline, NAMES.ours), cell(pipeline, NAMES.connect), formatRatio(pipeline.ratios['ours / connect 0.2.1'] ?? Number.NaN), cell(pipeline, NAMES.expressPipeline), formatRatio(pipeline.ratios['ours / express-session'] ?? Number.NaN)],
    ['c. (ours via createServer)', cell(pipeline, NAMES.oursApp), cell(pipeline, NAMES.connect), formatRatio(pipeline.ratios['ours via createServer / connect 0.2.1'] ?? Number.NaN), '', ''],
    ['c. (ours loaded through tsx)', cell(pipeline, NAMES.oursTsx), cell(pipeline, NAMES.connect), formatRatio(pipeline.ratios['ours through tsx / connect 0.2.1'] ?? Number.NaN), '', ''],
  ]
  log()
  log('Summary (medians)')
  log(table(['workload', 'ours', 'connect 0.2.1', 'ours vs connect', 'express-session', 'ours vs express'], rows))
  log()
  log(`set+get against connect 0.2.1, reported for honesty (not a target; it copies nothing): ${formatRatio(setGet.ratios['ours / connect 0.2.1'] ?? Number.NaN)}`)
  log()
  log('Targets')
  log(
    table(
      ['target', 'measured', 'threshold', 'result'],
      targets.map((t) => [t.name, t.unit === '×' ? formatRatio(t.value) : `${formatNumber(t.value)} ${t.unit}`, t.unit === '×' ? `≥ ${formatRatio(t.threshold)}` : `≥ ${formatNumber(t.threshold)} ${t.unit}`, t.status]),
    ),
  )

  const reportsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'reports')
  mkdirSync(reportsDir, { recursive: true })
  const file = path.join(reportsDir, 'bench-library.json')
  const json = {
    generatedAt: new Date().toISOString(),
    machine,
    config: {
      runs: RUNS,
      warmupRuns: 1,
      scale: SCALE,
      setGetSessions: SETGET_SESSIONS,
      reapSessions: REAP_SESSIONS,
      staleFraction: STALE_FRACTION,
      maxAgeMs: MAX_AGE,
      shuffleWindow: SHUFFLE_WINDOW,
      pipeline: { clients: CLIENTS, requestsPerRun: PIPELINE_REQUESTS, batch: BATCH },
    },
    competitors: { connect: connect.version, expressSession: express.version },
    ours: oursLoad.ok ? { path: oursLoad.path, ok: true } : { path: oursLoad.path, ok: false, reason: oursLoad.reason },
    oursSourceSnapshot: oursSnapshot ?? null,
    oursThroughTsx: oursTsxLoad.ok ? { path: oursTsxLoad.path, ok: true } : { path: oursTsxLoad.path, ok: false, reason: oursTsxLoad.reason },
    workloads: { setGet, setGetRandomLastAccess: setGetRandom, reap, reapShuffled, pipeline },
    targets,
    durationSeconds: Math.round((nowMs() - started) / 100) / 10,
    loadAverageAtEnd: loadAverage(),
  }
  writeFileSync(file, JSON.stringify(json, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n')
  log()
  log(`load average (1 min) at end: ${json.loadAverageAtEnd}`)
  log(`wrote ${path.relative(process.cwd(), file)} (${json.durationSeconds} s total)`)
}

await main()

/**
 * npm run bench (second half): the simulator's budgets from DESIGN.md, measured in one process.
 *  a. 1,000,000 requests from 10,000 browsers through the world with the trace on, against the bare library
 *     pipeline (same library, same request/response objects, no world) measured in the same run;
 *  b. 24 h of virtual time with 10,000 live sessions and reapInterval 1 s;
 *  c. seek to random instants of a 100,000-request history;
 *  d. peak heap of the 1,000,000-request run with the default trace cap, in a child process whose heap is capped.
 *
 * Both sides run src/ compiled to plain JavaScript (bench/build-ours.ts: the TypeScript compiler, no keepNames),
 * the world from the compiled src/sim/index.js and the bare pipeline from the compiled src/connect/index.js, which
 * the compiled simulator imports too (one library instance). Under tsx, esbuild's keepNames would add an
 * Object.defineProperty per closure created, which the world creates more of than the bare loop, so the overhead
 * would measure tsx rather than the simulator. The temp dir is removed when the bench ends.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { App } from '../src/connect/index.ts'
import type { World } from '../src/sim/index.ts'
import { buildOurs } from './build-ours.ts'
import { collectGarbage, formatNumber, formatRatio, machineFacts, nowMs, seededRandom, summarize, table } from './harness.ts'

const scale = Number(process.env.BENCH_SCALE ?? 1)
const REQUESTS = Math.round(1_000_000 * scale)
const BROWSERS = Math.round(10_000 * scale) || 1
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const log = (line: string) => console.log(line)
// The heap child gets the parent's compiled modules through this variable instead of compiling its own.
const BUILT_ENV = 'SESSIONSCOPE_SIM_BENCH_BUILT'

type SimApi = typeof import('../src/sim/index.ts')
type ConnectApi = typeof import('../src/connect/index.ts')
// Set by load() before any workload runs: the compiled modules.
let sim: SimApi
let connect: ConnectApi

async function load(urls: { sim: string; connect: string }): Promise<void> {
  sim = (await import(urls.sim)) as SimApi
  connect = (await import(urls.connect)) as ConnectApi
}

function browsersOf(world: World, n: number): string[] {
  const names: string[] = []
  for (let i = 0; i < n; i++) {
    const name = `b${i}`
    world.addBrowser({ name, userAgent: `Agent/${i % 7}`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` })
    names.push(name)
  }
  return names
}

/** a. Requests per second through the world (trace on, default cap). */
function worldRun(requests: number, browsers: number): { rate: number; world: World } {
  const world = sim.createWorld({ seed: 7 })
  const names = browsersOf(world, browsers)
  collectGarbage()
  const t0 = nowMs()
  for (let i = 0; i < requests; i++) {
    world.dispatch(names[i % browsers] as string, { path: '/' })
    // A request every 10 virtual ms on average, so reaps and cookie expiry happen as in a live world.
    if (i % 100 === 99) world.advance(1_000)
  }
  const ms = nowMs() - t0
  if (world.inFlight() !== 0) throw new Error('requests left in flight')
  return { rate: requests / (ms / 1000), world }
}

/** a'. The same traffic through the bare library: the demo app on in-memory objects, clients keeping their cookie. */
function bareRun(requests: number, browsers: number): number {
  const { cookieDecoder, createServer, MemoryStore, session } = connect
  const { demoApp, SeededRandom, seededGenid, SimRequest, SimResponse, VirtualClock } = sim
  const clock = new VirtualClock(Date.UTC(2010, 6, 9, 12))
  const store = new MemoryStore({ clock })
  const genid = seededGenid(new SeededRandom(7))
  const app: App = createServer(cookieDecoder(), session({ store, clock, genid }), demoApp())
  const cookies: (string | undefined)[] = new Array(browsers)
  collectGarbage()
  const t0 = nowMs()
  for (let i = 0; i < requests; i++) {
    const b = i % browsers
    const cookie = cookies[b]
    const req = new SimRequest({ url: '/', headers: cookie === undefined ? { 'user-agent': `Agent/${b % 7}` } : { cookie, 'user-agent': `Agent/${b % 7}` }, remoteAddress: `10.0.${(b >> 8) & 255}.${b & 255}` })
    const res = new SimResponse()
    app.handle(req, res)
    const set = res.setCookies()[0]
    if (set !== undefined) cookies[b] = set.slice(0, set.indexOf(';'))
    if (i % 100 === 99) clock.advance(1_000)
  }
  const ms = nowMs() - t0
  store.close()
  return requests / (ms / 1000)
}

/** b. Wall time of advancing 24 h with 10,000 live sessions and a 1 s reaper. */
function dayRun(sessions: number): number {
  // maxAge longer than the day, so all sessions stay live while the reaper runs 86,400 times.
  const world = sim.createWorld({ seed: 3, reapInterval: 1_000, maxAge: 25 * 3_600_000 })
  const names = browsersOf(world, sessions)
  for (const name of names) world.dispatch(name, { path: '/' })
  if (world.sessions().length !== sessions) throw new Error('sessions were not all created')
  collectGarbage()
  const t0 = nowMs()
  world.advance(24 * 3_600_000)
  const ms = nowMs() - t0
  if (world.sessions().length !== sessions) throw new Error('live sessions were lost during the day')
  return ms
}

/** c. Median and p90 ms of a seek to a random instant of a 100,000-request history. */
function seekRun(requests: number, browsers: number, seeks: number): { median: number; p90: number; max: number } {
  const world = sim.createWorld({ seed: 11 })
  const names = browsersOf(world, browsers)
  for (let i = 0; i < requests; i++) {
    world.dispatch(names[i % browsers] as string, { path: '/' })
    if (i % 10 === 9) world.advance(1_000)
  }
  const { earliest, latest } = world.history()
  const random = seededRandom(5)
  const times: number[] = []
  for (let i = 0; i < seeks; i++) {
    const target = Math.floor(earliest + random() * (latest - earliest))
    const t0 = nowMs()
    world.seek(target)
    times.push(nowMs() - t0)
    if (world.now() !== target) throw new Error(`seek landed at ${world.now()}, not ${target}`)
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { median: summarize(times).median, p90: sorted[Math.floor(sorted.length * 0.9)] as number, max: sorted.at(-1) as number }
}

/** d. Runs the 1M-request world in a child with a capped heap and reports its sampled peak. */
function heapRun(capMb: number, built: string): { ok: boolean; peakHeapMb: number; liveAfterGcMb: number; detail: string } {
  const script = fileURLToPath(import.meta.url)
  const child = spawnSync(process.execPath, [`--max-old-space-size=${capMb}`, '--expose-gc', '--import', 'tsx', script, '--heap-child'], {
    encoding: 'utf8',
    env: { ...process.env, [BUILT_ENV]: built },
    timeout: 600_000,
  })
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('HEAP '))
  if (child.status !== 0 || line === undefined) {
    return { ok: false, peakHeapMb: Number.NaN, liveAfterGcMb: Number.NaN, detail: (child.stderr ?? '').split('\n').slice(-5).join(' ') }
  }
  const [, peak, live] = line.split(' ')
  return { ok: true, peakHeapMb: Number(peak), liveAfterGcMb: Number(live), detail: '' }
}

function heapChild(): void {
  const world = sim.createWorld({ seed: 7 })
  const names = browsersOf(world, BROWSERS)
  let peak = 0
  for (let i = 0; i < REQUESTS; i++) {
    world.dispatch(names[i % BROWSERS] as string, { path: '/' })
    if (i % 100 === 99) world.advance(1_000)
    if (i % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed)
  collectGarbage()
  const live = process.memoryUsage().heapUsed
  console.log(`HEAP ${(peak / 2 ** 20).toFixed(1)} ${(live / 2 ** 20).toFixed(1)} ${world.traceStats().size}`)
}

async function main(): Promise<void> {
  const built = buildOurs(['src/sim/index.ts', 'src/connect/index.ts'], 'src')
  try {
    const [simUrl, connectUrl] = built.entryUrls as [string, string]
    await load({ sim: simUrl, connect: connectUrl })
    log(`src/sim and src/connect compiled to plain JS (${built.modules} modules, no keepNames; source snapshot ${built.sourceDigest})`)
    measure(JSON.stringify({ sim: simUrl, connect: connectUrl }), { modules: built.modules, sourceDigest: built.sourceDigest, newestSourceMtime: built.newestSourceMtime })
  } finally {
    built.cleanup()
  }
}

function measure(built: string, compiled: { modules: number; sourceDigest: string; newestSourceMtime: string }): void {
  const machine = machineFacts()
  log(`SessionScope simulator bench — ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, node ${machine.node}`)
  log(`load average (1 min) at start: ${machine.loadAverageAtStart}`)
  log(`scale ${scale}: ${REQUESTS.toLocaleString('en-US')} requests from ${BROWSERS.toLocaleString('en-US')} browsers, ${RUNS} timed runs after a warm-up\n`)

  const worldRates: number[] = []
  const bareRates: number[] = []
  worldRun(Math.min(REQUESTS, 100_000), BROWSERS)
  bareRun(Math.min(REQUESTS, 100_000), BROWSERS)
  for (let r = 0; r < RUNS; r++) {
    const w = worldRun(REQUESTS, BROWSERS)
    worldRates.push(w.rate)
    log(`  run ${r + 1}: world ${formatNumber(w.rate)} req/s (trace ${w.world.traceStats().size} kept of ${w.world.traceStats().total})`)
    const b = bareRun(REQUESTS, BROWSERS)
    bareRates.push(b)
    log(`  run ${r + 1}: bare library ${formatNumber(b)} req/s`)
  }
  const world = summarize(worldRates)
  const bare = summarize(bareRates)
  const overhead = bare.median / world.median

  const days: number[] = []
  dayRun(Math.min(BROWSERS, 1_000))
  for (let r = 0; r < RUNS; r++) days.push(dayRun(BROWSERS))
  const day = summarize(days)
  log(`  24 h with ${BROWSERS.toLocaleString('en-US')} sessions: ${days.map((d) => d.toFixed(0)).join(', ')} ms`)

  const seek = seekRun(Math.round(100_000 * scale), Math.min(BROWSERS, 1_000), 51)
  const seekWide = seekRun(Math.round(100_000 * scale), BROWSERS, 21)
  const heap = heapRun(300, built)

  const rows = [
    ['world, trace on (req/s)', formatNumber(world.median), `${formatNumber(world.min)}–${formatNumber(world.max)}`, '≥ 50,000', world.median >= 50_000 ? 'PASS' : 'FAIL'],
    ['bare library, same traffic (req/s)', formatNumber(bare.median), `${formatNumber(bare.min)}–${formatNumber(bare.max)}`, '', ''],
    ['simulation overhead (bare / world)', formatRatio(overhead), '', '≤ 2.00×', overhead <= 2 ? 'PASS' : 'FAIL'],
    [`24 h virtual, ${BROWSERS.toLocaleString('en-US')} sessions, reap 1 s (ms)`, formatNumber(day.median), `${formatNumber(day.min)}–${formatNumber(day.max)}`, '≤ 1,000', day.median <= 1_000 ? 'PASS' : 'FAIL'],
    ['seek, 100k-request history, 1,000 browsers (ms)', formatNumber(seek.median), `p90 ${formatNumber(seek.p90)}, max ${formatNumber(seek.max)}`, '≤ 100 median', seek.median <= 100 ? 'PASS' : 'FAIL'],
    [`seek, 100k-request history, ${BROWSERS.toLocaleString('en-US')} browsers (ms)`, formatNumber(seekWide.median), `p90 ${formatNumber(seekWide.p90)}, max ${formatNumber(seekWide.max)}`, '≤ 100 median', seekWide.median <= 100 ? 'PASS' : 'FAIL'],
    ['1M run under a 300 MB heap cap: sampled peak heapUsed (MB)', heap.ok ? formatNumber(heap.peakHeapMb) : 'crashed', heap.ok ? `live after GC ${formatNumber(heap.liveAfterGcMb)}` : heap.detail.slice(0, 60), '≤ 300', heap.ok && heap.peakHeapMb <= 300 ? 'PASS' : 'FAIL'],
  ]
  log('\n' + table(['simulator workload', 'median', 'range', 'target', ''], rows))
  mkdirSync('reports', { recursive: true })
  writeFileSync(
    'reports/bench-sim.json',
    JSON.stringify({ generatedAt: new Date().toISOString(), machine, compiled, scale, requests: REQUESTS, browsers: BROWSERS, world, bare, overhead, day, seek, seekWide, heap }, null, 2) + '\n',
  )
  log('\nwritten to reports/bench-sim.json')
}

if (process.argv.includes('--heap-child')) {
  const built = process.env[BUILT_ENV]
  if (built === undefined) throw new Error(`--heap-child needs ${BUILT_ENV} (the parent's compiled modules)`)
  await load(JSON.parse(built) as { sim: string; connect: string })
  heapChild()
} else {
  await main()
}

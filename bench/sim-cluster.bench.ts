/**
 * A targeted check of the world's request path, single server and cluster (about half a minute):
 *   node --import tsx bench/sim-cluster.bench.ts
 * 200,000 requests from 2,000 browsers (BENCH_SCALE multiplies both), trace on, a virtual second every 100
 * requests: the same traffic as `npm run bench:sim`'s first workload at a fifth of its size, through
 *   - the default world (one server, no proxy: the path every existing page takes), and
 *   - three servers behind a round-robin balancer on one shared store, and three sticky-by-cookie servers with a
 *     MemoryStore each, both behind a trusted proxy.
 * Compiled to plain JavaScript first (bench/build-ours.ts), as the simulator bench does. Reports, asserts nothing.
 */
import { buildOurs } from './build-ours.ts'
import { collectGarbage, formatNumber, loadAverage, machineFacts, nowMs, summarize } from './harness.ts'
import type { World, WorldOptions } from '../src/sim/index.ts'

const scale = Number(process.env.BENCH_SCALE ?? 0.2)
const REQUESTS = Math.round(1_000_000 * scale)
const BROWSERS = Math.round(10_000 * scale) || 1
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const ONLY = process.env.BENCH_ONLY

type SimApi = typeof import('../src/sim/index.ts')

function run(sim: SimApi, options: WorldOptions): number {
  const world: World = sim.createWorld({ seed: 7, ...options })
  const names: string[] = []
  for (let i = 0; i < BROWSERS; i++) {
    names.push(`b${i}`)
    world.addBrowser({ name: `b${i}`, userAgent: `Agent/${i % 7}`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` })
  }
  collectGarbage()
  const t0 = nowMs()
  for (let i = 0; i < REQUESTS; i++) {
    world.dispatch(names[i % BROWSERS] as string, { path: '/' })
    if (i % 100 === 99) world.advance(1_000)
  }
  const ms = nowMs() - t0
  if (world.inFlight() !== 0) throw new Error('requests left in flight')
  return REQUESTS / (ms / 1000)
}

const built = buildOurs(['src/sim/index.ts', 'src/connect/index.ts'], 'src')
try {
  const sim = (await import(built.entryUrls[0] as string)) as SimApi
  const hasCluster = typeof (sim as { checkCluster?: unknown }).checkCluster === 'function'
  const workloads: [string, WorldOptions][] = [['one server (default)', {}]]
  if (hasCluster && ONLY === undefined) {
    workloads.push(['3 servers, round robin, shared store, trusted proxy', { cluster: { servers: 3, store: 'shared', proxy: { trusted: true } } } as WorldOptions])
    workloads.push(['3 servers, sticky cookie, a MemoryStore each, trusted proxy', { cluster: { servers: 3, balancer: 'sticky-cookie', proxy: { trusted: true } } } as WorldOptions])
  }
  console.log(`# simulator request path, ${formatNumber(REQUESTS)} requests from ${formatNumber(BROWSERS)} browsers, median of ${RUNS} (src digest ${built.sourceDigest})`)
  const facts = machineFacts()
  console.log(`${facts.cpuModel}, ${facts.cores} cores, Node ${facts.node}, 1-minute load ${loadAverage().toFixed(1)}`)
  run(sim, {})
  for (const [name, options] of workloads) {
    const rates: number[] = []
    for (let i = 0; i < RUNS; i++) rates.push(run(sim, options))
    console.log(`${name}: ${formatNumber(Math.round(summarize(rates).median))} req/s (runs: ${rates.map((r) => formatNumber(Math.round(r))).join(', ')})`)
  }
} finally {
  built.cleanup()
}

/**
 * npm run bench:compare: the compare view's budget from DESIGN.md, 4 configurations over 100,000 requests in Node
 * in ≤ 2 s, against the named baseline: the same stream through one plain world (createWorld + playActions, the
 * way a scenario or a link is replayed). The ratio says what a comparison costs beyond running its columns' worlds.
 * Both run src/ compiled to plain JavaScript (bench/build-ours.ts), as the simulator bench does.
 *
 * The comparison is measured three ways: as the page runs it (a ComparisonRun stepped in slices of SLICE_MS, taking
 * the inspector's checkpoints), on this thread alone at once (runComparison), and split over the machine's cores
 * (runComparisonSplit: one worker thread per core beyond this one, each running a share of the columns, this thread
 * running the rest, merged afterwards). The split counts everything a caller waits for: posting the stream, running,
 * merging.
 *
 * Like every other row (and every other bench here), the budget's row is timed after a warm-up: its workers have run
 * one comparison before the timed ones, as this thread has run the baseline and the others. A last row reports the
 * first comparison in newly started workers, their start, their loading of the code and its first, unoptimised run
 * included: the cold start a caller pays once per thread.
 *
 * The stream is src/sim/traffic.ts's mixedTraffic: 2,000 returning browsers, a request every 20 virtual ms, a phone
 * changing network every 400 requests, a stolen cookie replayed every 1,000, and a 100-request crawl every 5,000.
 */
import os from 'node:os'
import { isDeepStrictEqual } from 'node:util'
import { buildOurs } from './build-ours.ts'
import { startColumnsThread } from './compare-threads.ts'
import { collectGarbage, formatNumber, formatRatio, machineFacts, nowMs, summarize, table } from './harness.ts'

type SimApi = typeof import('../src/sim/index.ts')

const REQUESTS = Math.round(100_000 * Number(process.env.BENCH_SCALE ?? 1))
const RUNS = Number(process.env.BENCH_RUNS ?? 3)

function main(): void {
  const built = buildOurs(['src/sim/index.ts'], 'src')
  import(built.entryUrl)
    .then(async (sim: SimApi) => {
      try {
        await run(sim, built.entryUrl)
      } finally {
        built.cleanup()
      }
    })
    .catch((err: unknown) => {
      built.cleanup()
      console.error(err)
      process.exitCode = 1
    })
}

// The page's slice (SLICE_MS in src/state/comparison-store.ts), not imported: that would load the state layer here.
const SLICE_MS = 12

// DESIGN.md's budget for 4 configurations over 100,000 requests in Node.
const BUDGET_MS = 2_000

// Worker threads beside this one: one per core beyond the first.
const WORKERS = Math.max(1, os.availableParallelism() - 1)

async function run(sim: SimApi, simUrl: string): Promise<void> {
  // The module the workers load: the comparison alone, beside the index in the compiled tree.
  const compareUrl = new URL('./compare.js', simUrl).href
  const facts = machineFacts()
  console.log(`compare bench: ${facts.cpuModel}, ${facts.cores} cores, node ${facts.node}, load ${facts.loadAverageAtStart}`)
  const stream = sim.mixedTraffic(REQUESTS)
  const columns = [
    { label: '2010 default', fingerprint: 'default' as const },
    { label: 'User-Agent', fingerprint: 'user-agent' as const },
    { label: 'IP only', fingerprint: 'ip-only' as const },
    { label: 'id only', fingerprint: 'none' as const },
  ]
  const baseline: number[] = []
  const compare: number[] = []
  const coldSplit: number[] = []
  const paged: number[] = []
  const warmSplit: number[] = []
  let last: ReturnType<SimApi['runComparison']> | null = null
  let same = true
  // Workers for the budget's row, each given one comparison before the timed ones (their warm-up).
  const warm = Array.from({ length: WORKERS }, () => startColumnsThread(compareUrl))
  await sim.runComparisonSplit({ stream, columns }, warm.map((t) => t.run))
  for (let r = 0; r < RUNS; r++) {
    collectGarbage()
    let t0 = nowMs()
    const world = sim.createWorld(sim.worldOptions(stream.config))
    for (const b of stream.browsers) world.addBrowser(b)
    sim.playActions(world, stream.actions, { refused: () => {} })
    baseline.push(nowMs() - t0)
    collectGarbage()
    t0 = nowMs()
    last = sim.runComparison({ stream, columns })
    compare.push(nowMs() - t0)
    collectGarbage()
    t0 = nowMs()
    const page = new sim.ComparisonRun({ stream, columns })
    for (;;) {
      const started = nowMs()
      if (page.step(() => nowMs() - started > SLICE_MS)) break
    }
    paged.push(nowMs() - t0)
    if (!isDeepStrictEqual(page.result(), last)) same = false
    collectGarbage()
    t0 = nowMs()
    const threads = Array.from({ length: WORKERS }, () => startColumnsThread(compareUrl))
    try {
      const merged = await sim.runComparisonSplit({ stream, columns }, threads.map((t) => t.run))
      coldSplit.push(nowMs() - t0)
      if (!isDeepStrictEqual(merged, last)) same = false
    } finally {
      await Promise.all(threads.map((t) => t.close()))
    }
    collectGarbage()
    t0 = nowMs()
    const again = await sim.runComparisonSplit({ stream, columns }, warm.map((t) => t.run))
    warmSplit.push(nowMs() - t0)
    if (!isDeepStrictEqual(again, last)) same = false
  }
  await Promise.all(warm.map((t) => t.close()))
  const b = summarize(baseline).median
  const c = summarize(compare).median
  const s = summarize(coldSplit).median
  const p = summarize(paged).median
  const w = summarize(warmSplit).median
  const threads = WORKERS + 1
  console.log(
    table(
      ['workload', 'median ms', 'budget'],
      [
        [`baseline: one plain world, ${formatNumber(REQUESTS)} requests`, formatNumber(b), ''],
        [`compare as the page runs it (${SLICE_MS} ms slices): 4 columns × ${formatNumber(REQUESTS)} requests`, formatNumber(p), ''],
        ['ratio, as the page runs it / baseline', formatRatio(p / b), ''],
        [`compare, this thread: 4 columns × ${formatNumber(REQUESTS)} requests`, formatNumber(c), ''],
        ['ratio, this thread / baseline', formatRatio(c / b), '(4 worlds: 4× is par)'],
        [`compare, ${threads} threads: 4 columns × ${formatNumber(REQUESTS)} requests`, formatNumber(w), REQUESTS === 100_000 ? `≤ ${formatNumber(BUDGET_MS)} ms` : '(budget at 100,000)'],
        [`ratio, ${threads} threads / baseline`, formatRatio(w / b), ''],
        [`compare, ${threads} threads, first comparison in new workers (cold start)`, formatNumber(s), ''],
      ],
    ),
  )
  if (REQUESTS === 100_000) console.log(`budget, ${threads} threads: ${w <= BUDGET_MS ? 'met' : 'MISSED'} (${formatNumber(w)} of ${formatNumber(BUDGET_MS)} ms)`)
  console.log(same ? 'the sliced and split results (warm and new workers) are the same as the one-thread result' : 'THE SLICED OR SPLIT RESULT DIFFERS FROM THE ONE-THREAD RESULT')
  if (!same) process.exitCode = 1
  if (last !== null) {
    console.log(`rows ${last.rows.toLocaleString("en")}, disagreeing ${last.disagreements.length.toLocaleString("en")}`)
    last.columns.forEach((col, i) => {
      const s = last!.summaries[i]!
      console.log(`  ${col.label}: created ${s.sessionsCreated}, locked out ${s.lockedOut}, hijacks ${s.hijacks}, blocked ${s.blocked}, peak ${s.peakSessions} sessions / ${Math.round(s.peakBytes / 1024)} KiB`)
    })
  }
}

main()

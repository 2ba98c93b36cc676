import { beforeAll, describe, expect, it } from 'vitest'
import { ComparisonRun, answerColumns, mergeColumns, runColumns, runComparison, runComparisonSplit, type ColumnsPart, type ColumnsRequest, type ComparisonData } from './compare.ts'
import { packRecording } from './packed-recording.ts'
import { loadFingerprintSandbox } from './custom-fingerprint.ts'
import * as reference from './fixtures/compare-records.ts'
import { loadScenario } from './scenario.ts'
import { crawlerFlood, mixedTraffic } from './traffic.ts'
import type { Compile } from './actions.ts'

// The comparison reads verdicts off the library's events; the reference builds and decodes a trace record per
// request, as the comparison did before. Same stream, same columns: the results must be the same in every field.

const files = import.meta.glob('../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

function scenario(name: string) {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${name}`))
  if (entry === undefined) throw new Error(`no scenario ${name}`)
  return loadScenario(entry[1])
}

const NAMED = [
  { label: '2010 default', fingerprint: 'default' as const },
  { label: 'User-Agent', fingerprint: 'user-agent' as const },
  { label: 'IP only', fingerprint: 'ip-only' as const },
  { label: 'id only', fingerprint: 'none' as const },
]

let compile: Compile
beforeAll(async () => {
  const sandbox = await loadFingerprintSandbox()
  compile = (source) => sandbox.compileFingerprint(source)
})

function same(data: ComparisonData, withCompile = false): void {
  const c = withCompile ? compile : undefined
  const fast = runComparison(data, c)
  const slow = reference.runComparison(data, c)
  expect(fast).toEqual(slow)
  // A sanity check that the streams exercise something: every row has a verdict in every column.
  expect(fast.rows).toBe(slow.rows)
}

describe('the comparison gives the result the record-decoding comparison gives', () => {
  it('on mixed traffic (phones changing network, stolen cookies, a crawler)', () => {
    same({ stream: mixedTraffic(6_000, 300), columns: NAMED })
  })

  it('on mixed traffic with reaping, other cookie and maxAge settings', () => {
    same({
      stream: mixedTraffic(4_000, 200),
      columns: [
        { label: 'short', maxAge: 30_000, reapInterval: 1_000 },
        { label: 'long', maxAge: 3_600_000, reapInterval: 60_000, fingerprint: 'user-agent' },
        { label: 'cookie', cookie: { maxAge: 20_000 }, fingerprint: 'none' },
      ],
    })
  })

  it('on every scenario, as stories', () => {
    for (const name of Object.keys(files).map((p) => p.split('/').pop()!)) {
      const stream = scenario(name)
      same({ stream, columns: [NAMED[0]!, NAMED[3]!, { label: '2010 mode', quirks: '2010' }] })
    }
  })

  it('when run in slices, as the page runs it', () => {
    const data: ComparisonData = { stream: mixedTraffic(3_000, 150), columns: [...NAMED, { label: '2010', quirks: '2010' }] }
    const run = new ComparisonRun(data)
    let slices = 0
    for (let n = 0; !run.step(() => ++n % 3 === 0); ) slices++
    expect(slices).toBeGreaterThan(10)
    expect(run.result()).toEqual(reference.runComparison(data))
  })

  it('on a crawler flood and bursts', () => {
    same({ stream: crawlerFlood(1_200), columns: [{ label: 'a', reapInterval: 1_000, maxAge: 60_000 }, { label: 'b', fingerprint: 'none' }] })
  })

  it('with 2010 quirks columns', () => {
    same({ stream: mixedTraffic(3_000, 150), columns: [{ label: 'today' }, { label: '2010', quirks: '2010' }, { label: 'ids', quirks: ['math-random-ids'] }] })
  })

  it('with a custom fingerprint', () => {
    same({ stream: mixedTraffic(1_500, 100), columns: [NAMED[0]!, { label: 'custom', fingerprint: { source: '(req) => md5(req.session.id + req.remoteAddress)' } }] }, true)
  })
})

describe('the inspector', () => {
  it('gives each cell the record and verdict the record-decoding comparison kept', () => {
    const data: ComparisonData = { stream: mixedTraffic(2_500, 120), columns: NAMED }
    const fast = new ComparisonRun(data)
    fast.run()
    const slow = new reference.ComparisonRun(data)
    slow.run()
    // Forward, backward (the replay starts again) and repeated reads, in every column.
    for (const row of [0, 7, 998, 999, 1_999, 3, 2_499, 2_499]) {
      for (let column = 0; column < NAMED.length; column++) {
        const got = fast.cell(row, column)
        const want = slow.cell(row, column)
        expect(want).not.toBeNull()
        expect(JSON.parse(JSON.stringify(got))).toEqual(JSON.parse(JSON.stringify(want)))
      }
    }
  })

  it('gives the same cells when its replays start from the checkpoints of a run in slices', () => {
    const data: ComparisonData = { stream: mixedTraffic(2_500, 120), columns: [NAMED[0]!, { label: '2010', quirks: '2010', maxAge: 20_000, reapInterval: 1_000 }] }
    const fast = new ComparisonRun(data, undefined, { checkpointEvery: 300 })
    for (let n = 0; !fast.step(() => ++n % 50 === 0); );
    const slow = new reference.ComparisonRun(data)
    slow.run()
    for (const row of [2_499, 1_200, 299, 300, 301, 0, 1_799, 1_801, 2_100]) {
      for (let column = 0; column < 2; column++) {
        expect(JSON.parse(JSON.stringify(fast.cell(row, column)))).toEqual(JSON.parse(JSON.stringify(slow.cell(row, column))))
      }
    }
  })

  it('gives the same cells on a flood, where captures thin out as sessions pile up', () => {
    const data: ComparisonData = { stream: crawlerFlood(1_500), columns: [NAMED[0]!, NAMED[3]!] }
    const fast = new ComparisonRun(data, undefined, { checkpointEvery: 100 })
    for (let n = 0; !fast.step(() => ++n % 5 === 0); );
    const slow = new reference.ComparisonRun(data)
    slow.run()
    for (const row of [1_520, 90, 700, 1_300, 1_100]) {
      for (let column = 0; column < 2; column++) {
        expect(JSON.parse(JSON.stringify(fast.cell(row, column)))).toEqual(JSON.parse(JSON.stringify(slow.cell(row, column))))
      }
    }
  })

  it('has no cell for a row no column has answered yet', () => {
    const run = new ComparisonRun({ stream: mixedTraffic(500, 50), columns: NAMED.slice(0, 2) })
    run.step(() => run.sent >= 100)
    expect(run.cell(50, 0)).not.toBeNull()
    expect(run.cell(400, 0)).toBeNull()
    expect(run.cell(-1, 0)).toBeNull()
  })
})

describe('a comparison split into parts', () => {
  // A runner as a worker would be: it gets the request as a copy (as postMessage gives it) and answers it.
  const runner = async (request: ColumnsRequest): Promise<ColumnsPart> => {
    const { reply } = answerColumns(structuredClone(request))
    if (reply.part === undefined) throw new Error(reply.error)
    return reply.part
  }

  it('merges into the result of the whole run, however the columns are split', async () => {
    const data: ComparisonData = { stream: mixedTraffic(3_000, 150), columns: [...NAMED, { label: '2010', quirks: '2010' }] }
    const whole = runComparison(data)
    expect(await runComparisonSplit(data, [])).toEqual(whole)
    expect(await runComparisonSplit(data, [runner])).toEqual(whole)
    expect(await runComparisonSplit(data, [runner, runner, runner])).toEqual(whole)
    expect(mergeColumns(data, [runColumns(data, [4, 1]), runColumns(data, [0]), runColumns(data, [3, 2])])).toEqual(whole)
  })

  it('keeps a custom fingerprint on the thread that can compile it', async () => {
    const data: ComparisonData = { stream: mixedTraffic(800, 60), columns: [NAMED[0]!, { label: 'custom', fingerprint: { source: '(req) => md5(req.session.id)' } }, NAMED[2]!] }
    const asked: number[][] = []
    const split = await runComparisonSplit(data, [async (request) => (asked.push([...request.run]), runner(request))], compile)
    expect(asked.flat()).not.toContain(1)
    expect(split).toEqual(runComparison(data, compile))
  })

  it('answers a worker request with its part and the buffers to transfer, or with why it could not', () => {
    const data: ComparisonData = { stream: mixedTraffic(300, 20), columns: NAMED }
    const stream = packRecording(data.stream)
    const { reply, transfer } = answerColumns({ stream, columns: data.columns, run: [2, 0] })
    expect(reply.part).toEqual(runColumns(data, [2, 0]))
    expect(transfer).toHaveLength(2 * 5)
    const posted = structuredClone(reply, { transfer })
    expect(mergeColumns(data, [posted.part!, runColumns(data, [1, 3])])).toEqual(runComparison(data))
    expect(answerColumns({ stream, columns: data.columns, run: [7] })).toEqual({ reply: { error: 'there is no column 8' }, transfer: [] })
  })

  it('refuses to merge parts that leave a column out', () => {
    const data: ComparisonData = { stream: mixedTraffic(100, 10), columns: NAMED.slice(0, 3) }
    expect(() => mergeColumns(data, [runColumns(data, [0, 2])])).toThrow(/column 2/)
  })
})

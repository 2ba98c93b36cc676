import { describe, expect, it } from 'vitest'
import phoneHar from '../../content/recordings/phone-between-networks.har?raw'
import { harToRecording } from './har.ts'
import { mixedTraffic } from './traffic.ts'
import { ComparisonError, ComparisonRun, cellKind, cellLabel, comparisonSources, runComparison, type ComparisonData } from './compare.ts'
import { loadFingerprintSandbox } from './custom-fingerprint.ts'
import { restoreRecording } from './recording.ts'
import { loadScenario } from './scenario.ts'
import { verdictsOf, verdictLabel } from './verdict.ts'

const files = import.meta.glob('../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

function scenario(name: string) {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${name}`))
  if (entry === undefined) throw new Error(`no scenario ${name}`)
  return loadScenario(entry[1])
}

function labels(result: ReturnType<typeof runComparison>, column: number): string[] {
  return Array.from(result.kinds[column] as Uint8Array, (k, i) => cellLabel(k, (result.reasons[column] as Uint8Array)[i] as number, (result.statuses[column] as Uint16Array)[i] as number))
}

describe('runComparison', () => {
  it('marks the row where the id-only fingerprint lets the thief in and the 2010 one blocks her', () => {
    const r = runComparison({ stream: scenario('stolen-cookie-blocked.json'), columns: [{ label: '2010', fingerprint: 'default' }, { label: 'id only', fingerprint: 'none' }] })
    expect(r.rows).toBe(4)
    expect(r.disagreements).toEqual([2])
    expect(labels(r, 0)[2]).toBe('blocked by the fingerprint')
    expect(labels(r, 1)[2]).toBe('hijacked')
    expect(r.summaries.map((s) => [s.hijacks, s.blocked, s.sessionsCreated, s.peakSessions])).toEqual([
      [0, 1, 2, 2],
      [1, 0, 1, 1],
    ])
  })

  it('gives each column the verdicts a world with its settings gives', () => {
    const stream = scenario('phone-changes-ip.json')
    const columns = [{ label: 'default', fingerprint: 'default' as const }, { label: 'ua', fingerprint: 'user-agent' as const }, { label: 'ip', fingerprint: 'ip-only' as const }]
    const r = runComparison({ stream, columns })
    columns.forEach((c, i) => {
      const world = restoreRecording({ ...stream, config: { ...stream.config, fingerprint: c.fingerprint } })
      expect(labels(r, i), c.label).toEqual(verdictsOf(world.trace()).map(verdictLabel))
    })
    expect(r.disagreements).toEqual([2, 3])
    expect(r.summaries.map((s) => s.lockedOut)).toEqual([2, 0, 2])
  })

  it('2010-mode columns disagree with today\'s library on the logout stream, each for its own quirk', () => {
    const stream = scenario('logout.json')
    const columns = [{ label: 'today' }, { label: 'just the 500', quirks: ['destroy-answers-500' as const] }, { label: '2010', quirks: '2010' as const }]
    const r = runComparison({ stream, columns })
    expect(r.rows).toBe(4)
    expect(labels(r, 0)).toEqual(['new: no cookie', 'loaded', 'loaded', 'new: session destroyed'])
    // destroy-answers-500 alone: the same sessions, but logging out answers 500.
    expect(labels(r, 1)).toEqual(['new: no cookie', 'loaded', 'loaded · 500', 'new: session destroyed'])
    // Every quirk at once: the same sessions again, and the same 500 on logout.
    expect(labels(r, 2)).toEqual(['new: no cookie', 'loaded', 'loaded · 500', 'new: session destroyed'])
    expect(r.disagreements).toEqual([2])
    expect(Array.from(r.statuses[0]!)).toEqual([200, 200, 200, 200])
    expect(Array.from(r.statuses[1]!)).toEqual([200, 200, 500, 200])
    expect(r.summaries.map((s) => s.sessionsCreated)).toEqual([2, 2, 2])
    // Without a quirk column nothing disagrees: the 500 is what marks the row.
    expect(runComparison({ stream, columns: [columns[0]!, { label: 'also today' }] }).disagreements).toEqual([])
    // And the verdicts are the ones a world in 2010 mode gives.
    const world = restoreRecording({ ...stream, config: { ...stream.config, quirks: '2010' } })
    expect(labels(r, 2).map((l) => l.replace(' · 500', ''))).toEqual(verdictsOf(world.trace()).map(verdictLabel))
  })

  it('compares a HAR recording: the phone changing network is locked out by the 2010 fingerprint only', () => {
    const stream = harToRecording(phoneHar)
    const r = runComparison({ stream, columns: [{ label: '2010 default', fingerprint: 'default' }, { label: 'ua', fingerprint: 'user-agent' }] })
    expect(r.rows).toBe(13)
    expect(r.disagreements).toEqual([5, 8])
    expect(r.disagreements.map((row) => [labels(r, 0)[row], labels(r, 1)[row]])).toEqual([
      ['locked out', 'loaded'],
      ['locked out', 'loaded'],
    ])
    expect(r.summaries.map((s) => s.lockedOut)).toEqual([2, 0])
  })

  it('refuses a column whose quirk a world cannot run, naming it', () => {
    const stream = scenario('logout.json')
    expect(() => runComparison({ stream, columns: [{ label: 'a' }, { label: 'b', quirks: ['leaking-timer'] }] })).toThrow(/column "b".*leaking-timer/)
  })

  it('a column setting wins over the stream\'s own configure actions', () => {
    const stream = scenario('stolen-cookie-nat.json')
    const withConfigure = { ...stream, actions: [{ kind: 'configure' as const, fingerprint: 'none' as const }, ...stream.actions] }
    const r = runComparison({ stream: withConfigure, columns: [{ label: 'a', fingerprint: 'user-agent' }, { label: 'b', fingerprint: 'default', maxAge: 1000 }] })
    expect(r.kinds.length).toBe(2)
    expect(labels(r, 0)).toEqual(['new: no cookie', 'hijacked', 'hijacked'])
  })

  it('runs in slices to the same result as at once, with progress growing', () => {
    const data: ComparisonData = { stream: mixedTraffic(1500, 200), columns: [{ label: 'a', fingerprint: 'default' }, { label: 'b', fingerprint: 'none' }, { label: 'c', reapInterval: 1000, maxAge: 2_000 }] }
    const whole = runComparison(data)
    const run = new ComparisonRun(data)
    const seen: number[] = []
    // Stopping at every chance: after each block of actions (STEP_BLOCK).
    while (!run.step(() => true)) seen.push(run.progress)
    expect(seen.length).toBeGreaterThan(10)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    const sliced = run.result()
    expect(sliced.rows).toBe(1500)
    expect(sliced.disagreements).toEqual(whole.disagreements)
    expect(sliced.summaries).toEqual(whole.summaries)
    expect(whole.disagreements.length).toBeGreaterThan(0)
    // The short maxAge reaps: fewer sessions held at the peak than with the default four hours.
    expect((whole.summaries[2]?.peakSessions ?? 0) < (whole.summaries[0]?.peakSessions ?? 0)).toBe(true)
    expect(run.cell(whole.disagreements[0] as number, 1)?.record.exchange).toBe((whole.disagreements[0] as number) + 1)
  })

  it('refuses one column, duplicate labels and settings the library refuses, naming the column', () => {
    const stream = scenario('two-browsers.json')
    expect(() => runComparison({ stream, columns: [{ label: 'a' }] })).toThrow(ComparisonError)
    expect(() => runComparison({ stream, columns: [{ label: 'a' }, { label: 'a' }] })).toThrow(/two columns are labelled/)
    expect(() => runComparison({ stream, columns: [{ label: 'a' }, { label: 'b', maxAge: -5 }] })).toThrow(/column "b"/)
  })

  it('runs a custom fingerprint column in the sandbox, a request at a time, to what the same named strategy gives', async () => {
    const { compileFingerprint } = await loadFingerprintSandbox()
    const stream = mixedTraffic(1200, 100)
    const named = runComparison({ stream, columns: [{ label: '2010', fingerprint: 'default' }, { label: 'id', fingerprint: 'none' }] })
    const data: ComparisonData = { stream, columns: [{ label: '2010', fingerprint: 'default' }, { label: 'id', fingerprint: { source: '(req) => md5(req.session.id)' } }] }
    // Without a compiler the code never runs: the comparison is refused.
    expect(() => new ComparisonRun(data)).toThrow(/runs only after you allow it/)
    const run = new ComparisonRun(data, compileFingerprint)
    let asks = 0
    let slices = 0
    while (
      !run.step(() => {
        asks++
        return asks % 50 === 0
      })
    )
      slices++
    // Asked after every action, and between the two columns too: twice per send (the stream has a few other actions).
    // Stopping at every 50th ask stops between columns as often as between actions, and the result is the same.
    expect(asks).toBeGreaterThanOrEqual(2 * 1200)
    expect(slices).toBeGreaterThan(20)
    const custom = run.result()
    expect(custom.kinds).toEqual(named.kinds)
    expect(custom.reasons).toEqual(named.reasons)
    expect(custom.summaries).toEqual(named.summaries)
    expect(custom.disagreements.length).toBeGreaterThan(0)
    // The inspector's replay compiles the code too, and gives the cell the run saw.
    const row = custom.disagreements[0] as number
    const cell = run.cell(row, 1)
    expect(cell?.record.exchange).toBe(row + 1)
    expect(cell?.verdict.kind).toBe(cellKind((custom.kinds[1] as Uint8Array)[row] as number))
  })

  it('lists the custom code a comparison would compile, each source once: the stream\'s starting one and the columns\'', () => {
    const stream = scenario('two-browsers.json')
    const a = '(req) => md5(req.session.id)'
    const b = "(req) => md5(req.session.id + req.headers['user-agent'])"
    expect(comparisonSources({ stream, columns: [{ label: 'x' }, { label: 'y', fingerprint: 'none' }] })).toEqual([])
    expect(comparisonSources({ stream: { ...stream, config: { ...stream.config, fingerprint: { source: a } } }, columns: [{ label: 'x', fingerprint: { source: b } }, { label: 'y', fingerprint: { source: a } }] })).toEqual([a, b])
  })
})

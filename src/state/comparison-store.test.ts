import { describe, expect, it } from 'vitest'
import { ComparisonRun, loadFingerprintSandbox, mixedTraffic, type ComparisonData } from '../sim/index.ts'
import { createComparisonStore, type SliceScheduler } from './comparison-store.ts'

/** A scheduler the test drives: a slice runs when the test says, and time moves 1 ms each time it is read. */
function manualScheduler() {
  const queue: (() => void)[] = []
  let t = 0
  const scheduler: SliceScheduler = {
    later(fn) {
      queue.push(fn)
      return () => {
        const i = queue.indexOf(fn)
        if (i >= 0) queue.splice(i, 1)
      }
    },
    now: () => t++,
  }
  return {
    scheduler,
    /** Runs queued slices until none is left; how many ran. */
    drain(): number {
      let n = 0
      for (let fn = queue.shift(); fn !== undefined; fn = queue.shift()) {
        fn()
        n++
      }
      return n
    },
    pending: () => queue.length,
  }
}

/** A store whose comparison of DATA has run to the end, and the scheduler that ran it. */
function finishedComparison() {
  const m = manualScheduler()
  const store = createComparisonStore(m.scheduler)
  const { actions } = store.getState()
  actions.start(DATA)
  m.drain()
  return { m, store, actions }
}

const DATA: ComparisonData = {
  stream: mixedTraffic(2_000, 40),
  columns: [{ label: '2010 default', fingerprint: 'default' }, { label: 'id only', fingerprint: 'none' }],
}

describe('the comparison store', () => {
  it('runs a comparison in slices to the end', () => {
    const m = manualScheduler()
    const store = createComparisonStore(m.scheduler)
    store.getState().actions.start(DATA)
    expect(store.getState().status).toBe('running')
    expect(m.drain()).toBeGreaterThan(1)
    expect(store.getState().status).toBe('done')
    expect(store.getState().result?.rows).toBe(2_000)
  })

  it('opens a cell at once as pending, and fills it in from a replay in slices with the record the run saw', () => {
    const { m, store, actions } = finishedComparison()
    actions.inspect(1_900, 1)
    expect(store.getState().inspected).toEqual({ row: 1_900, column: 1, pending: true, cell: null })
    expect(m.drain()).toBeGreaterThan(1)
    const inspected = store.getState().inspected
    expect(inspected?.pending).toBe(false)
    const reference = new ComparisonRun(DATA)
    reference.run()
    expect(inspected?.cell?.verdict).toEqual(reference.cell(1_900, 1)?.verdict)
    expect(inspected?.cell?.record.exchange).toBe(1_901)
  })

  it('drops the replay when the details are closed or a new comparison starts', () => {
    const { m, store, actions } = finishedComparison()
    actions.inspect(1_900, 0)
    expect(m.pending()).toBe(1)
    actions.uninspect()
    expect(m.pending()).toBe(0)
    expect(store.getState().inspected).toBeNull()
    actions.inspect(1_900, 0)
    actions.start(DATA)
    expect(store.getState().inspected).toBeNull()
    m.drain()
    expect(store.getState().inspected).toBeNull()
    expect(store.getState().status).toBe('done')
  })

  it('says a row the column has not answered has no record', () => {
    const m = manualScheduler()
    const store = createComparisonStore(m.scheduler)
    const { actions } = store.getState()
    actions.start(DATA)
    actions.inspect(1_999, 0)
    m.drain()
    // Asked for before the run had reached the row: the answer is given at once, and stays as given.
    const inspected = store.getState().inspected
    expect(inspected).toEqual({ row: 1_999, column: 0, pending: false, cell: null })
  })

  it('runs custom fingerprint code only with the compiler it is given', async () => {
    const data: ComparisonData = { ...DATA, columns: [DATA.columns[0]!, { label: 'custom', fingerprint: { source: '(req) => md5(req.session.id)' } }] }
    const m = manualScheduler()
    const store = createComparisonStore(m.scheduler)
    store.getState().actions.start(data)
    expect(store.getState().status).toBe('error')
    expect(store.getState().error).toMatch(/runs only after you allow it/)
    const { compileFingerprint } = await loadFingerprintSandbox()
    store.getState().actions.start(data, compileFingerprint)
    expect(store.getState().status).toBe('running')
    m.drain()
    expect(store.getState().status).toBe('done')
    // The custom column computes the id-only key, so its verdicts are id only's.
    const named = finishedComparison().store.getState().result
    expect(store.getState().result?.kinds).toEqual(named?.kinds)
  })
})

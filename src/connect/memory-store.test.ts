import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MemoryStore, type PlainData, type StoreEvent } from './index.ts'
import { ManualClock } from '../../test/support/manual-clock.ts'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Collects a synchronous callback's arguments. */
function answer<T extends unknown[]>(call: (cb: (...args: T) => void) => void): T {
  let out: T | undefined
  call((...args) => (out = args))
  if (out === undefined) throw new Error('MemoryStore did not call back synchronously')
  return out
}

const fresh = (opts: ConstructorParameters<typeof MemoryStore>[0] = {}) => {
  const clock = new ManualClock(1_000_000)
  return { clock, store: new MemoryStore({ reapInterval: -1, clock, ...opts }) }
}

describe('MemoryStore basics', () => {
  it('set then get returns a copy of the data, and later changes on either side do not leak (fixes Q13)', () => {
    const { store } = fresh()
    const data = { id: 'a', lastAccess: 1, nested: { n: 1 } }
    expect(answer((cb) => store.set('k', data, cb))).toEqual([null])
    data.nested.n = 2
    const [err, got] = answer<[Error | null, PlainData | null | undefined]>((cb) => store.get('k', cb))
    expect(err).toBeNull()
    expect(got).toEqual({ id: 'a', lastAccess: 1, nested: { n: 1 } })
    ;(got!.nested as { n: number }).n = 3
    expect(answer<[Error | null, PlainData | null | undefined]>((cb) => store.get('k', cb))[1]).toMatchObject({ nested: { n: 1 } })
  })

  it('a miss calls back (null, undefined)', () => {
    expect(answer((cb) => fresh().store.get('nope', cb))).toEqual([null, undefined])
  })

  it('prototype names are ordinary keys (fixes Q6)', () => {
    const { store } = fresh()
    for (const k of ['toString', 'constructor', 'hasOwnProperty']) expect(answer((cb) => store.get(k, cb))).toEqual([null, undefined])
    store.set('__proto__', { id: 'p', lastAccess: 1 })
    expect(answer((cb) => store.length(cb))).toEqual([null, 1])
    expect(answer<[Error | null, PlainData | null | undefined]>((cb) => store.get('__proto__', cb))[1]).toEqual({ id: 'p', lastAccess: 1 })
  })

  it('destroy deletes instead of leaving a tombstone, and reports whether it removed something (fixes Q4, Q5)', () => {
    const { store } = fresh()
    store.set('k', { id: 'a', lastAccess: 1 })
    expect(answer((cb) => store.destroy('k', cb))).toEqual([null, true])
    expect(answer((cb) => store.destroy('k', cb))).toEqual([null, false])
    expect(answer((cb) => store.length(cb))).toEqual([null, 0])
    expect(answer((cb) => store.all(cb))).toEqual([null, []])
    store.reap() // 2010's reaper threw on the null a destroy left behind
  })

  it('all, length and clear', () => {
    const { store } = fresh()
    store.set('a', { id: '1', lastAccess: 1 })
    store.set('b', { id: '2', lastAccess: 2 })
    expect(answer((cb) => store.all(cb))).toEqual([null, [{ id: '1', lastAccess: 1 }, { id: '2', lastAccess: 2 }]])
    expect(answer((cb) => store.length(cb))).toEqual([null, 2])
    expect(answer((cb) => store.clear(cb))).toEqual([null])
    expect(answer((cb) => store.length(cb))).toEqual([null, 0])
    expect(store.entries()).toEqual([])
  })

  it('refuses data that is not plain and keys that are not strings, with messages that say what to do', () => {
    const { store } = fresh()
    const [err] = answer((cb) => store.set('k', { id: 'a', when: new Map() } as unknown as PlainData, cb))
    expect(err).toBeInstanceOf(TypeError)
    expect((err as Error).message).toMatch(/session data at session\.when is an instance of Map; keep only plain/)
    const cyclic: Record<string, unknown> = { id: 'c' }
    cyclic.self = cyclic
    expect((answer((cb) => store.set('k', cyclic, cb))[0] as Error).message).toMatch(/refers back to itself/)
    expect((answer((cb) => store.get(42 as unknown as string, cb))[0] as Error).message).toMatch(/keys are strings/)
    expect(store.size).toBe(0)
  })

  it('keeps Dates and nested arrays as copies', () => {
    const { store } = fresh()
    const when = new Date(5)
    store.set('k', { id: 'a', when, list: [[1], { x: 'y' }] })
    const got = answer<[Error | null, PlainData | null | undefined]>((cb) => store.get('k', cb))[1]!
    expect(got.when).toEqual(when)
    expect(got.when).not.toBe(when)
    expect(got.list).toEqual([[1], { x: 'y' }])
  })
})

type HistoryOp = { op: 'set'; key: number; skew: number } | { op: 'del'; key: number } | { op: 'tick'; ms: number }

/** Saves (lastAccess now + skew, skew ≥ minSkew), deletes and clock ticks over `keys` keys, for random histories. */
function savesAndTicks(keys: number, minSkew: number, maxTick: number) {
  return [
    fc.record({ op: fc.constant('set' as const), key: fc.integer({ min: 0, max: keys }), skew: fc.integer({ min: minSkew, max: 5 }) }),
    fc.record({ op: fc.constant('del' as const), key: fc.integer({ min: 0, max: keys }) }),
    fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: maxTick }) }),
  ]
}

/** Applies a save, delete or tick to the store and to a model of key → lastAccess. */
function replay(o: HistoryOp, store: MemoryStore, clock: ManualClock, model: Map<string, number>): void {
  if (o.op === 'set') {
    const t = clock.now() + o.skew
    store.set(`k${o.key}`, { lastAccess: t })
    model.set(`k${o.key}`, t)
  } else if (o.op === 'del') {
    store.destroy(`k${o.key}`)
    model.delete(`k${o.key}`)
  } else clock.advance(o.ms)
}

describe('reaping', () => {
  it('removes entries strictly older than now − maxAge; exactly maxAge old is kept', () => {
    const { store, clock } = fresh({ maxAge: 1000 })
    const now = clock.now()
    store.set('old', { id: 'o', lastAccess: now - 1001 })
    store.set('edge', { id: 'e', lastAccess: now - 1000 })
    store.set('new', { id: 'n', lastAccess: now })
    expect(store.reap()).toEqual(['old'])
    expect(store.entries().map((e) => e.key)).toEqual(['edge', 'new'])
  })

  it('never reaps an entry without a numeric lastAccess (as 2010)', () => {
    const { store, clock } = fresh({ maxAge: 10 })
    store.set('x', { id: 'x' })
    clock.advance(1_000_000)
    expect(store.reap()).toEqual([])
    expect(store.size).toBe(1)
  })

  it('a re-saved session is judged by its newest lastAccess', () => {
    const { store, clock } = fresh({ maxAge: 100 })
    store.set('k', { id: 'k', lastAccess: clock.now() })
    clock.advance(90)
    store.set('k', { id: 'k', lastAccess: clock.now() })
    clock.advance(50)
    expect(store.reap()).toEqual([])
    clock.advance(51)
    expect(store.reap()).toEqual(['k'])
  })

  it('out-of-order saves (two requests committing late) are still reaped exactly', () => {
    const { store, clock } = fresh({ maxAge: 100 })
    const t = clock.now()
    store.set('late', { lastAccess: t + 50 })
    store.set('early', { lastAccess: t })
    clock.advance(101)
    expect(store.reap()).toEqual(['early'])
    clock.advance(50)
    expect(store.reap()).toEqual(['late'])
  })

  it('runs every reapInterval on the injected clock, uses the current maxAge, and announces what it removed', () => {
    const clock = new ManualClock(0)
    const store = new MemoryStore({ clock, reapInterval: 2000, maxAge: 5000 })
    const reaps: StoreEvent[] = []
    store.on((e) => e.type === 'reap' && reaps.push(e))
    store.set('k', { id: 'k', lastAccess: 0 })
    clock.advance(4000)
    expect(store.size).toBe(1)
    clock.advance(2000) // reap at 6000: 0 < 6000 − 5000
    expect(store.size).toBe(0)
    expect(reaps.at(-1)).toMatchObject({ type: 'reap', time: 6000, threshold: 1000, maxAge: 5000, removed: ['k'] })
    expect(reaps.map((r) => r.time)).toEqual([2000, 4000, 6000])
    store.maxAge = 100
    store.set('j', { id: 'j', lastAccess: 6000 })
    clock.advance(2000)
    expect(store.size).toBe(0)
    store.close()
  })

  it('the zombie window: an idle session past maxAge can still be loaded until the next reap', () => {
    const clock = new ManualClock(0)
    const store = new MemoryStore({ clock, reapInterval: 10_000, maxAge: 5_000 })
    store.set('k', { id: 'k', lastAccess: 0 })
    clock.advance(9_999) // idle 9.999 s > maxAge, no reap yet
    expect(answer((cb) => store.get('k', cb))[1]).toBeTruthy()
    clock.advance(1)
    expect(answer((cb) => store.get('k', cb))[1]).toBeUndefined()
    store.close()
  })

  it('close() stops the reaper; changing reapInterval restarts it; -1 turns it off', () => {
    const clock = new ManualClock(0)
    const store = new MemoryStore({ clock, reapInterval: 1000 })
    expect(clock.timerCount).toBe(1)
    store.reapInterval = 500
    expect(clock.timerCount).toBe(1)
    store.reapInterval = -1
    expect(clock.timerCount).toBe(0)
    store.reapInterval = 1000
    store.close()
    expect(clock.timerCount).toBe(0)
  })

  it('with the system clock the reaper does not keep Node alive (fixes Q10)', () => {
    // A process whose only pending work is a reaper must exit on its own; 2010's never did.
    const script = "import { MemoryStore } from './src/connect/index.ts'; new MemoryStore({ reapInterval: 50 }); console.log('started')"
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 })
    expect(run.error).toBeUndefined()
    expect(run.stdout.trim()).toBe('started')
    expect(run.status).toBe(0)
  })

  it('matches a naive full scan on random histories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(
          ...savesAndTicks(30, -50, 80),
          fc.record({ op: fc.constant('reap' as const), maxAge: fc.integer({ min: 0, max: 120 }) }),
        ), { maxLength: 300 }),
        (ops) => {
          const clock = new ManualClock(10_000)
          const store = new MemoryStore({ reapInterval: -1, clock })
          const model = new Map<string, number>()
          for (const o of ops) {
            if (o.op !== 'reap') replay(o, store, clock, model)
            else {
              const threshold = clock.now() - o.maxAge
              const expected = [...model].filter(([, t]) => t < threshold).map(([k]) => k)
              for (const k of expected) model.delete(k)
              expect(store.reap(o.maxAge).sort()).toEqual(expected.sort())
            }
          }
          expect(store.entries().map((e) => e.key).sort()).toEqual([...model.keys()].sort())
        },
      ),
      { numRuns: 300 },
    )
  })

  it('earliestDeadline is the smallest lastAccess + maxAge held, through re-saves, deletes and reaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(
          ...savesAndTicks(20, -3000, 1500),
          fc.record({ op: fc.constant('reap' as const) }),
          fc.record({ op: fc.constant('peek' as const) }),
        ), { maxLength: 200 }),
        (ops) => {
          const clock = new ManualClock(100_000)
          const store = new MemoryStore({ reapInterval: -1, clock, maxAge: 700 })
          const model = new Map<string, number>()
          const expected = () => (model.size === 0 ? null : Math.min(...model.values()) + 700)
          for (const o of ops) {
            if (o.op === 'set' || o.op === 'del' || o.op === 'tick') replay(o, store, clock, model)
            else if (o.op === 'reap') {
              for (const k of store.reap()) model.delete(k)
            } else expect(store.earliestDeadline()).toBe(expected())
          }
          expect(store.earliestDeadline()).toBe(expected())
          // No reap up to the deadline removes anything; one just after it does.
          const deadline = store.earliestDeadline()
          if (deadline !== null) {
            if (clock.now() <= deadline) {
              clock.advance(deadline - clock.now())
              expect(store.reap()).toEqual([])
            }
            clock.advance(1)
            expect(store.reap().length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('earliestDeadline is null for an empty store and for data without a numeric lastAccess', () => {
    const { store } = fresh()
    expect(store.earliestDeadline()).toBeNull()
    store.set('k', { user: 'x' })
    expect(store.earliestDeadline()).toBeNull()
  })

  it('lists what a reap removed oldest first, ties by key, whatever order they were saved in', () => {
    const { store, clock } = fresh({ maxAge: 10 })
    const t = clock.now()
    store.set('b', { lastAccess: t - 3 })
    store.set('c', { lastAccess: t - 5 })
    store.set('a', { lastAccess: t - 3 })
    store.set('z', { lastAccess: t - 2500 })
    clock.advance(100)
    expect(store.reap()).toEqual(['z', 'c', 'a', 'b'])
  })

  it('keeps its expiry index bounded when the same keys are saved over and over', () => {
    const { store, clock } = fresh({ maxAge: 1_000_000_000 })
    for (let i = 0; i < 50_000; i++) {
      clock.advance(1)
      store.set(`k${i % 10}`, { lastAccess: clock.now() })
    }
    clock.advance(2_000_000_000)
    expect(store.reap().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort())
  })
})

describe('options', () => {
  it('defaults: reapInterval 600000, maxAge 14400000, cookie { path: "/", httpOnly: true }', () => {
    const store = new MemoryStore()
    expect(store.reapInterval).toBe(600_000)
    expect(store.maxAge).toBe(14_400_000)
    expect({ ...store.cookie }).toEqual({ path: '/', httpOnly: true })
    store.close()
  })

  it.each([
    [{ reapInterval: -2 }, /reapInterval must be a positive number/],
    [{ reapInterval: 0 }, /reapInterval/],
    [{ reapInterval: Number.NaN }, /reapInterval/],
    [{ reapInterval: 2 ** 31 }, /reapInterval/],
    [{ maxAge: 0 }, /maxAge must be a positive number/],
    [{ maxAge: -5 }, /maxAge/],
    [{ maxAge: '1h' }, /maxAge/],
    [{ maxAage: 1000 }, /unknown option 'maxAage'.*spelled maxAge/],
    [{ cookie: 'path=/' }, /cookie must be an object/],
    [{ cookie: { path: '/a;b' } }, /must not contain/],
    [{ cookie: { domain: {} } }, /cookie\.domain must be/],
    [{ clock: {} }, /clock must be an object/],
  ])('new MemoryStore(%o) throws a TypeError naming the option', (opts, message) => {
    expect(() => new MemoryStore(opts as never)).toThrow(TypeError)
    expect(() => new MemoryStore(opts as never)).toThrow(message)
  })

  it('setting maxAge or reapInterval to a bad value throws and keeps the old value', () => {
    const { store } = fresh({ maxAge: 1000 })
    expect(() => (store.maxAge = -1)).toThrow(TypeError)
    expect(store.maxAge).toBe(1000)
    expect(() => (store.reapInterval = 0)).toThrow(TypeError)
    expect(store.reapInterval).toBe(-1)
  })
})

describe('store events', () => {
  it('announce set, delete and clear with copies of the data', () => {
    const { store } = fresh()
    const events: StoreEvent[] = []
    const off = store.on((e) => events.push(e))
    const data = { id: 'a', lastAccess: 1 }
    store.set('k', data)
    store.destroy('k')
    store.clear()
    off()
    store.set('z', { id: 'z' })
    expect(events.map((e) => e.type)).toEqual(['set', 'delete', 'clear'])
    expect(events[0]).toMatchObject({ key: 'k', data: { id: 'a', lastAccess: 1 } })
    expect((events[0] as { data: object }).data).not.toBe(data)
  })
})

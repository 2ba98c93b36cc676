import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { COOKIE_NAME } from '../connect/index.ts'
import { FINGERPRINT_NAMES } from './fingerprint-strategy.ts'
import { STACK_ORDERS } from './engine.ts'
import { createWorld, type World, type WorldOptions, type WorldSettings } from './world.ts'

const UA = ['Mozilla/5.0 Firefox/3.6.6', 'Mozilla/5.0 Safari/533.16']
const IPS = ['192.0.2.10', '198.51.100.23', '203.0.113.66']
const BROWSERS = ['a', 'b', 'c']

/** One step of a test program; advances move time, everything else happens at the current instant. */
type Op =
  | { op: 'send'; browser: string; method: string; path: string }
  | { op: 'advance'; ms: number }
  | { op: 'setIp'; browser: string; ip: string }
  | { op: 'setUserAgent'; browser: string; userAgent: string }
  | { op: 'clearCookies'; browser: string }
  | { op: 'steal'; from: string; to: string }
  | { op: 'configure'; settings: WorldSettings }

function fresh(options: WorldOptions): World {
  const w = createWorld(options)
  BROWSERS.forEach((name, i) => w.addBrowser({ name, userAgent: UA[i % 2] as string, ip: IPS[i] as string }))
  return w
}

function perform(w: World, o: Op): void {
  switch (o.op) {
    case 'send':
      w.dispatch(o.browser, { method: o.method, path: o.path })
      return
    case 'advance':
      w.advance(o.ms)
      return
    case 'setIp':
      w.setIp(o.browser, o.ip)
      return
    case 'setUserAgent':
      w.setUserAgent(o.browser, o.userAgent)
      return
    case 'clearCookies':
      w.clearCookies(o.browser)
      return
    case 'steal':
      // Only possible when there is something to steal; both worlds compared are in the same state, so they agree.
      if (o.from !== o.to && w.cookies(o.from).some((c) => c.name === COOKIE_NAME)) w.stealCookie(o.from, o.to)
      return
    case 'configure':
      w.configure(o.settings)
      return
  }
}

/** Plays a program from the start, stopping at virtual time `until` (actions at exactly `until` included). */
function playUntil(w: World, program: readonly Op[], until = Number.POSITIVE_INFINITY): number {
  for (let i = 0; i < program.length; i++) {
    const o = program[i] as Op
    if (o.op === 'advance' && w.now() + o.ms > until) {
      w.advance(until - w.now())
      return i
    }
    perform(w, o)
  }
  return program.length
}

/** Everything observable, as plain data. */
function observe(w: World): unknown {
  const { fingerprint, ...config } = w.config()
  return JSON.parse(
    JSON.stringify({
      now: w.now(),
      sessions: w.sessions(),
      browsers: w.browsers(),
      trace: w.trace(),
      stats: w.traceStats(),
      nextEvent: w.nextEventTime(),
      nextReap: w.nextReapTime(),
      inFlight: w.inFlight(),
      config,
      fingerprint: typeof fingerprint === 'string' ? fingerprint : 'custom',
    }),
  )
}

const OPTIONS: WorldOptions = { seed: 11, maxAge: 6000, reapInterval: 2000, checkpointEvery: 3 }

const PROGRAM: Op[] = [
  { op: 'send', browser: 'a', method: 'GET', path: '/' },
  { op: 'send', browser: 'b', method: 'POST', path: '/login?user=bob' },
  { op: 'advance', ms: 1500 },
  { op: 'send', browser: 'a', method: 'GET', path: '/' },
  { op: 'steal', from: 'b', to: 'c' },
  { op: 'send', browser: 'c', method: 'GET', path: '/whoami' },
  { op: 'advance', ms: 4000 },
  { op: 'configure', settings: { maxAge: 3000 } },
  { op: 'send', browser: 'b', method: 'GET', path: '/whoami' },
  { op: 'setIp', browser: 'a', ip: '100.64.0.1' },
  { op: 'send', browser: 'a', method: 'GET', path: '/' },
  { op: 'advance', ms: 9000 },
  { op: 'configure', settings: { faults: { latency: 40 } } },
  { op: 'send', browser: 'a', method: 'GET', path: '/' },
  { op: 'send', browser: 'a', method: 'GET', path: '/' },
  { op: 'advance', ms: 60 },
  { op: 'send', browser: 'b', method: 'POST', path: '/logout' },
  { op: 'advance', ms: 500 },
  { op: 'configure', settings: { faults: { latency: 0 }, fingerprint: 'user-agent', reapInterval: 1000 } },
  { op: 'send', browser: 'b', method: 'GET', path: '/' },
  { op: 'advance', ms: 12_000 },
]

describe('seek', () => {
  const full = fresh(OPTIONS)
  const start = full.now()
  playUntil(full, PROGRAM)
  const end = full.now()
  const final = observe(full)
  // Instants at actions, inside advances, with requests in flight (15 ms into the latency), and at the ends.
  const instants = [0, 1, 1500, 1501, 5499, 5500, 5501, 14_500, 14_515, 14_540, 14_541, 14_560, 15_000, 20_000, end - start]

  it('goes back to any instant and finds exactly what a fresh run to that instant finds', () => {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM)
    expect(w.history().checkpoints).toBeGreaterThan(3)
    for (const offset of [...instants].reverse()) {
      w.seek(start + offset)
      const reference = fresh(OPTIONS)
      playUntil(reference, PROGRAM, start + offset)
      expect(observe(w), `at +${offset} ms`).toEqual(observe(reference))
    }
  })

  it('scrubs back and forth over the same history', () => {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM)
    const order = [14_541, 1500, 20_000, 0, end - start, 5500, 14_515, end - start]
    for (const offset of order) {
      w.seek(start + offset)
      const reference = fresh(OPTIONS)
      playUntil(reference, PROGRAM, start + offset)
      expect(observe(w), `at +${offset} ms`).toEqual(observe(reference))
    }
    expect(observe(w)).toEqual(final)
    expect(w.history()).toMatchObject({ latest: end, ahead: 0 })
  })

  it('continues from where it went back to exactly as the original timeline did', () => {
    for (const offset of instants) {
      const w = fresh(OPTIONS)
      playUntil(w, PROGRAM)
      w.seek(start + offset)
      const probe = fresh(OPTIONS)
      const stoppedAt = playUntil(probe, PROGRAM, start + offset)
      // The rest of the program, starting with what is left of an advance cut short.
      const rest = PROGRAM.slice(stoppedAt)
      const head = rest[0]
      if (head?.op === 'advance') {
        const firstEnd = PROGRAM.slice(0, stoppedAt + 1).reduce((t, o) => t + (o.op === 'advance' ? o.ms : 0), start)
        rest[0] = { op: 'advance', ms: firstEnd - w.now() }
      }
      for (const o of rest) perform(w, o)
      expect(observe(w), `continued from +${offset} ms`).toEqual(final)
    }
  })

  it('forks: a change made after going back replaces the old future', () => {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM)
    const at = start + 5500
    w.seek(at)
    expect(w.history().ahead).toBeGreaterThan(0)
    w.configure({ maxAge: 60_000, fingerprint: 'none' })
    expect(w.history()).toMatchObject({ ahead: 0, latest: at })
    w.advance(10_000)
    const reference = fresh(OPTIONS)
    playUntil(reference, PROGRAM, at)
    reference.configure({ maxAge: 60_000, fingerprint: 'none' })
    reference.advance(10_000)
    expect(observe(w)).toEqual(observe(reference))
    expect(observe(w)).not.toEqual(final)
    expect(() => w.seek(end)).toThrow(RangeError)
  })

  it('settles requests that were in flight at the instant it went back to', () => {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM)
    w.seek(start + 14_515)
    expect(w.inFlight()).toBe(2)
    w.advance(100)
    const reference = fresh(OPTIONS)
    playUntil(reference, PROGRAM, start + 14_515)
    reference.advance(100)
    expect(reference.inFlight()).toBe(0)
    expect(observe(w)).toEqual(observe(reference))
  })

  it('restores browsers holding several cookies each, from checkpoints whose expiries had to grow', () => {
    const build = (upTo: number): World => {
      const w = createWorld({ seed: 5, checkpointEvery: 1 })
      for (let i = 0; i < 12; i++) w.addBrowser({ name: `m${i}`, userAgent: UA[0] as string, ip: `192.0.2.${i + 1}` })
      const steps: (() => void)[] = []
      for (let i = 0; i < 12; i++) steps.push(() => void w.dispatch(`m${i}`, { path: '/' }))
      steps.push(() => w.configure({ cookie: { path: '/app' } }))
      for (let i = 0; i < 12; i++) steps.push(() => void w.dispatch(`m${i}`, { path: '/app/x' }))
      steps.push(() => w.advance(1_000))
      for (let i = 0; i < 12; i++) steps.push(() => void w.dispatch(`m${i}`, { path: '/app/x' }))
      steps.push(() => w.advance(1_000))
      for (const step of steps.slice(0, upTo)) step()
      return w
    }
    const full = build(Infinity)
    expect(full.browsers()[0]?.cookies.map((c) => c.path)).toEqual(['/', '/app'])
    // 24 cookies outgrow the expiry array a checkpoint of 12 browsers starts with.
    for (const steps of [25, 38]) {
      const reference = build(steps)
      full.seek(reference.now())
      expect(observe(full)).toEqual(observe(reference))
    }
  })

  it('refuses instants outside the history, changing nothing', () => {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM)
    w.seek(start + 1500)
    const before = observe(w)
    expect(() => w.seek(end + 1)).toThrow(/beyond the end of the history/)
    expect(() => w.seek(start - 1)).toThrow(/before the earliest instant/)
    expect(() => w.seek(Number.NaN)).toThrow(RangeError)
    expect(observe(w)).toEqual(before)
    w.seek(w.now())
    expect(observe(w)).toEqual(before)
  })

  it('keeps memory bounded: past historyCap the oldest history is forgotten', () => {
    const w = fresh({ ...OPTIONS, historyCap: 40, checkpointEvery: 5 })
    for (let i = 0; i < 200; i++) {
      w.dispatch(BROWSERS[i % 3] as string, {})
      w.advance(100)
    }
    const { earliest, actions, checkpoints } = w.history()
    expect(earliest).toBeGreaterThan(start)
    expect(actions).toBeLessThanOrEqual(40 + 10)
    expect(checkpoints).toBeLessThan(12)
    expect(() => w.seek(earliest - 1)).toThrow(RangeError)
    w.seek(earliest)
    expect(w.now()).toBe(earliest)
  })

  it('keeps memory bounded by an estimate of bytes too', () => {
    const w = fresh({ ...OPTIONS, historyBytes: 64 * 1024, checkpointEvery: 10 })
    for (let i = 0; i < 500; i++) {
      w.dispatch(BROWSERS[i % 3] as string, {})
      w.advance(10)
    }
    const { earliest, bytes } = w.history()
    expect(bytes).toBeLessThanOrEqual(64 * 1024)
    expect(earliest).toBeGreaterThan(start)
    w.seek(earliest)
    expect(w.now()).toBe(earliest)
    expect(() => createWorld({ historyBytes: 0 })).toThrow(RangeError)
  })

  it('property: after any history, seeking to any instant matches a fresh run to it', () => {
    const browser = fc.constantFrom(...BROWSERS)
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('send' as const), browser, route: fc.constantFrom('GET /', 'GET /whoami', 'POST /login?user=x', 'POST /login?user=y&regenerate=1', 'POST /logout', 'GET /nope') }).map(({ browser: b, route }) => ({ op: 'send' as const, browser: b, method: route.split(' ')[0] as string, path: route.split(' ')[1] as string })) },
      { weight: 4, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5000 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('setIp' as const), browser, ip: fc.constantFrom(...IPS) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('setUserAgent' as const), browser, userAgent: fc.constantFrom(...UA) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('clearCookies' as const), browser }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('steal' as const), from: browser, to: browser }) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            fc.record({ maxAge: fc.integer({ min: 1000, max: 20_000 }) }),
            fc.record({ reapInterval: fc.integer({ min: 500, max: 5000 }) }),
            fc.record({ fingerprint: fc.constantFrom(...FINGERPRINT_NAMES) }),
            fc.record({ stackOrder: fc.constantFrom(...STACK_ORDERS) }),
            fc.record({ faults: fc.record({ latency: fc.constantFrom(0, 0, 25), failNextGet: fc.constantFrom(0, 1), failNextSet: fc.constantFrom(0, 1), failureRate: fc.constantFrom(0, 0, 0.3) }) }),
          )
          .map((settings) => ({ op: 'configure' as const, settings: settings as WorldSettings })),
      },
    )
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 60, size: 'medium' }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(4, 10_000),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
        (program, every, traceCap, wheres) => {
          const options: WorldOptions = { seed: 5, maxAge: 4000, reapInterval: 1500, checkpointEvery: every, traceCap }
          const w = fresh(options)
          playUntil(w, program)
          const end = w.now()
          for (const where of wheres) {
            const t = Math.round(start + where * (end - start))
            w.seek(t)
            const reference = fresh(options)
            playUntil(reference, program, t)
            const got = observe(w) as { trace: { seq: number }[]; stats: unknown }
            const want = observe(reference) as { trace: { seq: number }[]; stats: unknown }
            if (traceCap === 10_000) {
              expect(got).toEqual(want)
            } else {
              // A small cap may have dropped records that a replay cannot bring back: the window is shorter, never wrong.
              expect({ ...got, trace: null, stats: null }).toEqual({ ...want, trace: null, stats: null })
              expect(want.trace.slice(want.trace.length - got.trace.length)).toEqual(got.trace)
            }
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('forks', () => {
  const BRANCH: Op[] = [
    { op: 'send', browser: 'c', method: 'POST', path: '/login?user=carol' },
    { op: 'advance', ms: 3000 },
    { op: 'send', browser: 'a', method: 'GET', path: '/' },
  ]

  /** The program up to `until`, then another future. */
  function branched(until: number, branch: readonly Op[]): World {
    const w = fresh(OPTIONS)
    playUntil(w, PROGRAM, w.now() + until)
    for (const o of branch) perform(w, o)
    return w
  }

  it('sets the future aside at a fork and brings it back on undo, as often as asked', () => {
    const w = fresh(OPTIONS)
    const start = w.now()
    playUntil(w, PROGRAM)
    const full = observe(w)
    const end = w.now()
    expect(w.history().fork).toBeNull()
    w.seek(start + 5500)
    expect(w.history().fork).toBeNull()
    for (const o of BRANCH) perform(w, o)
    const fork = w.history().fork
    expect(fork).toMatchObject({ at: start + 5500, latest: end })
    expect(fork?.actions).toBeGreaterThan(5)
    expect(w.history().latest).toBe(w.now())
    expect(observe(w)).toEqual(observe(branched(5500, BRANCH)))
    const branchEnd = w.now()

    w.undoFork()
    // Back at the fork point, the old future ahead again, and the branch now the one set aside.
    const atFork = fresh(OPTIONS)
    playUntil(atFork, PROGRAM, start + 5500)
    expect(observe(w)).toEqual(observe(atFork))
    expect(w.history()).toMatchObject({ latest: end, fork: { at: start + 5500, actions: 3, latest: branchEnd } })
    w.seek(end)
    expect(observe(w)).toEqual(full)

    // Undoing again redoes the branch.
    w.undoFork()
    w.seek(w.history().latest)
    expect(observe(w)).toEqual(observe(branched(5500, BRANCH)))
  })

  it('keeps the fork point exact when seeks split the advances before it', () => {
    const w = fresh(OPTIONS)
    const start = w.now()
    playUntil(w, PROGRAM)
    const full = observe(w)
    w.seek(start + 14_515)
    perform(w, { op: 'send', browser: 'b', method: 'GET', path: '/' })
    // Scrub inside the branch's segment, cutting advances in two before the fork point.
    w.seek(start + 700)
    w.seek(start + 3000)
    w.undoFork()
    expect(w.now()).toBe(start + 14_515)
    w.seek(w.history().latest)
    expect(observe(w)).toEqual(full)
  })

  it('has nothing to undo without a fork, and lets a fork go when asked', () => {
    const w = fresh(OPTIONS)
    expect(() => w.undoFork()).toThrow(/no fork to undo/)
    const start = w.now()
    playUntil(w, PROGRAM)
    const before = w.history().bytes
    w.seek(start + 1500)
    perform(w, { op: 'clearCookies', browser: 'a' })
    expect(w.history().fork).not.toBeNull()
    expect(w.history().bytes).toBeGreaterThan(before / 2)
    w.forgetFork()
    expect(w.history().fork).toBeNull()
    expect(() => w.undoFork()).toThrow(/no fork to undo/)
  })
})

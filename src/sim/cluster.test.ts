import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { COOKIE_NAME } from '../connect/index.ts'
import { parseRecording } from './action-schema.ts'
import { BALANCER_COOKIE, checkCluster, DEFAULT_CLUSTER, serverForAddress, serverFromCookie, type ClusterInput } from './cluster.ts'
import { captureWorld, restoreRecording } from './recording.ts'
import type { ExchangeRecord, ReapRecord } from './trace.ts'
import { createWorld, type World, type WorldOptions } from './world.ts'

const FIREFOX = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'
const SAFARI = 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_4; en-us) AppleWebKit/533.16 (KHTML, like Gecko) Version/5.0 Safari/533.16'

function world(options: WorldOptions): World {
  const w = createWorld(options)
  w.addBrowser({ name: 'alice', userAgent: FIREFOX, ip: '192.0.2.11' })
  w.addBrowser({ name: 'bob', userAgent: SAFARI, ip: '198.51.100.20' })
  return w
}

function send(w: World, browser: string, path = '/'): ExchangeRecord {
  let out: ExchangeRecord | undefined
  w.dispatch(browser, { path, method: path.startsWith('/login') ? 'POST' : 'GET' }, (r) => (out = r))
  if (out === undefined) throw new Error('the request did not finish')
  return out
}

describe('cluster settings', () => {
  it('fill in the defaults and refuse what a deployment cannot be, saying what to write', () => {
    expect(checkCluster({})).toEqual(DEFAULT_CLUSTER)
    expect(checkCluster({ servers: 3, proxy: {} })).toEqual({ servers: 3, balancer: 'round-robin', store: 'per-server', proxy: { address: '10.0.0.1', trusted: false } })
    expect(() => checkCluster({ servers: 0 })).toThrow(/cluster.servers must be a whole number from 1 to 8; got 0/)
    expect(() => checkCluster({ servers: 2.5 })).toThrow(/whole number/)
    expect(() => checkCluster({ balancer: 'random' })).toThrow(/cluster.balancer must be one of round-robin, sticky-address, sticky-cookie/)
    expect(() => checkCluster({ store: 'redis' })).toThrow(/cluster.store must be one of per-server, shared/)
    expect(() => checkCluster({ proxy: { address: 'localhost' } })).toThrow(/cluster.proxy.address must be an IPv4 or IPv6 address/)
    expect(() => checkCluster({ proxy: { trusted: 'yes' } } as unknown as ClusterInput)).toThrow(/trusted must be true or false/)
    expect(() => checkCluster({ nodes: 3 } as unknown as ClusterInput)).toThrow(/unknown cluster setting "nodes"/)
  })

  it('are refused by the world before anything changes', () => {
    const w = world({})
    send(w, 'alice')
    const before = w.actions().length
    expect(() => w.configure({ cluster: { servers: 9 } })).toThrow(/from 1 to 8/)
    expect(w.actions().length).toBe(before)
    expect(() => createWorld({ cluster: { balancer: 'hash' as never } })).toThrow(/cluster.balancer/)
  })

  it('are checked by the schema where recordings come from outside', () => {
    const recording = { config: { cluster: { servers: 3, balancer: 'sticky-cookie', store: 'shared' } }, browsers: [], actions: [] }
    expect(parseRecording(recording).config.cluster).toEqual({ servers: 3, balancer: 'sticky-cookie', store: 'shared' })
    expect(() => parseRecording({ ...recording, config: { cluster: { servers: 12 } } })).toThrow(/config.cluster.servers: must be ≤ 8/)
    expect(() => parseRecording({ ...recording, config: { cluster: { replicas: 2 } } })).toThrow(/config.cluster.replicas: unknown key/)
  })
})

describe('the default world is the single server it always was', () => {
  it('records no server, writes no cluster into its recording, and shows no store column', () => {
    const w = world({})
    const r = send(w, 'alice')
    expect(r.server).toBeUndefined()
    expect(Object.keys(JSON.parse(JSON.stringify(r)) as object)).not.toContain('server')
    expect(w.sessions()[0]).not.toHaveProperty('store')
    expect(captureWorld(w).config).not.toHaveProperty('cluster')
    expect(w.config().cluster).toEqual(DEFAULT_CLUSTER)
  })
})

describe('a cluster', () => {
  it('round robin with a MemoryStore each: every hop misses, and each store holds what its server made', () => {
    const w = world({ cluster: { servers: 3 } })
    const hops = [send(w, 'alice'), send(w, 'alice'), send(w, 'alice')]
    expect(hops.map((r) => r.server)).toEqual(['app-1', 'app-2', 'app-3'])
    expect(hops.map((r) => r.lookup)).toEqual(['none', 'miss', 'miss'])
    expect(new Set(hops.map((r) => r.sessionId)).size).toBe(3)
    expect(w.sessions().map((s) => s.store)).toEqual(['app-1', 'app-2', 'app-3'])
  })

  it('one shared store: the session survives every hop', () => {
    const w = world({ cluster: { servers: 3, store: 'shared' } })
    const hops = Array.from({ length: 6 }, () => send(w, 'alice'))
    expect(hops.map((r) => r.server)).toEqual(['app-1', 'app-2', 'app-3', 'app-1', 'app-2', 'app-3'])
    expect(new Set(hops.map((r) => r.sessionId)).size).toBe(1)
    expect(hops[5]?.response.body).toBe('views: 6')
    expect(w.sessions().map((s) => s.store)).toEqual(['shared'])
  })

  it('sticky by address keeps each client on one server until the proxy gives everyone its address', () => {
    const w = world({ cluster: { servers: 3, balancer: 'sticky-address' } })
    const alice = serverForAddress('192.0.2.11', 3)
    const bob = serverForAddress('198.51.100.20', 3)
    expect(alice).not.toBe(bob)
    expect([send(w, 'alice'), send(w, 'alice')].map((r) => r.server)).toEqual([`app-${alice + 1}`, `app-${alice + 1}`])
    expect(send(w, 'bob').server).toBe(`app-${bob + 1}`)
    w.configure({ cluster: { servers: 3, balancer: 'sticky-address', proxy: { address: '10.0.0.1' } } })
    const proxied = `app-${serverForAddress('10.0.0.1', 3) + 1}`
    expect([send(w, 'alice').server, send(w, 'bob').server]).toEqual([proxied, proxied])
  })

  it('sticky by cookie: the balancer sets its cookie once and follows it, so a MemoryStore each is enough', () => {
    const w = world({ cluster: { servers: 3, balancer: 'sticky-cookie' } })
    const first = send(w, 'alice')
    expect(first.response.setCookie).toContain(`${BALANCER_COOKIE}=app-1; Path=/`)
    const bob = send(w, 'bob')
    expect(bob.server).toBe('app-2')
    const again = [send(w, 'alice'), send(w, 'alice')]
    expect(again.map((r) => r.server)).toEqual(['app-1', 'app-1'])
    expect(again.map((r) => r.sessionId)).toEqual([first.sessionId, first.sessionId])
    expect(again.every((r) => !r.response.setCookie.some((c) => c.startsWith(BALANCER_COOKIE)))).toBe(true)
    expect(serverFromCookie(`${COOKIE_NAME}=x; ${BALANCER_COOKIE}=app-3`, 3)).toBe(2)
    expect(serverFromCookie(`${BALANCER_COOKIE}=app-4`, 3)).toBe(-1)
    expect(serverFromCookie(`X${BALANCER_COOKIE}=app-1`, 3)).toBe(-1)
  })

  it('behind a proxy every server sees its address, and the 2010 fingerprint binds only the User-Agent', () => {
    const w = world({ cluster: { servers: 2, store: 'shared', proxy: { address: '10.0.0.1' } } })
    w.addBrowser({ name: 'mallory', userAgent: FIREFOX, ip: '203.0.113.9' })
    const login = send(w, 'alice', '/login?user=alice')
    const inputs = login.steps.find((s) => s.type === 'fingerprint')
    expect(inputs?.type === 'fingerprint' && inputs.inputs?.remoteAddress).toBe('10.0.0.1')
    expect(login.request.ip).toBe('192.0.2.11')
    w.stealCookie('alice', 'mallory')
    const stolen = send(w, 'mallory', '/whoami')
    expect(stolen.lookup).toBe('hit')
    expect(stolen.response.body).toBe('alice')
  })

  it("trusting the proxy's header (the library's trustProxy) gives the fingerprint each client's address back", () => {
    const w = world({ cluster: { servers: 2, store: 'shared', proxy: { address: '10.0.0.1', trusted: true } } })
    w.addBrowser({ name: 'mallory', userAgent: FIREFOX, ip: '203.0.113.9' })
    const login = send(w, 'alice', '/login?user=alice')
    const inputs = login.steps.find((s) => s.type === 'fingerprint')
    expect(inputs?.type === 'fingerprint' && inputs.inputs?.remoteAddress).toBe('192.0.2.11')
    w.stealCookie('alice', 'mallory')
    const stolen = send(w, 'mallory', '/whoami')
    expect(stolen.lookup).toBe('miss')
    expect(stolen.newSession).toBe(true)
    expect(send(w, 'alice', '/whoami').response.body).toBe('alice')
  })

  it('a server that goes takes its own sessions with it; a new one starts empty; shared sessions stay', () => {
    const w = world({ cluster: { servers: 3 } })
    send(w, 'alice')
    send(w, 'alice')
    send(w, 'alice')
    w.configure({ cluster: { servers: 2 } })
    expect(w.sessions().map((s) => s.store)).toEqual(['app-1', 'app-2'])
    w.configure({ cluster: { servers: 4 } })
    expect(w.sessions().map((s) => s.store)).toEqual(['app-1', 'app-2'])
    w.configure({ cluster: { servers: 4, store: 'shared' } })
    expect(w.sessions().map((s) => s.store)).toEqual(['shared'])
    w.configure({})
    w.configure({ cluster: {} })
    expect(w.sessions()).toHaveLength(1)
    expect(w.sessions()[0]).not.toHaveProperty('store')
  })

  it("reaps every server's store on one schedule, each reap naming the store it swept", () => {
    const w = world({ maxAge: 5_000, reapInterval: 2_000, cluster: { servers: 2 } })
    send(w, 'alice')
    send(w, 'alice')
    w.advance(10_000)
    const reaps = w.trace().filter((r): r is ReapRecord => r.kind === 'reap')
    // At 4 s each reap announces its session due next; at 6 s each removes it.
    expect(reaps.map((r) => [r.time - w.startTime(), r.store, r.removed.length, r.dueNext.length])).toEqual([
      [4_000, 'app-1', 0, 1],
      [4_000, 'app-2', 0, 1],
      [6_000, 'app-1', 1, 0],
      [6_000, 'app-2', 1, 0],
    ])
    expect(w.sessions()).toEqual([])
  })

  it('is written into recordings and links, and rebuilt from them exactly', () => {
    const w = world({ cluster: { servers: 3, balancer: 'sticky-cookie', store: 'per-server' } })
    send(w, 'alice')
    send(w, 'bob')
    w.configure({ cluster: { servers: 2, balancer: 'round-robin', store: 'shared', proxy: { trusted: true } } })
    send(w, 'alice')
    const recording = captureWorld(w)
    expect(recording.config.cluster).toEqual({ servers: 3, balancer: 'sticky-cookie', store: 'per-server', proxy: null })
    const copy = restoreRecording(parseRecording(JSON.parse(JSON.stringify(recording))))
    expect(JSON.stringify(copy.trace())).toBe(JSON.stringify(w.trace()))
    expect(copy.sessions()).toEqual(w.sessions())
    expect(copy.config().cluster).toEqual(w.config().cluster)
  })
})

// ---- time travel ------------------------------------------------------------------------------------------

type Op = { op: 'send'; browser: string; path: string } | { op: 'advance'; ms: number } | { op: 'cluster'; cluster: ClusterInput } | { op: 'setIp'; browser: string; ip: string }

function perform(w: World, o: Op): void {
  if (o.op === 'send') w.dispatch(o.browser, { path: o.path, method: o.path.startsWith('/login') ? 'POST' : 'GET' })
  else if (o.op === 'advance') w.advance(o.ms)
  else if (o.op === 'setIp') w.setIp(o.browser, o.ip)
  else w.configure({ cluster: o.cluster })
}

function playUntil(w: World, program: readonly Op[], until = Number.POSITIVE_INFINITY): void {
  for (const o of program) {
    if (o.op === 'advance' && w.now() + o.ms > until) {
      w.advance(until - w.now())
      return
    }
    perform(w, o)
  }
}

function observe(w: World): unknown {
  return JSON.parse(JSON.stringify({ now: w.now(), sessions: w.sessions(), browsers: w.browsers(), trace: w.trace(), nextReap: w.nextReapTime(), nextEvent: w.nextEventTime(), config: w.config() }))
}

describe('time travel in a cluster', () => {
  const OPTIONS: WorldOptions = { seed: 3, maxAge: 4_000, reapInterval: 1_500, checkpointEvery: 2 }
  const PROGRAM: Op[] = [
    { op: 'cluster', cluster: { servers: 3 } },
    { op: 'send', browser: 'alice', path: '/login?user=alice' },
    { op: 'send', browser: 'bob', path: '/' },
    { op: 'advance', ms: 1_000 },
    { op: 'send', browser: 'alice', path: '/' },
    { op: 'send', browser: 'alice', path: '/whoami' },
    { op: 'advance', ms: 2_500 },
    { op: 'cluster', cluster: { servers: 2, balancer: 'sticky-cookie' } },
    { op: 'send', browser: 'bob', path: '/' },
    { op: 'send', browser: 'bob', path: '/' },
    { op: 'advance', ms: 3_000 },
    { op: 'cluster', cluster: { servers: 4, balancer: 'sticky-address', proxy: { address: '10.0.0.1', trusted: true } } },
    { op: 'send', browser: 'alice', path: '/' },
    { op: 'advance', ms: 6_000 },
    { op: 'send', browser: 'bob', path: '/' },
  ]

  it('seeks to any instant and finds what a fresh run to that instant finds: every store, the balancer, the reapers', () => {
    const w = world(OPTIONS)
    playUntil(w, PROGRAM)
    const start = w.startTime()
    const end = w.now()
    expect(w.history().checkpoints).toBeGreaterThan(2)
    for (const t of [end, start, start + 1_000, start + 3_600, start + 3_500, start + 7_000, start + 9_000, end - 1, end]) {
      w.seek(t)
      const reference = world(OPTIONS)
      playUntil(reference, PROGRAM, t)
      expect(observe(w)).toEqual(observe(reference))
    }
    // And the timeline goes on from a point in the past exactly as a fresh one does.
    w.seek(start + 3_500)
    w.dispatch('bob', {})
    const reference = world(OPTIONS)
    playUntil(reference, PROGRAM, start + 3_500)
    reference.dispatch('bob', {})
    expect(observe(w)).toEqual(observe(reference))
  })

  it('property: after any history of requests, time and deployments, seeking matches a fresh run', () => {
    const browser = fc.constantFrom('alice', 'bob')
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('send' as const), browser, path: fc.constantFrom('/', '/whoami', '/login?user=x', '/logout') }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4_000 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('setIp' as const), browser, ip: fc.constantFrom('192.0.2.11', '198.51.100.20', '203.0.113.5') }) },
      {
        weight: 2,
        arbitrary: fc
          .record({
            servers: fc.integer({ min: 1, max: 4 }),
            balancer: fc.constantFrom('round-robin' as const, 'sticky-address' as const, 'sticky-cookie' as const),
            store: fc.constantFrom('per-server' as const, 'shared' as const),
            proxy: fc.constantFrom(null, { trusted: false }, { trusted: true }),
          })
          .map((cluster) => ({ op: 'cluster' as const, cluster })),
      },
    )
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), (program, every, where) => {
        const options: WorldOptions = { seed: 9, maxAge: 3_000, reapInterval: 1_000, checkpointEvery: every }
        const w = world(options)
        playUntil(w, program)
        const t = Math.round(w.startTime() + where * (w.now() - w.startTime()))
        w.seek(t)
        const reference = world(options)
        playUntil(reference, program, t)
        expect(observe(w)).toEqual(observe(reference))
      }),
      { numRuns: 60 },
    )
  })
})

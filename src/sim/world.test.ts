import { describe, expect, it, vi } from 'vitest'
import { md5, type Request } from '../connect/index.ts'
import { createWorld, UnknownBrowserError, type World, type WorldOptions } from './world.ts'
import type { ExchangeRecord, ReapRecord, TraceRecord } from './trace.ts'
import { DEFAULT_START_TIME } from './virtual-clock.ts'

const FIREFOX = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'
const SAFARI = 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_4; en-us) AppleWebKit/533.16 (KHTML, like Gecko) Version/5.0 Safari/533.16'

function worldWith(options: WorldOptions = {}, browsers: { name: string; userAgent?: string; ip?: string }[] = [{ name: 'alice' }]): World {
  const w = createWorld(options)
  for (const b of browsers) w.addBrowser({ name: b.name, userAgent: b.userAgent ?? FIREFOX, ip: b.ip ?? '192.0.2.10' })
  return w
}

const reaps = (w: World): ReapRecord[] => w.trace().filter((r): r is ReapRecord => r.kind === 'reap')
const exchanges = (w: World): ExchangeRecord[] => w.trace().filter((r): r is ExchangeRecord => r.kind === 'exchange')

/** Everything observable about a world, as plain data. */
function observe(w: World): unknown {
  return JSON.parse(JSON.stringify({ now: w.now(), sessions: w.sessions(), browsers: w.browsers(), trace: w.trace(), stats: w.traceStats() }))
}

describe('a new world', () => {
  it('has every default in place', () => {
    const config = createWorld().config()
    expect(config).toMatchObject({
      seed: 1,
      startTime: DEFAULT_START_TIME,
      reapInterval: 600_000,
      maxAge: 14_400_000,
      fingerprint: 'default',
      cookie: undefined,
      stackOrder: 'decoder-first',
      traceCap: 10_000,
      faults: { latency: 0, failNextGet: 0, failNextSet: 0, failureRate: 0 },
    })
    expect(createWorld().nextReapTime()).toBe(DEFAULT_START_TIME + 600_000)
  })

  it('refuses unknown options, naming them (and the seed page’s maxAage typo)', () => {
    expect(() => createWorld({ maxAage: 5 } as WorldOptions)).toThrow(/unknown option "maxAage"/)
    expect(() => createWorld({ reapInterval: 0 })).toThrow(/reapInterval must be a positive number/)
    expect(() => createWorld({ stackOrder: 'upside-down' as 'decoder-first' })).toThrow(/stackOrder must be one of/)
  })
})

describe('sessions through the real library', () => {
  it('generates a session for a request without a cookie, with the 2010 Set-Cookie, and the browser keeps it', async () => {
    const w = worldWith()
    const x = await w.send('alice', { path: '/' })
    expect(x.response.status).toBe(200)
    expect(x.response.body).toBe('views: 1')
    expect(x.newSession).toBe(true)
    expect(x.lookup).toBe('none')
    expect(x.sessionId).toMatch(/^[0-9a-f]{32}$/)
    expect(x.sessionKey).toBe(md5(`${x.sessionId}192.0.2.10${FIREFOX}`))
    expect(x.response.setCookie).toEqual([`connect.sid=${x.sessionId}; path=/; httpOnly; expires=Fri, 09 Jul 2010 16:00:00 GMT`])
    expect(x.steps.map((s) => s.type)).toEqual(['fingerprint', 'generate', 'commit'])
    expect(x.steps[1]).toMatchObject({ type: 'generate', reason: 'no-cookie' })
    expect(w.cookies('alice')).toEqual([
      { name: 'connect.sid', value: x.sessionId, path: '/', expires: DEFAULT_START_TIME + 14_400_000, httpOnly: true, secure: false },
    ])
    expect(w.sessions()).toEqual([{ key: x.sessionKey, id: x.sessionId, lastAccess: DEFAULT_START_TIME, data: { id: x.sessionId, lastAccess: DEFAULT_START_TIME, views: 1 } }])
  })

  it('persists across requests: the cookie comes back, the session is found, loaded, touched and saved again', async () => {
    const w = worldWith()
    const first = await w.send('alice', {})
    w.advance(60_000)
    const second = await w.send('alice', {})
    expect(second.request.cookie).toBe(`connect.sid=${first.sessionId}`)
    expect(second.lookup).toBe('hit')
    expect(second.newSession).toBe(false)
    expect(second.sessionId).toBe(first.sessionId)
    expect(second.response.body).toBe('views: 2')
    expect(second.steps.map((s) => s.type)).toEqual(['fingerprint', 'lookup', 'load', 'touch', 'commit'])
    const fp = second.steps[0]
    expect(fp).toMatchObject({ type: 'fingerprint', inputs: { id: first.sessionId, remoteAddress: '192.0.2.10', userAgent: FIREFOX } })
    expect(second.steps[3]).toMatchObject({ type: 'touch', lastAccess: DEFAULT_START_TIME + 60_000 })
    expect(second.steps[4]).toMatchObject({ type: 'commit', data: { views: 2, lastAccess: DEFAULT_START_TIME + 60_000 } })
    expect(w.sessions()).toHaveLength(1)
  })

  it('gives a new session when the User-Agent changes, and when the IP changes', async () => {
    const w = worldWith()
    const first = await w.send('alice', {})
    w.setUserAgent('alice', SAFARI)
    const afterUa = await w.send('alice', {})
    expect(afterUa.lookup).toBe('miss')
    expect(afterUa.newSession).toBe(true)
    expect(afterUa.sessionId).not.toBe(first.sessionId)
    expect(afterUa.steps.find((s) => s.type === 'generate')).toMatchObject({ reason: 'store-miss' })
    w.setIp('alice', '100.64.23.9')
    const afterIp = await w.send('alice', {})
    expect(afterIp.lookup).toBe('miss')
    expect(afterIp.sessionId).not.toBe(afterUa.sessionId)
    expect(afterIp.response.body).toBe('views: 1')
    // Neither old session was removed: they wait for the reaper.
    expect(w.sessions()).toHaveLength(3)
  })

  it('blocks a stolen cookie used from another IP, and serves it behind the same NAT and browser', async () => {
    const w = worldWith({}, [{ name: 'alice' }, { name: 'mallory', ip: '203.0.113.66' }, { name: 'officemate' }])
    const login = await w.send('alice', { method: 'POST', path: '/login?user=alice' })
    w.stealCookie('alice', 'mallory')
    w.stealCookie('alice', 'officemate')
    expect(w.cookies('mallory')[0]?.value).toBe(login.sessionId)
    const blocked = await w.send('mallory', { path: '/whoami' })
    expect(blocked).toMatchObject({ lookup: 'miss', newSession: true, response: { body: 'anonymous' } })
    const hijacked = await w.send('officemate', { path: '/whoami' })
    expect(hijacked).toMatchObject({ lookup: 'hit', newSession: false, sessionId: login.sessionId, response: { body: 'alice' } })
  })

  it('reaps a session at the first reap after it goes stale (maxAge 5 s, reapInterval 2 s)', async () => {
    const w = worldWith({ maxAge: 5000, reapInterval: 2000 })
    const x = await w.send('alice', {})
    w.advance(4000)
    expect(w.sessions()).toHaveLength(1)
    // The reap at 4 s keeps it (idle 4 s) but lists it as due next: at 6 s it will be idle 6 s > 5 s. The one at
    // 2 s would neither remove nor announce anything, so the clock skipped it.
    expect(reaps(w).map((r) => [r.time - DEFAULT_START_TIME, r.removed.length, r.dueNext])).toEqual([[4000, 0, [x.sessionKey]]])
    w.advance(1999)
    expect(w.sessions()).toHaveLength(1)
    w.advance(1)
    expect(w.sessions()).toEqual([])
    const last = reaps(w).at(-1)
    expect(last).toMatchObject({ time: DEFAULT_START_TIME + 6000, threshold: DEFAULT_START_TIME + 1000, maxAge: 5000, reapInterval: 2000, removed: [x.sessionKey], remaining: 0 })
  })

  it('keeps a session exactly maxAge old (the comparison is strict) and revives an idle one loaded before the reap', async () => {
    // The cookie is issued under a 10 s maxAge; the server then shortens maxAge to 4 s, so the cookie outlives it.
    const w = worldWith({ maxAge: 10_000, reapInterval: 4000 })
    const first = await w.send('alice', {})
    w.configure({ maxAge: 4000 })
    w.advance(4000)
    expect(reaps(w)[0]).toMatchObject({ threshold: DEFAULT_START_TIME, removed: [], dueNext: [first.sessionKey] })
    w.advance(1)
    // Idle 4001 ms > maxAge, but no reap has run since: a zombie, loaded and touched back to life.
    const again = await w.send('alice', {})
    expect(again).toMatchObject({ lookup: 'hit', sessionId: first.sessionId, response: { body: 'views: 2' } })
    w.advance(4000)
    expect(reaps(w)[1]).toMatchObject({ removed: [] })
    expect(w.sessions()).toHaveLength(1)
  })

  it('counts views, logs in (optionally regenerating), answers whoami and logs out', async () => {
    const w = worldWith()
    const login = await w.send('alice', { method: 'POST', path: '/login', body: 'user=alice' })
    expect(login.response.body).toBe('logged in as alice')
    const regen = await w.send('alice', { method: 'POST', path: '/login?user=alice&regenerate=1' })
    expect(regen.sessionId).not.toBe(login.sessionId)
    expect(regen.newSession).toBe(true)
    expect(regen.steps.map((s) => s.type)).toContain('regenerate')
    expect((await w.send('alice', { path: '/whoami' })).response.body).toBe('alice')
    const out = await w.send('alice', { method: 'POST', path: '/logout' })
    expect(out).toMatchObject({ sessionId: null, response: { status: 200, body: 'logged out', setCookie: [] } })
    expect(out.steps.map((s) => s.type)).toEqual(['fingerprint', 'lookup', 'load', 'touch', 'destroy', 'skip-commit'])
    expect(w.sessions()).toEqual([])
    expect((await w.send('alice', { method: 'POST', path: '/login' })).response.status).toBe(400)
  })

  it('falls through to the library’s 404 for other paths, and still commits the session', async () => {
    const w = worldWith()
    const x = await w.send('alice', { path: '/nowhere' })
    expect(x.response).toMatchObject({ status: 404, body: 'Cannot GET /nowhere' })
    expect(x.response.setCookie).toHaveLength(1)
  })

  it('shows the missing-decoder error whichever way the decoder is misplaced, and recovers when it is put first', async () => {
    for (const stackOrder of ['decoder-after', 'decoder-missing'] as const) {
      const w = worldWith({ stackOrder })
      const x = await w.send('alice', {})
      expect(x.response).toEqual({ status: 500, body: 'Error: session requires cookieDecoder to work properly', setCookie: [] })
      expect(w.sessions()).toEqual([])
      w.configure({ stackOrder: 'decoder-first' })
      expect((await w.send('alice', {})).response.status).toBe(200)
    }
  })
})

describe('configuration while running', () => {
  it('restarts the reaper from now when reapInterval changes', () => {
    const w = worldWith()
    w.advance(100_000)
    w.configure({ reapInterval: 5000 })
    expect(w.nextReapTime()).toBe(w.now() + 5000)
    w.configure({ reapInterval: -1 })
    expect(w.nextReapTime()).toBeNull()
  })

  it('applies maxAge to the next cookie and the next reap', async () => {
    const w = worldWith()
    await w.send('alice', {})
    w.configure({ maxAge: 60_000 })
    const x = await w.send('alice', {})
    expect(x.response.setCookie[0]).toContain('expires=Fri, 09 Jul 2010 12:01:00 GMT')
    w.configure({ reapInterval: 1000 })
    w.advance(61_000)
    expect(w.sessions()).toEqual([])
  })

  it('applies cookie options to the next Set-Cookie, keeping the default keys’ order', async () => {
    const w = worldWith()
    w.configure({ cookie: { path: '/', httpOnly: false, domain: 'example.com' } })
    const x = await w.send('alice', {})
    expect(x.response.setCookie[0]).toMatch(/^connect\.sid=[0-9a-f]{32}; path=\/; domain=example\.com; expires=/)
    w.configure({ cookie: undefined })
    expect((await w.send('alice', {})).response.setCookie[0]).toMatch(/; path=\/; httpOnly; expires=/)
  })

  it('switches fingerprint strategies from the next request; stored sessions keep their keys and stop matching', async () => {
    const w = worldWith()
    const first = await w.send('alice', {})
    w.configure({ fingerprint: 'user-agent' })
    const x = await w.send('alice', {})
    expect(x.strategy).toBe('user-agent')
    expect(x.lookup).toBe('miss')
    expect(x.sessionKey).toBe(md5(`${x.sessionId}${FIREFOX}`))
    // The named strategies report what they joined, as the library's default does.
    expect(x.steps[0]).toMatchObject({ type: 'fingerprint', inputs: { id: first.sessionId, userAgent: FIREFOX } })
    // No address in the key now: moving network keeps the session.
    w.setIp('alice', '100.64.23.9')
    expect((await w.send('alice', {})).sessionId).toBe(x.sessionId)
    w.configure({ fingerprint: 'none' })
    const y = await w.send('alice', {})
    expect(y.sessionKey).toBe(md5(y.sessionId as string))
    expect(w.sessions().map((s) => s.id)).toContain(first.sessionId)
  })

  it('refuses bad settings without changing anything', () => {
    const w = worldWith()
    const before = observe(w)
    const version = w.version()
    expect(() => w.configure({ maxAge: -5 })).toThrow(/maxAge must be a positive number/)
    expect(() => w.configure({ reapInterval: 2000, cookie: { path: 'a;b' } })).toThrow(TypeError)
    expect(() => w.configure({ fingerprint: 'ip' as 'none' })).toThrow(/fingerprint must be one of/)
    expect(() => w.configure({ seed: 2 } as never)).toThrow(/fixed when the world is created/)
    expect(() => w.configure({ faults: { failureRate: 2 } })).toThrow(RangeError)
    expect(w.version()).toBe(version)
    expect(w.config().reapInterval).toBe(600_000)
    expect(observe(w)).toEqual(before)
  })
})

describe('bad input', () => {
  it('names at most ten browsers when a big world has no browser of that name', () => {
    const w = createWorld({ seed: 1 })
    for (let i = 0; i < 2_000; i++) w.addBrowser({ name: `b${i}`, userAgent: 'UA', ip: '10.0.0.1' })
    let message = ''
    try {
      w.send('nobody', {})
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe('no browser named "nobody"; the world has "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9" and 1,990 more')
  })

  it('names an unknown browser clearly and changes nothing', async () => {
    const w = worldWith()
    await w.send('alice', {})
    const before = observe(w)
    const history = w.history()
    const version = w.version()
    expect(() => w.send('bob', {})).toThrow(UnknownBrowserError)
    expect(() => w.send('bob', {})).toThrow('no browser named "bob"; the world has "alice"')
    expect(() => w.setIp('bob', '1.2.3.4')).toThrow(UnknownBrowserError)
    expect(() => w.stealCookie('alice', 'bob')).toThrow(UnknownBrowserError)
    expect(() => w.cookies('bob')).toThrow(UnknownBrowserError)
    expect(() => w.removeBrowser('bob')).toThrow(UnknownBrowserError)
    expect(observe(w)).toEqual(before)
    expect(w.history()).toEqual(history)
    expect(w.version()).toBe(version)
  })

  it('refuses a negative or non-finite advance with a RangeError', () => {
    const w = worldWith()
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => w.advance(bad)).toThrow(RangeError)
    expect(w.now()).toBe(DEFAULT_START_TIME)
  })

  it('refuses malformed requests and browsers', () => {
    const w = worldWith()
    expect(() => w.send('alice', { path: 'no-slash' })).toThrow(TypeError)
    expect(() => w.send('alice', { method: 'get' })).toThrow(TypeError)
    expect(() => w.addBrowser({ name: 'alice', userAgent: FIREFOX, ip: '1.1.1.1' })).toThrow(/already exists/)
    expect(() => w.addBrowser({ name: '', userAgent: FIREFOX, ip: '1.1.1.1' })).toThrow(TypeError)
    expect(() => w.setIp('alice', '')).toThrow(TypeError)
    expect(() => w.setUserAgent('alice', 'bad\r\nheader')).toThrow(TypeError)
    expect(() => w.stealCookie('alice', 'alice')).toThrow(/no live connect.sid cookie/)
    expect(exchanges(w)).toEqual([])
  })

  it('turns a custom fingerprint that throws into that request’s 500, with the error in its trace; the world goes on', async () => {
    const w = worldWith()
    await w.send('alice', {})
    w.configure({
      fingerprint: {
        custom: () => {
          throw new Error('fingerprint exploded')
        },
        source: '() => { throw new Error("fingerprint exploded") }',
      },
    })
    const x = await w.send('alice', {})
    expect(x.response).toEqual({ status: 500, body: 'Error: fingerprint exploded', setCookie: [] })
    expect(x.error).toEqual({ stage: 'fingerprint', name: 'Error', message: 'fingerprint exploded' })
    expect(x.strategy).toBe('custom')
    // Without a cookie the key is computed while generating; the library reports that under the 'genid' stage.
    w.clearCookies('alice')
    const fresh = await w.send('alice', {})
    expect(fresh.response.status).toBe(500)
    expect(fresh.error?.message).toBe('fingerprint exploded')
    w.configure({ fingerprint: 'default' })
    w.advance(1000)
    expect((await w.send('alice', {})).response.status).toBe(200)
    expect(w.sessions()).toHaveLength(2)
  })

  it('turns a custom fingerprint that returns a non-string into that request’s 500', async () => {
    const w = worldWith({ fingerprint: { custom: ((req: Request) => req.headers.missing) as (req: Request) => string } })
    const x = await w.send('alice', {})
    expect(x.response.status).toBe(500)
    expect(x.error?.message).toMatch(/fingerprint must return a non-empty string; it returned undefined/)
    expect(x.response.body).toMatch(/^TypeError: fingerprint must return a non-empty string/)
    expect(w.sessions()).toEqual([])
  })
})

describe('store faults', () => {
  it('delays store operations by the latency; requests stay in flight until time passes', async () => {
    const w = worldWith({ faults: { latency: 100 } })
    let done: ExchangeRecord | undefined
    const pending = w.send('alice', {}).then((x) => (done = x))
    await Promise.resolve()
    // A request without a cookie does no get; only its save waits.
    expect(done).toBeUndefined()
    expect(w.inFlight()).toBe(1)
    expect(w.nextEventTime()).toBe(DEFAULT_START_TIME + 100)
    w.advance(99)
    expect(w.inFlight()).toBe(1)
    w.advance(1)
    const first = await pending
    expect(first.finishedAt - first.sentAt).toBe(100)
    // With a cookie: get (100 ms) then set (100 ms).
    const second = w.send('alice', {})
    w.advance(200)
    expect((await second).finishedAt - (await second).sentAt).toBe(200)
  })

  it('fails the next N gets: a 500 with no Set-Cookie, the store untouched', async () => {
    const w = worldWith()
    const first = await w.send('alice', {})
    const stored = w.sessions()
    w.fault({ failNextGet: 2 })
    expect(w.faults().failNextGet).toBe(2)
    for (let i = 0; i < 2; i++) {
      const x = await w.send('alice', {})
      expect(x).toMatchObject({ lookup: 'error', sessionId: null, response: { status: 500, setCookie: [] } })
      expect(x.error).toMatchObject({ stage: 'lookup', name: 'StoreFaultError' })
    }
    expect(w.sessions()).toEqual(stored)
    expect(w.faults().failNextGet).toBe(0)
    expect((await w.send('alice', {})).sessionId).toBe(first.sessionId)
  })

  it('fails the next N sets: a 500, and that request’s change is lost', async () => {
    const w = worldWith()
    await w.send('alice', {})
    w.fault({ failNextSet: 1 })
    const x = await w.send('alice', {})
    expect(x.response).toMatchObject({ status: 500, body: 'StoreFaultError: store unavailable: simulated set failure', setCookie: [] })
    expect(x.error?.stage).toBe('commit')
    expect((await w.send('alice', {})).response.body).toBe('views: 2')
  })

  it('fails at a seeded rate: the same seed fails the same requests, and a zero rate draws nothing', async () => {
    const run = async (options: WorldOptions): Promise<number[]> => {
      const w = worldWith(options)
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) statuses.push((await w.send('alice', {})).response.status)
      return statuses
    }
    const a = await run({ seed: 9, faults: { failureRate: 0.3 } })
    expect(await run({ seed: 9, faults: { failureRate: 0.3 } })).toEqual(a)
    expect(a.filter((s) => s === 500).length).toBeGreaterThan(3)
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(15)
    expect(await run({ faults: { failureRate: 1 } })).toEqual(Array(40).fill(500))
    // Ids come from their own stream, so a failure rate of 0 leaves them exactly as without faults.
    const plain = (await worldWith({ seed: 4 }).send('alice', {})).sessionId
    expect((await worldWith({ seed: 4, faults: { failureRate: 0 } }).send('alice', {})).sessionId).toBe(plain)
  })

  it('shows the lost update of two parallel requests on one session', async () => {
    const w = worldWith()
    await w.send('alice', {})
    w.fault({ latency: 50 })
    const a = w.send('alice', {})
    const b = w.send('alice', {})
    expect(w.inFlight()).toBe(2)
    w.advance(100)
    expect([(await a).response.body, (await b).response.body]).toEqual(['views: 2', 'views: 2'])
    expect(w.sessions()[0]?.data.views).toBe(2)
  })
})

describe('the trace', () => {
  it('keeps the newest records up to its cap and counts the dropped', async () => {
    const w = worldWith({ traceCap: 5, reapInterval: -1 })
    for (let i = 0; i < 12; i++) await w.send('alice', {})
    expect(w.traceStats()).toEqual({ cap: 5, size: 5, total: 12, dropped: 7 })
    expect(w.trace().map((r) => r.seq)).toEqual([7, 8, 9, 10, 11])
    expect((w.trace()[4] as ExchangeRecord).response.body).toBe('views: 12')
    w.configure({ traceCap: 2 })
    expect(w.trace().map((r) => r.seq)).toEqual([10, 11])
    expect(w.traceStats().dropped).toBe(10)
    w.configure({ traceCap: 100 })
    await w.send('alice', {})
    expect(w.trace().map((r) => r.seq)).toEqual([10, 11, 12])
    expect(() => w.configure({ traceCap: 0 })).toThrow(RangeError)
  })

  it('reports records as they are made and changes once per action to subscribers', async () => {
    const w = worldWith({ reapInterval: 1000, maxAge: 2500 })
    const records: TraceRecord[] = []
    const changes = vi.fn()
    const stopRecords = w.onRecord((r) => records.push(r))
    const stop = w.subscribe(changes)
    await w.send('alice', {})
    w.advance(3000)
    expect(changes).toHaveBeenCalledTimes(2)
    // The tick at 1 s would neither remove nor announce anything: skipped. At 2 s it announces, at 3 s it removes.
    expect(records.map((r) => r.kind)).toEqual(['exchange', 'reap', 'reap'])
    stop()
    stopRecords()
    await w.send('alice', {})
    expect(changes).toHaveBeenCalledTimes(2)
    expect(records).toHaveLength(3)
  })

  it('keeps no request in its records, so they serialise as plain data', async () => {
    const w = worldWith()
    await w.send('alice', {})
    await w.send('alice', { method: 'POST', path: '/login?user=a&regenerate=1' })
    const json = JSON.stringify(w.trace())
    // Exchange records are read through their properties here, not their toJSON, so the two are checked against each other.
    const plain = w.trace().map((r) =>
      r.kind !== 'exchange'
        ? r
        : {
            kind: r.kind,
            seq: r.seq,
            exchange: r.exchange,
            browser: r.browser,
            sentAt: r.sentAt,
            finishedAt: r.finishedAt,
            strategy: r.strategy,
            request: r.request,
            steps: r.steps,
            lookup: r.lookup,
            sessionId: r.sessionId,
            sessionKey: r.sessionKey,
            newSession: r.newSession,
            error: r.error,
            response: r.response,
          },
    )
    expect(JSON.parse(json)).toEqual(plain)
    expect(json).not.toContain('sessionStore')
  })
})

import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import {
  cookieDecoder,
  createServer,
  MemoryStore,
  session,
  Session,
  Store,
  type App,
  type GetCallback,
  type PlainData,
  type Request,
  type Response,
  type SessionEvent,
  type SetCallback,
} from './index.ts'
import { ADOPT } from './internal.ts'
import { defaultFingerprint } from './default-fingerprint.ts'
import { drive } from '../../test/support/drive.ts'
import { ManualClock } from '../../test/support/manual-clock.ts'

const md5hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')
type Probe = (req: Request, res: Response) => void

/** A 2010-style stack: cookieDecoder, session, a probe layer that always calls next (so every response is a 404). */
function stack2010(probe: Probe, store = new MemoryStore({ reapInterval: -1 }), extra: Parameters<typeof session>[0] = {}) {
  const mw = session({ store, ...extra })
  const app = createServer(cookieDecoder(), mw, (req: Request, res: Response, next: () => void) => {
    probe(req, res)
    next()
  })
  return { app, store, mw }
}

function lengthOf(store: MemoryStore): number {
  let n = -1
  store.length((_e, len) => (n = len ?? -1))
  return n
}

describe('the 2010 session test script (test/session.test.js at 0.2.1)', () => {
  it('the 2010 session test cases S-00..S-11 in order, with our fixes where 2010 broke', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ reapInterval: -1, clock })
    let probe: Probe = () => {}
    const { app } = stack2010((req, res) => {
      // S-00: every request gets the store and a key.
      expect(req.sessionStore).toBe(store)
      expect(req.sessionHash).toBeTruthy()
      probe(req, res)
    }, store, { clock })

    // S-01: no cookie, no User-Agent.
    probe = (req) => expect(Object.keys(req.session!)).toEqual(['id', 'lastAccess'])
    const s01 = await drive(app)
    expect(s01.status).toBe(404)
    expect(s01.body).toBe('Cannot GET /')

    // S-02: an id unknown to the store is never adopted. The store holds 1 (2010's "2" came from a shared global store, Q1).
    probe = (req) => {
      expect(lengthOf(store)).toBe(1)
      expect(Object.keys(req.session!)).toEqual(['id', 'lastAccess'])
      expect(req.session!.id).not.toBe('123123')
    }
    await drive(app, { headers: { cookie: 'connect.sid=123123' } })

    // S-03: a cookie with httpOnly and expires.
    let firstAccess = 0
    probe = (req) => (firstAccess = req.session!.lastAccess)
    const s03 = await drive(app, { headers: { 'user-agent': 'foo' } })
    expect(s03.setCookies[0]).toMatch(/^connect\.sid=/)
    expect(s03.setCookies[0]).toContain('httpOnly')
    expect(s03.setCookies[0]).toContain('expires=')
    const sid = s03.sid!
    clock.advance(30)

    // S-04: persistence, and lastAccess moved because the session was touched on load.
    probe = (req) => {
      expect(req.session!.id).toBe(sid)
      expect(req.session!.lastAccess).not.toBe(firstAccess)
      expect(req.session!.lastAccess).toBe(clock.now())
    }
    await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })

    // S-05: another User-Agent → another fingerprint → a new session.
    probe = (req) => expect(req.session!.id).not.toBe(sid)
    await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'bar' } })

    // S-06: destroy by hash calls back without error (and says it removed something: fixes Q5).
    let s06: unknown[] = []
    probe = (req) => req.sessionStore!.destroy(req.sessionHash!, (...args) => (s06 = args))
    await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })
    expect(s06).toEqual([null, true])

    // S-07: destroy with a non-key removes nothing and errs nothing; Session construction keys.
    let s07: unknown[] = []
    probe = (req) => {
      req.sessionStore!.destroy(req as unknown as string, (...args) => (s07 = args))
      const fresh = new Session(req, '12323')
      expect(Object.keys(fresh)).toEqual(['id', 'lastAccess'])
      expect(fresh.req).toBe(req)
      const loaded = new Session(req, { id: '12323', name: 'tj', lastAccess: clock.now() })
      expect(Object.keys(loaded)).toEqual(['id', 'name', 'lastAccess'])
      expect(loaded.req).toBe(req)
    }
    const sizeBefore = lengthOf(store)
    await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })
    expect(s07).toEqual([null, false])
    expect(lengthOf(store)).toBe(sizeBefore) // 2010 grew a "[object Object]" tombstone here (Q4)

    // S-08: get, then Session#destroy; the store no longer has it and the response is not a 500 (fixes Q3).
    const s08: { found?: unknown; err?: unknown; after?: unknown } = {}
    probe = (req) => {
      const key = req.sessionHash!
      req.sessionStore!.get(key, (_e, data) => (s08.found = data))
      req.session!.destroy((err) => {
        s08.err = err
        req.sessionStore!.get(key, (_e, data) => (s08.after = data))
      })
    }
    const s08res = await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })
    expect(s08.found).toBeTruthy()
    expect(s08.err).toBeNull()
    expect(s08.after).toBeUndefined()
    expect(s08res.status).toBe(404)
    expect(s08res.setCookies).toEqual([])

    // S-09: the key is gone, so a new session is generated; regenerate gives yet another id.
    const s09: { prev?: string; err?: unknown; next?: string } = {}
    probe = (req) => {
      s09.prev = req.session!.id
      req.session!.regenerate((err) => {
        s09.err = err
        s09.next = req.session!.id
      })
    }
    await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })
    expect(s09.prev).not.toBe(sid)
    expect(s09.err).toBeNull()
    expect(s09.next).toBeTruthy()
    expect(s09.next).not.toBe(s09.prev)

    // S-10: destroy leaves no req.session; clear empties the store; the response is a clean 404, nothing re-saved.
    const s10: { err?: unknown; session?: unknown; clearErr?: unknown } = {}
    probe = (req) => {
      req.session!.destroy((err) => {
        s10.err = err
        s10.session = req.session
        req.sessionStore!.clear!((e) => (s10.clearErr = e))
      })
    }
    const s10res = await drive(app, { headers: { cookie: `connect.sid=${sid}`, 'user-agent': 'foo' } })
    expect(s10.err).toBeNull()
    expect(s10.session).toBeUndefined()
    expect(s10.clearErr).toBeNull()
    expect(s10res.status).toBe(404)
    expect(lengthOf(store)).toBe(0) // 2010 left an `undefined` written by the crashing commit
  })
})

describe('fingerprint', () => {
  it('keys the store by md5(id + remoteAddress + User-Agent), lowercase hex, no separators', async () => {
    let seen: { id: string; key: string } | undefined
    const { app, store } = stack2010((req) => (seen = { id: req.session!.id, key: req.sessionHash! }))
    await drive(app, { remoteAddress: '10.0.0.7', headers: { 'user-agent': 'Mozilla/5.0' } })
    expect(seen!.key).toBe(md5hex(`${seen!.id}10.0.0.7Mozilla/5.0`))
    expect(store.entries().map((e) => e.key)).toEqual([seen!.key])
  })

  it('uses an empty string for a missing User-Agent (2010 [run] vector)', async () => {
    const req = { headers: {}, socket: { remoteAddress: '127.0.0.1' }, session: { id: '4efaec76d1f9e699d6dd6cc51a66' } } as unknown as Request
    expect(defaultFingerprint(req)).toBe(md5hex('4efaec76d1f9e699d6dd6cc51a66127.0.0.1'))
  })

  it('hashes a non-ASCII User-Agent as UTF-8 (2010 hashed latin-1: Q9)', () => {
    const req = { headers: { 'user-agent': 'Navigateur été ✓' }, socket: { remoteAddress: '::1' }, session: { id: 'x' } } as unknown as Request
    expect(defaultFingerprint(req)).toBe(md5hex('x::1Navigateur été ✓'))
  })

  it('another address is another key, so a copied cookie from elsewhere gets a new session', async () => {
    const { app } = stack2010(() => {})
    const first = await drive(app, { remoteAddress: '1.1.1.1', headers: { 'user-agent': 'ua' } })
    let idThere: string | undefined
    const stolen = stack2010((req) => (idThere = req.session!.id), first.req.sessionStore as MemoryStore)
    await drive(stolen.app, { remoteAddress: '2.2.2.2', headers: { 'user-agent': 'ua', cookie: `connect.sid=${first.sid}` } })
    expect(idThere).not.toBe(first.sid)
  })

  it('a custom fingerprint sees the candidate id and its result is the key as is (not hashed again)', async () => {
    const seenIds: string[] = []
    const fingerprint = (req: Request) => {
      seenIds.push(req.session!.id)
      return `key:${req.session!.id}`
    }
    const { app, store } = stack2010(() => {}, undefined, { fingerprint })
    const a = await drive(app)
    expect(store.entries()[0]!.key).toBe(`key:${a.sid}`)
    await drive(app, { headers: { cookie: `connect.sid=${a.sid}` } })
    expect(seenIds).toEqual([a.sid, a.sid])
  })

  it('a fingerprint that throws gives 500, no Set-Cookie, store unchanged', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    const app = createServer(cookieDecoder(), session({ store, fingerprint: () => { throw new Error('boom in fingerprint') } }), (_req: Request, res: Response) => res.end('ok'))
    app.env = 'test'
    const r = await drive(app, { headers: { cookie: 'connect.sid=attacker-chosen' } })
    expect(r.status).toBe(500)
    expect(r.body).toContain('boom in fingerprint')
    expect(r.setCookies).toEqual([])
    expect(store.size).toBe(0)
  })

  it('a fingerprint returning a non-string gives 500 naming the problem', async () => {
    const app = createServer(cookieDecoder(), session({ fingerprint: (() => 42) as unknown as (r: Request) => string }), (_q: Request, res: Response) => res.end())
    const r = await drive(app)
    expect(r.status).toBe(500)
    expect(r.body).toContain('fingerprint must return a non-empty string')
  })
})

describe('commit at header time', () => {
  it('sends connect.sid=<id>; path=/; httpOnly; expires=<now + maxAge> exactly, on every status', async () => {
    const clock = new ManualClock(Date.UTC(2010, 6, 9, 13, 51, 20))
    const store = new MemoryStore({ reapInterval: -1, clock })
    const app = createServer(cookieDecoder(), session({ store, clock }), (req: Request, res: Response, next: (err?: unknown) => void) => {
      if (req.url === '/ok') res.end('fine')
      else if (req.url === '/boom') next(new Error('x'))
      else next()
    })
    for (const [url, status] of [['/ok', 200], ['/missing', 404], ['/boom', 500]] as const) {
      const r = await drive(app, { url })
      expect(r.status).toBe(status)
      expect(r.setCookies).toEqual([`connect.sid=${r.sid}; path=/; httpOnly; expires=Fri, 09 Jul 2010 17:51:20 GMT`])
    }
  })

  it('rolls expires forward on each response and saves lastAccess', async () => {
    const clock = new ManualClock(0)
    const store = new MemoryStore({ reapInterval: -1, clock, maxAge: 1000 })
    const app = createServer(cookieDecoder(), session({ store }), (_q: Request, res: Response) => res.end())
    const a = await drive(app)
    expect(a.setCookies[0]).toContain(`expires=${new Date(1000).toUTCString()}`)
    clock.advance(5000)
    const b = await drive(app, { headers: { cookie: `connect.sid=${a.sid}` } })
    expect(b.sid).toBe(a.sid)
    expect(b.setCookies[0]).toContain(`expires=${new Date(6000).toUTCString()}`)
    expect(store.entries()[0]!.data.lastAccess).toBe(5000)
  })

  it('keeps user cookie options in the default positions, appends new ones, and expires last', async () => {
    const store = new MemoryStore({ reapInterval: -1, cookie: { domain: 'example.com', httpOnly: false, path: '/app' } })
    const app = createServer(cookieDecoder(), session({ store }), (_q: Request, res: Response) => res.end())
    const r = await drive(app)
    expect(r.setCookies[0]).toMatch(new RegExp(`^connect\\.sid=${r.sid}; path=/app; domain=example\\.com; expires=`))
  })

  it('withholds a secure cookie over plain HTTP but sends it over TLS (fixes Q17)', async () => {
    const store = new MemoryStore({ reapInterval: -1, cookie: { secure: true } })
    const events: SessionEvent[] = []
    const mw = session({ store })
    mw.on((e) => events.push(e))
    const app = createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end())
    const plain = await drive(app)
    expect(plain.setCookies).toEqual([])
    expect(events.find((e) => e.type === 'commit')).toMatchObject({ setCookie: null, withheld: 'insecure-connection' })
    const tls = await drive(app, { encrypted: true })
    expect(tls.setCookies[0]).toMatch(/; secure; expires=/)
  })

  it('appends to Set-Cookie values set by the application instead of replacing them (fixes Q11)', async () => {
    const app = createServer(cookieDecoder(), session(), (req: Request, res: Response) => {
      if (req.url === '/set-header') {
        res.setHeader('Set-Cookie', 'a=b')
        res.end()
      } else if (req.url === '/in-writehead') {
        res.writeHead(200, { 'set-cookie': ['c=d'], 'X-A': '1' })
        res.end()
      } else {
        res.writeHead(201, 'Made', { 'X-A': '1' })
        res.end()
      }
    })
    const a = await drive(app, { url: '/set-header' })
    expect(a.setCookies).toHaveLength(2)
    expect(a.setCookies[0]).toBe('a=b')
    const b = await drive(app, { url: '/in-writehead' })
    expect(b.setCookies[0]).toBe('c=d')
    expect(b.setCookies[1]).toMatch(/^connect\.sid=/)
    const c = await drive(app, { url: '/three-args' })
    expect(c.status).toBe(201)
    expect(c.res.statusMessage).toBe('Made')
    expect(c.res.getHeader('x-a')).toBe('1') // 2010 lost these headers with the 3-argument form
    expect(c.setCookies[0]).toMatch(/^connect\.sid=/)
  })

  it('stores a copy: changes after the commit do not reach the store (fixes Q13)', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    let later: Request | undefined
    const app = createServer(cookieDecoder(), session({ store }), (req: Request, res: Response) => {
      req.session!.cart = { items: ['apple'] }
      res.end()
      ;(req.session!.cart as { items: string[] }).items.push('pear')
      later = req
    })
    await drive(app)
    expect(store.entries()[0]!.data.cart).toEqual({ items: ['apple'] })
    expect(later).toBeDefined()
  })

  it('session data that is not plain data fails the commit with a 500 naming the path', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    const app = createServer(cookieDecoder(), session({ store }), (req: Request, res: Response) => {
      req.session!.handler = () => 1
      res.end('never seen')
    })
    const r = await drive(app)
    expect(r.status).toBe(500)
    expect(r.body).toContain('session data at session.handler is a function')
    expect(r.setCookies).toEqual([])
    expect(store.size).toBe(0)
  })
})

/** A store with a controllable get/set, to exercise error and latency paths. */
class ScriptedStore extends Store {
  readonly inner = new MemoryStore({ reapInterval: -1 })
  failGet: Error | null = null
  failSet: Error | null = null
  pendingSet: (() => void)[] = []
  holdSets = false

  get(hash: string, cb: GetCallback): void {
    if (this.failGet) return cb(this.failGet)
    this.inner.get(hash, cb)
  }

  set(hash: string, data: PlainData | null, cb?: SetCallback): void {
    const run = () => {
      if (this.failSet && data !== null) return cb?.(this.failSet)
      this.inner.set(hash, data, cb)
    }
    if (this.holdSets) this.pendingSet.push(run)
    else run()
  }
}

describe('store errors and asynchronous stores', () => {
  it('a failing get gives 500, commits nothing, and never echoes the client id (fixes Q16)', async () => {
    const store = new ScriptedStore()
    store.failGet = new Error('db down')
    const app = createServer(cookieDecoder(), session({ store }), (_q: Request, res: Response) => res.end('ok'))
    app.env = 'production'
    const r = await drive(app, { headers: { cookie: 'connect.sid=attacker-chosen' } })
    expect(r.status).toBe(500)
    expect(r.body).toBe('Internal Server Error')
    expect(r.setCookies).toEqual([])
    expect(store.inner.size).toBe(0)
    expect(r.req.session).toBeUndefined()
  })

  it('a failing set gives 500 with no Set-Cookie and reports an error event (fixes Q12)', async () => {
    const store = new ScriptedStore()
    store.failSet = new Error('disk full')
    const mw = session({ store })
    const errors: SessionEvent[] = []
    mw.on((e) => e.type === 'error' && errors.push(e))
    const app = createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end('saved?'))
    const r = await drive(app)
    expect(r.status).toBe(500)
    expect(r.body).toContain('disk full')
    expect(r.setCookies).toEqual([])
    expect(errors).toMatchObject([{ stage: 'commit', error: { message: 'disk full' } }])
  })

  it('the response does not finish before set calls back', async () => {
    const store = new ScriptedStore()
    store.holdSets = true
    const app = createServer(cookieDecoder(), session({ store }), (_q: Request, res: Response) => {
      res.write?.('part ')
      res.end('done')
    })
    let finished = false
    const pending = drive(app).then((r) => {
      finished = true
      return r
    })
    await Promise.resolve()
    expect(finished).toBe(false)
    expect(store.pendingSet).toHaveLength(1)
    store.pendingSet[0]!()
    const r = await pending
    expect(r.body).toBe('part done')
    expect(r.setCookies[0]).toMatch(/^connect\.sid=/)
    expect(store.inner.size).toBe(1)
  })

  it('a store that calls back twice does not run the stack twice', async () => {
    class Stutter extends ScriptedStore {
      override get(hash: string, cb: GetCallback): void {
        cb(null, undefined)
        cb(null, undefined)
      }
    }
    let runs = 0
    const app = createServer(cookieDecoder(), session({ store: new Stutter() }), (_q: Request, res: Response) => {
      runs++
      res.end()
    })
    await drive(app, { headers: { cookie: 'connect.sid=abc' } })
    expect(runs).toBe(1)
  })
})

describe('cookieDecoder placement', () => {
  it('session without cookieDecoder passes the 0.2.2 error on (2010 silently skipped the session)', async () => {
    const app = createServer(session(), (_q: Request, res: Response) => res.end('unreachable'))
    app.env = 'test'
    const r = await drive(app)
    expect(r.status).toBe(500)
    expect(r.body).toContain('session requires cookieDecoder to work properly')
  })

  it('cookieDecoder below session is the same error', async () => {
    const app = createServer(session(), cookieDecoder(), (_q: Request, res: Response) => res.end('unreachable'))
    const r = await drive(app)
    expect(r.status).toBe(500)
    expect(r.body).toContain('session requires cookieDecoder to work properly')
  })
})

describe('stores per middleware', () => {
  it('each session() without a store gets its own MemoryStore (fixes Q1, Q2)', async () => {
    const a = session()
    const b = session()
    expect(a.store).toBeInstanceOf(MemoryStore)
    expect(a.store).not.toBe(b.store)
    ;(a.store as MemoryStore).close()
    ;(b.store as MemoryStore).close()
  })

  it('exposes Store, MemoryStore and Session on session as connect.session.* did', () => {
    expect(session.Store).toBe(Store)
    expect(session.MemoryStore).toBe(MemoryStore)
    expect(session.Session).toBe(Session)
  })
})

describe('options are checked at construction', () => {
  it.each([
    [{ fingerprint: 'md5' }, /fingerprint must be a function/],
    [{ genid: () => 7 }, /genid must return a non-empty string/],
    [{ genid: () => '' }, /genid must return a non-empty string/],
    [{ genid: 'abc' }, /genid must be a function/],
    [{ store: {} }, /store must be a Store/],
    [{ clock: { now: () => 1 } }, /clock must be an object/],
    [{ maxAage: 1000 }, /unknown option 'maxAage'.*spelled maxAge/],
  ])('session(%o) throws a TypeError naming the option', (opts, message) => {
    expect(() => session(opts as never)).toThrow(TypeError)
    expect(() => session(opts as never)).toThrow(message)
  })

  it('uses genid for new ids', async () => {
    let n = 0
    const app = createServer(cookieDecoder(), session({ genid: () => `id-${++n}` }), (_q: Request, res: Response) => res.end())
    const r = await drive(app)
    expect(r.sid).toBe('id-2') // id-1 was the construction-time probe
  })

  it('default ids are 32 hex digits from a CSPRNG and differ (fixes Q8)', async () => {
    const app = createServer(cookieDecoder(), session(), (_q: Request, res: Response) => res.end())
    const ids = new Set<string>()
    for (let i = 0; i < 50; i++) ids.add((await drive(app)).sid!)
    expect(ids.size).toBe(50)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('session data cannot break the session (fixes Q21)', () => {
  it('assigning touch, destroy, regenerate or req throws a TypeError and the methods keep working', async () => {
    let errors: string[] = []
    const app = createServer(cookieDecoder(), session(), (req: Request, res: Response) => {
      const s = req.session as Record<string, unknown>
      errors = []
      for (const name of ['touch', 'destroy', 'regenerate', 'req']) {
        try {
          s[name] = 'data'
        } catch (e) {
          errors.push((e as Error).message)
        }
      }
      req.session!.touch()
      res.end()
    })
    const r = await drive(app)
    expect(r.status).toBe(200)
    expect(errors).toHaveLength(4)
    expect(errors[0]).toContain("'touch' is a Session method")
  })

  it('reserved keys in stored data are left out on load', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    const app = createServer(cookieDecoder(), session({ store, fingerprint: () => 'fixed-key' }), (req: Request, res: Response) => {
      res.end(typeof req.session!.touch)
    })
    store.set('fixed-key', { id: 'abc', lastAccess: 1, touch: 'evil', req: 'evil', views: 3 })
    const r = await drive(app, { headers: { cookie: 'connect.sid=abc' } })
    expect(r.body).toBe('function')
    expect(store.entries()[0]!.data).toMatchObject({ id: 'abc', views: 3 })
    expect(store.entries()[0]!.data).not.toHaveProperty('touch')
  })
})

describe('events', () => {
  it('announce each decision in order for a new and a returning client', async () => {
    const clock = new ManualClock(1000)
    const store = new MemoryStore({ reapInterval: -1, clock })
    const mw = session({ store, genid: (() => { let n = 0; return () => `s${n++}` })() })
    const seen: string[] = []
    mw.on((e) => seen.push(e.type === 'generate' ? `generate:${e.reason}` : e.type === 'lookup' ? `lookup:${e.result}` : e.type))
    const app = createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end())
    const a = await drive(app, { headers: { 'user-agent': 'ua' } })
    await drive(app, { headers: { 'user-agent': 'ua', cookie: `connect.sid=${a.sid}` } })
    await drive(app, { headers: { 'user-agent': 'other', cookie: `connect.sid=${a.sid}` } })
    expect(seen).toEqual([
      'fingerprint', 'generate:no-cookie', 'commit',
      'fingerprint', 'lookup:hit', 'load', 'touch', 'commit',
      'fingerprint', 'lookup:miss', 'fingerprint', 'generate:store-miss', 'commit',
    ])
  })

  it('the fingerprint event carries the default inputs and the key', async () => {
    const mw = session()
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    const app = createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end())
    const r = await drive(app, { remoteAddress: '10.1.2.3', headers: { 'user-agent': 'UA/1' } })
    const fp = events.find((e) => e.type === 'fingerprint')
    expect(fp).toMatchObject({ id: r.sid, inputs: { id: r.sid, remoteAddress: '10.1.2.3', userAgent: 'UA/1' } })
    expect(fp && 'key' in fp && fp.key).toBe(md5hex(`${r.sid}10.1.2.3UA/1`))
  })

  it('unsubscribe stops delivery, and a throwing listener does not break the response', async () => {
    const mw = session()
    let count = 0
    const off = mw.on(() => count++)
    const offBad = mw.on(() => {
      throw new Error('listener bug')
    })
    const app = createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end('ok'))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      const r = await drive(app)
      expect(r.body).toBe('ok')
    } finally {
      console.error = original
    }
    expect(errors.length).toBeGreaterThan(0)
    const before = count
    off()
    offBad()
    await drive(app)
    expect(count).toBe(before)
  })

  it('destroy and regenerate are announced with their outcome', async () => {
    const mw = session()
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    const app = createServer(cookieDecoder(), mw, (req: Request, res: Response) => {
      if (req.url === '/regen') req.session!.regenerate(() => res.end())
      else if (req.url === '/destroy') req.session!.destroy(() => res.end())
      else res.end()
    })
    const a = await drive(app)
    await drive(app, { url: '/regen', headers: { cookie: `connect.sid=${a.sid}` } })
    const regen = events.find((e) => e.type === 'regenerate')
    expect(regen).toMatchObject({ oldId: a.sid })
    expect(events.filter((e) => e.type === 'destroy')).toMatchObject([{ destroyed: true }])
    const b = (await drive(app, { url: '/regen' })).sid
    await drive(app, { url: '/destroy', headers: { cookie: `connect.sid=${b}` } })
    expect(events.filter((e) => e.type === 'skip-commit')).toHaveLength(1)
  })
})

describe('events for failures and custom fingerprints', () => {
  it('a missing cookieDecoder is announced as a decode error', async () => {
    const mw = session()
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    await drive(createServer(mw, (_q: Request, res: Response) => res.end()))
    expect(events).toMatchObject([{ type: 'error', stage: 'decode', error: { message: 'session requires cookieDecoder to work properly' } }])
  })

  it('a fingerprint failing for a new session is reported as a fingerprint error, not a genid one', async () => {
    const mw = session({ fingerprint: () => { throw new Error('no key today') } })
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    const r = await drive(createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end()))
    expect(r.status).toBe(500)
    expect(events.filter((e) => e.type === 'error')).toMatchObject([{ stage: 'fingerprint' }])
  })

  it('a custom fingerprint can name its inputs; without inputs() the event carries null', async () => {
    const named = Object.assign((req: Request) => `ua:${req.headers['user-agent']}:${req.session!.id}`, {
      inputs: (req: Request) => ({ id: req.session!.id, userAgent: String(req.headers['user-agent']) }),
    })
    for (const [fingerprint, expected] of [[named, { userAgent: 'X' }], [(req: Request) => `k${req.session!.id}`, null]] as const) {
      const mw = session({ fingerprint })
      const events: SessionEvent[] = []
      mw.on((e) => events.push(e))
      const r = await drive(createServer(cookieDecoder(), mw, (_q: Request, res: Response) => res.end()), { headers: { 'user-agent': 'X' } })
      const fp = events.find((e) => e.type === 'fingerprint') as Extract<SessionEvent, { type: 'fingerprint' }>
      if (expected === null) expect(fp.inputs).toBeNull()
      else expect(fp.inputs).toEqual({ id: r.sid, ...expected })
    }
  })

  it('the commit event carries what was saved', async () => {
    const mw = session()
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    await drive(createServer(cookieDecoder(), mw, (req: Request, res: Response) => {
      req.session!.user = 'ada'
      res.end()
    }))
    const commit = events.find((e) => e.type === 'commit') as Extract<SessionEvent, { type: 'commit' }>
    expect(commit.data).toMatchObject({ user: 'ada', id: commit.id })
    expect(Object.keys(commit.data)).toEqual(['id', 'lastAccess', 'user'])
  })
})

describe('how a save reaches the store', () => {
  it('a MemoryStore subclass with its own set gets every save through that set', async () => {
    const seen: string[] = []
    class Audited extends MemoryStore {
      override set(hash: string, data: PlainData | null, cb?: SetCallback): void {
        seen.push(hash)
        super.set(hash, data, cb)
      }
    }
    const store = new Audited({ reapInterval: -1 })
    await drive(createServer(cookieDecoder(), session({ store }), (_q: Request, res: Response) => res.end()))
    expect(seen).toHaveLength(1)
    expect(store.size).toBe(1)
  })

  it('a store that adopts copies receives the commit copy once, and listeners cannot change what was saved', async () => {
    const adopted: PlainData[] = []
    const inner = new MemoryStore({ reapInterval: -1 })
    class Forwarding extends ScriptedStore {
      [ADOPT](key: string, copy: PlainData, cb: (err: Error | null) => void): void {
        adopted.push(copy)
        inner[ADOPT](key, copy, cb)
      }
    }
    const mw = session({ store: new Forwarding() })
    mw.on((e) => {
      if (e.type === 'commit') (e.data as Record<string, unknown>).views = 999
    })
    await drive(createServer(cookieDecoder(), mw, (req: Request, res: Response) => {
      req.session!.views = 1
      res.end()
    }))
    expect(adopted).toHaveLength(1)
    expect(inner.entries()[0]!.data.views).toBe(1)
  })
})

describe('how a read reaches the request', () => {
  /** An app that keeps a list in the session and, on `?add=x`, pushes to it and reports what the store holds meanwhile. */
  function listApp(store: MemoryStore): App {
    return createServer(cookieDecoder(), session({ store }), (req: Request, res: Response) => {
      const s = req.session!
      const add = /[?&]add=([^&]*)/.exec(req.url ?? '')?.[1]
      if (s.cart === undefined) s.cart = { items: ['a'], meta: { n: 1 } }
      if (add !== undefined) {
        const cart = s.cart as { items: string[]; meta: { n: number } }
        cart.items.push(add)
        cart.meta.n++
      }
      const held = store.entries()[0]?.data.cart
      res.end(JSON.stringify(held ?? null))
    })
  }

  it('a loaded session shares nothing with the store: changes to nested data reach it only when saved', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    const app = listApp(store)
    const first = await drive(app)
    const cookie = `connect.sid=${first.sid}`
    const second = await drive(app, { url: '/?add=b', headers: { cookie } })
    // While the request ran, the store still held the list as saved: the push went to the request's own copy.
    expect(JSON.parse(second.body)).toEqual({ items: ['a'], meta: { n: 1 } })
    expect(store.entries()[0]!.data.cart).toEqual({ items: ['a', 'b'], meta: { n: 2 } })
    const third = await drive(app, { url: '/?add=c', headers: { cookie } })
    expect(JSON.parse(third.body)).toEqual({ items: ['a', 'b'], meta: { n: 2 } })
  })
})

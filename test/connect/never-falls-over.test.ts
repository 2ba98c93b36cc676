// Hostile handlers and stores on a real node:http server: the process never crashes, every request ends, and a
// failed save answers a clean 500 carrying none of the application's headers.
import { afterEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  cookieDecoder,
  createServer,
  MemoryStore,
  serializeCookie,
  session,
  Store,
  type App,
  type GetCallback,
  type Handler,
  type PlainData,
  type ServerEvent,
  type SessionEvent,
  type SetCallback,
} from '../../src/connect/index.ts'
import { ManualClock } from '../support/manual-clock.ts'

/** A MemoryStore that answers on a later turn of the event loop, as a networked store does. */
class LateStore extends Store {
  readonly inner: MemoryStore
  constructor(clock: ManualClock, readonly failSet: Error | null = null) {
    super({ clock })
    this.inner = new MemoryStore({ clock, reapInterval: -1 })
  }
  get(hash: string, callback: GetCallback): void {
    setImmediate(() => this.inner.get(hash, callback))
  }
  set(hash: string, data: PlainData | null, callback?: SetCallback): void {
    const fail = this.failSet
    setImmediate(() => (fail !== null && data !== null ? callback?.(fail) : this.inner.set(hash, data, callback)))
  }
}

/** A store whose methods throw instead of calling back. */
class ThrowingStore extends Store {
  constructor(readonly which: 'get' | 'set') {
    super()
  }
  get(_hash: string, callback: GetCallback): void {
    if (this.which === 'get') throw new Error('the store is down (get)')
    callback(null, undefined)
  }
  set(_hash: string, _data: PlainData | null, _callback?: SetCallback): void {
    throw new Error('the store is down (set)')
  }
}

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
})

interface Served {
  url: string
  app: App
  sessionEvents: SessionEvent[]
  serverEvents: ServerEvent[]
}

async function serve(store: Store, handler: Handler, options: { env?: string; genid?: () => string } = {}): Promise<Served> {
  const mw = session({ store, ...(options.genid ? { genid: options.genid } : {}) })
  const sessionEvents: SessionEvent[] = []
  const serverEvents: ServerEvent[] = []
  mw.on((e) => {
    if (e.type === 'error') sessionEvents.push(e)
  })
  const app = createServer(cookieDecoder(), mw, handler)
  app.env = options.env ?? 'development'
  app.on((e) => serverEvents.push(e))
  const server = http.createServer(app)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, app, sessionEvents, serverEvents }
}

/** Waits until the store's late answers and their aftermath have run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20))

describe('a handler that misbehaves after answering, with a store that answers late', () => {
  it('ends the response and then throws: the response stands, the error is reported, nothing crashes', async () => {
    const clock = new ManualClock()
    const s = await serve(new LateStore(clock), (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('sent')
      throw new Error('thrown after end')
    })
    const res = await fetch(s.url)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('sent')
    expect(res.headers.getSetCookie()).toHaveLength(1)
    await settle()
    expect(s.serverEvents.map((e) => [e.type, (e.error as Error).message])).toEqual([['error-after-response', 'thrown after end']])
  })

  it('ends the response and then calls next(err): the same', async () => {
    const clock = new ManualClock()
    const s = await serve(new LateStore(clock), (_req, res, next) => {
      res.end('sent')
      next(new Error('next after end'))
    })
    const res = await fetch(s.url)
    expect([res.status, await res.text()]).toEqual([200, 'sent'])
    await settle()
    expect(s.serverEvents.map((e) => (e.error as Error).message)).toEqual(['next after end'])
  })

  it('writes the head and then throws: the head stands and the response is ended, the error reported', async () => {
    const clock = new ManualClock()
    const s = await serve(new LateStore(clock), (_req, res) => {
      res.writeHead(201, { 'X-App': 'yes' })
      throw new Error('thrown after writeHead')
    })
    const res = await fetch(s.url)
    expect([res.status, res.headers.get('x-app'), await res.text()]).toEqual([201, 'yes', ''])
    await settle()
    expect(s.serverEvents.map((e) => (e.error as Error).message)).toEqual(['thrown after writeHead'])
  })

  it('a head Node refuses (status 1000) once the store answers: a 500, as if the call had thrown at once', async () => {
    const clock = new ManualClock()
    const s = await serve(new LateStore(clock), (_req, res) => {
      res.setHeader('X-App', 'yes')
      res.writeHead(1000)
      res.end('never sent')
    })
    const res = await fetch(s.url)
    expect(res.status).toBe(500)
    expect(res.headers.get('x-app')).toBeNull()
    expect(await res.text()).toContain('1000')
  })

  it('writes after ending, or writes the head twice: reported as response errors, never thrown', async () => {
    const clock = new ManualClock()
    const s = await serve(new LateStore(clock), (req, res) => {
      if (req.url === '/twice') {
        res.writeHead(200)
        res.writeHead(202)
        res.end('twice')
      } else {
        res.end('first')
        res.end('second')
      }
    })
    expect(await (await fetch(s.url)).text()).toBe('first')
    const twice = await fetch(s.url + 'twice')
    expect([twice.status, await twice.text()]).toEqual([200, 'twice'])
    await settle()
    expect(s.sessionEvents.map((e) => e.type === 'error' && e.stage)).toEqual(['response', 'response'])
  })
})

describe('a store that throws instead of calling back', () => {
  it('set() throwing ends the request in a clean 500, with the stack outside production', async () => {
    const s = await serve(new ThrowingStore('set'), (_req, res) => res.end('never sent'))
    const res = await fetch(s.url)
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('Error: the store is down (set)')
    expect(res.headers.getSetCookie()).toEqual([])
    expect(s.sessionEvents.map((e) => e.type === 'error' && e.stage)).toEqual(['commit'])
  })

  it('get() throwing ends the request in a clean 500, "Internal Server Error" in production', async () => {
    const s = await serve(new ThrowingStore('get'), (_req, res) => res.end('never sent'), { env: 'production' })
    const res = await fetch(s.url, { headers: { cookie: 'connect.sid=abc' } })
    expect([res.status, await res.text()]).toEqual([500, 'Internal Server Error'])
    expect(res.headers.getSetCookie()).toEqual([])
    expect(s.sessionEvents.map((e) => e.type === 'error' && e.stage)).toEqual(['lookup'])
  })
})

describe('a failed save', () => {
  const handler: Handler = (_req, res) => {
    res.setHeader('Set-Cookie', 'app=1; path=/')
    res.setHeader('Location', '/elsewhere')
    res.writeHead(302, { 'X-Held': 'yes' })
    res.end('redirecting')
  }

  for (const env of ['development', 'production']) {
    it(`answers a 500 without the application's headers and commits nothing (${env})`, async () => {
      const clock = new ManualClock()
      const store = new LateStore(clock, new Error('write refused'))
      const s = await serve(store, handler, { env })
      const res = await fetch(s.url, { redirect: 'manual' })
      expect(res.status).toBe(500)
      expect(res.headers.getSetCookie()).toEqual([])
      expect(res.headers.get('location')).toBeNull()
      expect(res.headers.get('x-held')).toBeNull()
      const body = await res.text()
      if (env === 'production') expect(body).toBe('Internal Server Error')
      else expect(body).toMatch(/^Error: write refused\n\s+at /)
      expect(store.inner.size).toBe(0)
    })
  }
})

describe('values a Date cannot hold', () => {
  it('maxAge 1e308 is refused when the store is made or the option assigned', () => {
    expect(() => new MemoryStore({ maxAge: 1e308, reapInterval: -1 })).toThrow(/maxAge must be .* up to 8640000000000000/)
    const store = new MemoryStore({ reapInterval: -1, clock: new ManualClock() })
    // Within a Date's range on its own, but a cookie set now would expire beyond it.
    expect(() => (store.maxAge = 8.6399e15)).toThrow(/beyond what a Date can hold/)
    expect(store.maxAge).toBe(14_400_000)
  })

  it('a clock that runs past the range ends the request in a 500, never a cookie reading "Invalid Date"', async () => {
    const clock = new ManualClock(8.64e15 - 20_000_000)
    const store = new MemoryStore({ clock, reapInterval: -1 })
    const s = await serve(store, (_req, res) => res.end('ok'))
    const early = await fetch(s.url)
    expect(early.headers.getSetCookie()[0]).toMatch(/expires=\w{3}, \d\d \w{3} 275760 /)
    clock.advance(10_000_000)
    const res = await fetch(s.url)
    expect(res.status).toBe(500)
    expect(res.headers.getSetCookie()).toEqual([])
    expect(await res.text()).toContain('beyond what a Date can hold')
  })
})

describe('lone surrogates in a cookie value', () => {
  it('serializeCookie names the problem instead of throwing a raw URIError', () => {
    expect(() => serializeCookie('name', 'a\uD800b')).toThrow(TypeError)
    expect(() => serializeCookie('name', 'a\uD800b')).toThrow(/lone surrogate .* at index 1/)
    expect(serializeCookie('name', 'a\uD83D\uDE00b')).toBe('name=a%F0%9F%98%80b')
  })

  it('a session id with one ends the request in a 500 that says so', async () => {
    const s = await serve(new MemoryStore({ reapInterval: -1 }), (_req, res) => res.end('ok'), { genid: () => 'id\uDC00' })
    const res = await fetch(s.url)
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('lone surrogate')
  })
})

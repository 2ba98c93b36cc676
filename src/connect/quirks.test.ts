import { afterEach, describe, expect, it, vi } from 'vitest'
import { drive } from '../../test/support/drive.ts'
import {
  cookieDecoder,
  createServer,
  md5,
  md5Latin1,
  MemoryStore,
  QUIRK_IDS,
  QUIRKS,
  QuirkError,
  resolveQuirks,
  session,
  uid2010,
  type Handler,
  type Quirk,
} from './index.ts'
import { ManualClock } from '../../test/support/manual-clock.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('the quirks option', () => {
  it('takes 2010 for every quirk of a part, or a list, and ignores ids of other parts', () => {
    expect([...resolveQuirks('2010', 'cookieDecoder')]).toEqual(['prototype-cookie-names', 'async-decoder', 'decoder-deletes-header'])
    expect([...resolveQuirks(['tombstones', 'async-decoder'], 'MemoryStore')]).toEqual(['tombstones'])
    expect(resolveQuirks(undefined, 'session').size).toBe(0)
    expect(resolveQuirks([], 'session').size).toBe(0)
  })

  it('names every part of every quirk, and every quirk has a /changes entry', () => {
    for (const id of QUIRK_IDS) {
      expect(QUIRKS[id].parts.length).toBeGreaterThan(0)
      expect(QUIRKS[id].fix).toMatch(/^(q\d+|missing-cookie-decoder)$/)
    }
  })

  it('refuses an unknown id with a QuirkError that lists the known ones, in every part', () => {
    const bad = ['destroy-answers-500', 'nope'] as unknown as Quirk[]
    const attempts = [
      () => session({ quirks: bad }),
      () => new MemoryStore({ quirks: bad, reapInterval: -1 }),
      () => cookieDecoder({ quirks: bad }),
      () => createServer({ quirks: bad }),
      () => session({ quirks: '2011' as unknown as '2010' }),
    ]
    for (const attempt of attempts) {
      expect(attempt).toThrow(QuirkError)
      expect(attempt).toThrow(/'2010'/)
    }
    expect(() => session({ quirks: bad })).toThrow(/unknown quirk "nope"/)
  })
})

describe('quirks one at a time', () => {
  const app: Handler = (req, res) => {
    if (req.url === '/logout') {
      req.session!.destroy(() => {
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        res.end('bye')
      })
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(String(req.session?.id ?? 'none'))
  }

  it('destroy-answers-500 alone: logout is a 500, every other fix stays', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    const server = createServer(cookieDecoder(), session({ store, quirks: ['destroy-answers-500'] }), app)
    const first = await drive(server)
    expect(first.body).toMatch(/^[0-9a-f]{32}$/) // ids are still today's
    const out = await drive(server, { url: '/logout', headers: { cookie: `connect.sid=${first.sid!}` } })
    expect(out.status).toBe(500)
    expect(out.body).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'id'\)/)
    expect(store.size).toBe(0) // no tombstone without the tombstones quirk
  })

  it('math-random-ids alone: 4 to 28 hex characters from Math.random', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const server = createServer(cookieDecoder(), session({ quirks: ['math-random-ids'] }), app)
    const out = await drive(server)
    expect(out.body).toBe(uid2010(() => 0.5))
    expect(out.body).toBe('7ffffff'.repeat(4))
    vi.restoreAllMocks()
  })

  it('latin1-fingerprint alone: a non-ASCII User-Agent hashes as Node 0.2 hashed it', async () => {
    const server = createServer(cookieDecoder(), session({ quirks: ['latin1-fingerprint'], genid: () => 'abc' }), app)
    const out = await drive(server, { headers: { 'user-agent': 'Mözilla' } })
    const key = out.req.sessionHash
    expect(key).toBe(md5Latin1('abc' + '127.0.0.1' + 'Mözilla'))
    expect(key).not.toBe(md5('abc' + '127.0.0.1' + 'Mözilla'))
    // For ASCII the two agree, which is why the differential test can compare keys with connect on today's Node.
    expect(md5Latin1('abc127.0.0.1curl')).toBe(md5('abc127.0.0.1curl'))
  })

  it('tombstones alone: destroy leaves a null entry that length counts and reap throws on', () => {
    const clock = new ManualClock(0)
    const store = new MemoryStore({ reapInterval: -1, clock, quirks: ['tombstones'] })
    store.set('k', { id: 'a', lastAccess: 0 })
    let destroyed: unknown
    store.destroy('k', (_err, d) => (destroyed = d))
    expect(destroyed).toBe(true) // the callback keeps today's shape without destroy-no-result
    let n: number | undefined
    store.length((_e, count) => (n = count))
    expect(n).toBe(1)
    expect(() => store.reap()).toThrow(/reading 'lastAccess'/)
  })

  it('destroy-no-result alone: destroy calls back with no arguments', () => {
    const store = new MemoryStore({ reapInterval: -1, quirks: ['destroy-no-result'] })
    store.set('k', { id: 'a', lastAccess: 0 })
    let args: unknown[] = ['unset']
    store.destroy('k', (...a: unknown[]) => (args = a))
    expect(args).toEqual([])
    expect(store.size).toBe(0)
  })

  it('object-map alone: inherited names answer a lookup', () => {
    const store = new MemoryStore({ reapInterval: -1, quirks: ['object-map'] })
    let found: unknown
    store.get('toString', (_e, data) => (found = data))
    expect(found).toBe(Object.prototype.toString)
  })

  it('aliasing-store: the store keeps and hands out the very object', () => {
    const store = new MemoryStore({ reapInterval: -1, quirks: ['aliasing-store'] })
    const data = { id: 'a', lastAccess: 1, cart: { items: 1 } }
    store.set('k', data)
    let got: unknown
    store.get('k', (_e, d) => (got = d))
    expect(got).toBe(data)
    const today = new MemoryStore({ reapInterval: -1 })
    today.set('k', data)
    today.get('k', (_e, d) => (got = d))
    expect(got).not.toBe(data)
  })

  it('leaking-timer alone: close() does not stop the reaper, and 0 means the default interval', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: 0 })
    const store = new MemoryStore({ reapInterval: 0, maxAge: 1_000, quirks: ['leaking-timer'] })
    expect(store.reapInterval).toBe(600_000)
    store.set('k', { id: 'a', lastAccess: 0 })
    store.close()
    vi.advanceTimersByTime(600_000)
    expect(store.size).toBe(0)
    expect(() => new MemoryStore({ reapInterval: 0 })).toThrow(TypeError)
    vi.clearAllTimers()
  })

  it('async-decoder alone: with a header, next comes after the decoder returns; without one, at once', async () => {
    const decode = cookieDecoder({ quirks: ['async-decoder'] })
    const order: string[] = []
    const req = { headers: { cookie: 'a=1' } } as Parameters<Handler>[0]
    decode(req, {} as Parameters<Handler>[1], () => order.push('next'))
    order.push('returned')
    await new Promise((r) => process.nextTick(r))
    expect(order).toEqual(['returned', 'next'])
    expect(req.cookies).toEqual({ a: '1' })
    expect(req.headers.cookie).toBe('a=1') // decoder-deletes-header is a separate quirk
    const bare: string[] = []
    decode({ headers: {} } as Parameters<Handler>[0], {} as Parameters<Handler>[1], () => bare.push('next'))
    bare.push('returned')
    expect(bare).toEqual(['next', 'returned'])
  })

  it('prototype-cookie-names alone: __proto__, constructor and map vanish, the header stays', () => {
    const decode = cookieDecoder({ quirks: ['prototype-cookie-names'] })
    const req = { headers: { cookie: '__proto__=1; constructor=2; MAP=3; ok=4' } } as Parameters<Handler>[0]
    decode(req, {} as Parameters<Handler>[1], () => undefined)
    expect(Object.keys(req.cookies!)).toEqual(['ok'])
    expect(req.headers.cookie).toBeDefined()
  })

  it('default parts run without any quirk: ids, errors and cookies as documented', async () => {
    const server = createServer(session(), app)
    const out = await drive(server)
    expect(out.status).toBe(500)
    expect(out.body).toMatch(/session requires cookieDecoder/)
  })
})

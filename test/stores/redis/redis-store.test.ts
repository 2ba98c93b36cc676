import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { serialize } from 'node:v8'
import { createClient } from 'redis'
import { SessionDataError, type PlainData, type StoreEvent } from '../../../src/connect/index.ts'
import { RedisStore, StoredSessionError, type RedisStoreOptions } from '../../../src/stores/redis/index.ts'
import { ManualClock } from '../../support/manual-clock.ts'
import { assertRedisInstalled, REDIS_INSTALL_HINT, startRedisServer, type RedisServer } from '../../support/redis-server.ts'
import { eventually } from '../../support/eventually.ts'

let redis: RedisServer
let raw: ReturnType<typeof createClient>
const stores: RedisStore[] = []
let prefixes = 0

beforeAll(async () => {
  redis = await startRedisServer()
  raw = createClient({ url: redis.url })
  raw.on('error', () => {})
  await raw.connect()
})

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  if (raw?.isOpen) await raw.close()
  await redis?.dispose()
})

/** A connected store with a prefix of its own, closed after the file's tests. */
async function open(options: Omit<RedisStoreOptions, 'url' | 'client'> = {}): Promise<RedisStore> {
  const store = new RedisStore({ url: redis.url, prefix: `t${++prefixes}:`, reapInterval: -1, ...options })
  stores.push(store)
  await store.ready()
  return store
}

const get = (s: RedisStore, key: string) =>
  new Promise<{ err: Error | null; data: PlainData | null | undefined }>((resolve) => s.get(key, (err, data) => resolve({ err, data })))
const set = (s: RedisStore, key: string, data: PlainData | null) =>
  new Promise<{ err: Error | null; removed: boolean | undefined }>((resolve) => s.set(key, data, (err, removed) => resolve({ err, removed })))
const destroy = (s: RedisStore, key: string) =>
  new Promise<{ err: Error | null; destroyed: boolean }>((resolve) => s.destroy(key, (err, destroyed) => resolve({ err, destroyed })))
const length = (s: RedisStore) => new Promise<number | undefined>((resolve, reject) => s.length((err, n) => (err ? reject(err) : resolve(n))))
const all = (s: RedisStore) =>
  new Promise<{ err: Error | null; sessions: PlainData[] | undefined }>((resolve) => s.all((err, sessions) => resolve({ err, sessions })))

describe('the test Redis', () => {
  it('is never skipped: without redis-server the tests fail with the install command', () => {
    expect(() => assertRedisInstalled('redis-server-that-is-not-installed')).toThrow(REDIS_INSTALL_HINT)
    expect(REDIS_INSTALL_HINT).toContain('apt-get install -y redis-server')
  })
})

describe('RedisStore options', () => {
  it('needs exactly one of url and client, and says so', () => {
    expect(() => new RedisStore({})).toThrow(/exactly one of/)
    expect(() => new RedisStore({ url: redis.url, client: raw as never })).toThrow(/exactly one of/)
    expect(() => new RedisStore({ url: 'http://127.0.0.1' })).toThrow(/redis:\/\//)
    expect(() => new RedisStore({ client: {} as never })).toThrow(/sendCommand/)
  })

  it('checks the MemoryStore options the same way, typo hint included', () => {
    expect(() => new RedisStore({ url: redis.url, maxAage: 5 } as never)).toThrow(/spelled maxAge/)
    expect(() => new RedisStore({ url: redis.url, reapInterval: 0 })).toThrow(/reapInterval/)
    expect(() => new RedisStore({ url: redis.url, maxAge: -1 })).toThrow(/maxAge/)
    expect(() => new RedisStore({ url: redis.url, prefix: '' })).toThrow(/prefix/)
    expect(() => new RedisStore({ url: redis.url, commandTimeout: 0 })).toThrow(/commandTimeout/)
  })

  it('works over a client the caller owns, and leaves it open on close', async () => {
    const store = new RedisStore({ client: raw, prefix: 'own:', reapInterval: -1 })
    expect((await set(store, 'k', { id: 'a', lastAccess: 1 })).err).toBeNull()
    expect((await get(store, 'k')).data).toEqual({ id: 'a', lastAccess: 1 })
    await store.close()
    expect(raw.isOpen).toBe(true)
  })
})

describe('RedisStore data', () => {
  it('reads back what MemoryStore would keep, as a copy', async () => {
    const store = await open()
    const when = new Date(Date.UTC(2010, 6, 9))
    const data = { id: 'abc', lastAccess: 5, when, cart: [{ sku: 'x', n: 2 }], none: null, gone: undefined, nan: NaN }
    expect((await set(store, 'k1', data)).err).toBeNull()
    data.cart[0]!.n = 99
    const read = await get(store, 'k1')
    expect(read.err).toBeNull()
    expect(read.data).toEqual({ id: 'abc', lastAccess: 5, when, cart: [{ sku: 'x', n: 2 }], none: null, gone: undefined, nan: NaN })
    expect(read.data!.when).toBeInstanceOf(Date)
    expect(Object.hasOwn(read.data!, 'gone')).toBe(true)
    expect(await get(store, 'missing')).toEqual({ err: null, data: undefined })
  })

  it('refuses data that is not plain with a SessionDataError, and writes nothing', async () => {
    const store = await open()
    class Cart {}
    const refused = await set(store, 'k', { id: 'a', cart: new Cart() })
    expect(refused.err).toBeInstanceOf(SessionDataError)
    expect(refused.err!.message).toMatch(/session\.cart is an instance of Cart/)
    expect((await set(store, 'k', { id: 'a', f: () => 1 })).err).toBeInstanceOf(SessionDataError)
    expect((await set(store, 7 as never, { id: 'a' })).err).toBeInstanceOf(TypeError)
    expect(await length(store)).toBe(0)
  })

  it('destroys, counts, lists and clears', async () => {
    const store = await open()
    await set(store, 'a', { id: 'a', lastAccess: 1 })
    await set(store, 'b', { id: 'b', lastAccess: 2 })
    expect(await length(store)).toBe(2)
    const listed = await all(store)
    expect(listed.sessions!.map((s) => s.id).sort()).toEqual(['a', 'b'])
    expect(await destroy(store, 'a')).toEqual({ err: null, destroyed: true })
    expect(await destroy(store, 'a')).toEqual({ err: null, destroyed: false })
    expect(await raw.zScore(`${store.prefix}idle`, 'a')).toBeNull()
    await new Promise<void>((resolve, reject) => store.clear((err) => (err ? reject(err) : resolve())))
    expect(await length(store)).toBe(0)
    expect(await raw.exists(`${store.prefix}idle`)).toBe(0)
  })

  it('reports a stored value that is not session data as an error, never a half-loaded session', async () => {
    const store = await open()
    const field = `${store.prefix}sessions`
    await raw.hSet(field, 'garbage', 'not v8 data')
    await raw.hSet(field, 'map', serialize({ id: 'm', prefs: new Map([['a', 1]]) }))
    await raw.hSet(field, 'array', serialize(['id']))
    await raw.hSet(field, 'regexp', serialize({ id: 'r', lastAccess: 1, nested: { deep: [/x/] } }))
    for (const key of ['garbage', 'map', 'array', 'regexp']) {
      const read = await get(store, key)
      expect(read.err, key).toBeInstanceOf(StoredSessionError)
      expect(read.err!.message).toContain(key)
      expect(read.data).toBeUndefined()
    }
    const listed = await all(store)
    expect(listed.err).toBeInstanceOf(StoredSessionError)
    expect(listed.sessions).toBeUndefined()
  })

  it('announces set, delete and clear like MemoryStore', async () => {
    const store = await open()
    const events: StoreEvent[] = []
    store.on((e) => events.push(e))
    await set(store, 'k', { id: 'k', lastAccess: 1 })
    await destroy(store, 'k')
    await destroy(store, 'k')
    await new Promise((resolve) => store.clear(resolve))
    expect(events.map((e) => e.type)).toEqual(['set', 'delete', 'clear'])
    expect(events[0]).toMatchObject({ key: 'k', data: { id: 'k', lastAccess: 1 } })
  })
})

describe('RedisStore callbacks', () => {
  it('a callback that throws is logged, not left to end the process as an unhandled rejection', async () => {
    const store = await open()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const rejections: unknown[] = []
    const onRejection = (reason: unknown) => rejections.push(reason)
    process.on('unhandledRejection', onRejection)
    try {
      await new Promise<void>((resolve) =>
        store.get('k', () => {
          setImmediate(resolve)
          throw new Error('boom in a callback')
        }),
      )
      await new Promise((resolve) => setImmediate(resolve))
      expect(rejections).toEqual([])
      expect(logged).toHaveBeenCalledWith('RedisStore: a store callback threw:', expect.objectContaining({ message: 'boom in a callback' }))
    } finally {
      process.off('unhandledRejection', onRejection)
      logged.mockRestore()
    }
  })
})

describe('RedisStore reaping', () => {
  it('removes a session idle longer than maxAge at the next reap, on the injected clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const t0 = clock.now()
    const store = await open({ clock, maxAge: 5_000, reapInterval: 1_000 })
    const reaps: StoreEvent[] = []
    store.on((e) => e.type === 'reap' && reaps.push(e))
    await set(store, 'old', { id: 'old', lastAccess: t0 })
    await set(store, 'new', { id: 'new', lastAccess: t0 + 3_000 })
    await set(store, 'timeless', { id: 'timeless' })
    clock.advance(5_000) // idle exactly maxAge: stays
    await store.settled()
    expect((await get(store, 'old')).data).toBeDefined()
    clock.advance(1_000)
    await store.settled()
    expect((await get(store, 'old')).data).toBeUndefined()
    expect((await get(store, 'new')).data).toBeDefined()
    expect((await get(store, 'timeless')).data).toBeDefined()
    expect(reaps.at(-1)).toMatchObject({ type: 'reap', time: t0 + 6_000, threshold: t0 + 1_000, maxAge: 5_000, removed: ['old'] })
  })

  it('a session saved again is judged by its new lastAccess', async () => {
    const clock = new ManualClock(0)
    const store = await open({ clock, maxAge: 100, reapInterval: 50 })
    await set(store, 'k', { id: 'k', lastAccess: 0 })
    clock.advance(90)
    await set(store, 'k', { id: 'k', lastAccess: 90 })
    clock.advance(60)
    await store.settled()
    expect((await get(store, 'k')).data).toEqual({ id: 'k', lastAccess: 90 })
  })

  it('with several processes on one Redis, one reap happens per interval', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const prefix = `shared${++prefixes}:`
    const procs = [0, 1, 2].map(() => new RedisStore({ url: redis.url, prefix, clock, maxAge: 1_000, reapInterval: 500 }))
    stores.push(...procs)
    await Promise.all(procs.map((s) => s.ready()))
    const reaps: number[] = []
    procs.forEach((s, i) => s.on((e) => e.type === 'reap' && reaps.push(i)))
    await set(procs[0]!, 'a', { id: 'a', lastAccess: clock.now() })
    for (let tick = 1; tick <= 4; tick++) {
      clock.advance(500)
      await Promise.all(procs.map((s) => s.settled()))
      expect(reaps.length).toBe(tick)
    }
    expect((await get(procs[1]!, 'a')).data).toBeUndefined()
    // Asked again within the interval the timers have reaped, nobody reaps a second time.
    expect(await Promise.all(procs.map((s) => s.reap()))).toEqual([null, null, null])
  })
})

describe('RedisStore when Redis goes away', () => {
  it('answers with errors while Redis is down (no throw, no hang) and works again when it is back', async () => {
    const store = await open({ commandTimeout: 1_000 })
    await set(store, 'k', { id: 'k', lastAccess: 1 })
    await redis.stop()
    try {
      const read = await get(store, 'k')
      expect(read.err).toBeInstanceOf(Error)
      expect((await set(store, 'k2', { id: 'k2' })).err).toBeInstanceOf(Error)
    } finally {
      await redis.start()
    }
    // Redis came back empty (no persistence): the store reconnects by itself and answers misses, then hits.
    const back = await eventually(async () => {
      const read = await get(store, 'k')
      return read.err === null ? read : undefined
    })
    expect(back.data).toBeUndefined()
    expect((await set(store, 'k', { id: 'k', lastAccess: 2 })).err).toBeNull()
    expect((await get(store, 'k')).data).toEqual({ id: 'k', lastAccess: 2 })
    if (!raw.isReady) await eventually(async () => (raw.isReady ? true : undefined))
  })
})

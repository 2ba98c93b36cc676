import { describe, expect, it } from 'vitest'
import { STORE_CALLS_KEPT } from './store-call-log.ts'
import { createWorld } from './world.ts'

const UA = 'Mozilla/5.0 Firefox/3.6.6'

function world(options = {}) {
  const w = createWorld({ maxAge: 5_000, reapInterval: 2_000, ...options })
  w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
  return w
}

const lines = (w: ReturnType<typeof world>) => w.storeCalls().lines.map((l) => [l.method, l.caller, l.outcome])

describe('the store-calls log, recorded by the fault layer', () => {
  it('lists the middleware’s set, get and destroy, the reader’s calls, and reaps that removed something, in order', async () => {
    const w = world()
    await w.send('alice')
    await w.send('alice')
    w.storeCall({ method: 'length' })
    await w.send('alice', { method: 'POST', path: '/logout' })
    w.advance(1_000)
    await w.send('alice')
    w.advance(8_000)
    const key = w.storeCalls().lines[1]?.key ?? ''
    expect(lines(w)).toEqual([
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['get', 'alice · GET /', 'hit: data'],
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['length', 'you', 'callback(null, 1)'],
      ['get', 'alice · POST /logout', 'hit: data'],
      ['destroy', 'alice · POST /logout', `set(${key.slice(0, 8)}…, null): removed`],
      // The browser still sends its old cookie: the session is gone, so the lookup misses.
      ['get', 'alice · GET /', 'miss: nothing'],
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['reap', 'the reaper', 'removed 1 idle session'],
    ])
    expect(w.storeCalls().counts).toEqual({ set: 3, get: 3, length: 1, destroy: 1, reap: 1 })
  })

  it('names the request behind a call answered after store latency, and a failed call’s error', () => {
    const w = world({ faults: { latency: 50 } })
    w.addBrowser({ name: 'bob', userAgent: UA, ip: '198.51.100.7' })
    w.dispatch('alice')
    w.dispatch('bob')
    w.advance(200)
    w.dispatch('alice')
    w.configure({ faults: { failNextGet: 1 } })
    w.dispatch('bob')
    w.advance(200)
    expect(lines(w)).toEqual([
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['set', 'bob · GET /', 'saved id, lastAccess, views'],
      ['get', 'alice · GET /', 'hit: data'],
      ['get', 'bob · GET /', 'failed: store unavailable: simulated get failure'],
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
    ])
  })

  it('counts regenerate on its own and shows its destroy', async () => {
    const w = world()
    await w.send('alice')
    await w.send('alice', { method: 'POST', path: '/login?user=alice&regenerate=1' })
    expect(w.storeCalls().counts.regenerate).toBe(1)
    expect(w.storeCalls().lines.map((l) => l.method)).toEqual(['set', 'get', 'destroy', 'set'])
  })

  it('keeps the newest calls, and travels back in time with the world', async () => {
    // Checkpoints every few requests, so seeking restores the log from one rather than replaying it all.
    const w = world({ reapInterval: -1, checkpointEvery: 7 })
    for (let i = 0; i < 3 * STORE_CALLS_KEPT; i++) w.dispatch('alice')
    expect(w.storeCalls().lines).toHaveLength(STORE_CALLS_KEPT)
    expect(w.storeCalls().counts.set).toBe(3 * STORE_CALLS_KEPT)
    expect(w.history().checkpoints).toBeGreaterThan(10)
    const before = w.storeCalls()
    w.advance(1_000)
    await w.send('alice')
    w.storeCall({ method: 'clear' })
    const after = w.storeCalls()
    expect(after.counts).toMatchObject({ get: 3 * STORE_CALLS_KEPT, clear: 1 })
    w.seek(w.startTime() + 500)
    expect(w.storeCalls()).toEqual(before)
    w.seek(w.history().latest)
    expect(w.storeCalls()).toEqual(after)
  })
})

import { describe, expect, it } from 'vitest'
import { createWorld, latestReachable } from './world.ts'
import type { ReapRecord } from './trace.ts'
import { DEFAULT_START_TIME, LATEST_TIME } from './virtual-clock.ts'

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/3.6'

function worldWith(options: Parameters<typeof createWorld>[0] = {}) {
  const w = createWorld(options)
  w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.1' })
  w.addBrowser({ name: 'bob', userAgent: UA, ip: '192.0.2.2' })
  return w
}

describe('a world under hostile times', () => {
  it('refuses advance(1e308) before anything moves, saying how far it can go', () => {
    const w = worldWith()
    const before = { now: w.now(), history: w.history(), version: w.version() }
    expect(() => w.advance(1e308)).toThrow(/past .*latest instant whose session cookies.*at most \d+ ms are left/)
    expect({ now: w.now(), history: w.history(), version: w.version() }).toEqual(before)
    // Up to the limit itself is fine, and cookies issued there still carry a valid date.
    w.advance(latestReachable(w.config().maxAge) - w.now())
    expect(w.now()).toBe(LATEST_TIME - w.config().maxAge)
    return w.send('alice').then((r) => {
      expect(r.response.setCookie[0]).toMatch(/expires=Sat, 13 Sep 275760 00:00:00 GMT$/)
    })
  })

  it('refuses start times and maxAges whose cookies a Date cannot hold', () => {
    expect(() => createWorld({ startTime: 1e308 })).toThrow(/startTime must be epoch ms that a Date can hold/)
    expect(() => createWorld({ startTime: -1e308 })).toThrow(RangeError)
    expect(() => createWorld({ startTime: LATEST_TIME })).toThrow(/maxAge .* would give session cookies an expiry past/)
    const w = worldWith({ startTime: LATEST_TIME - 20_000_000 })
    expect(() => w.configure({ maxAge: 30_000_000 })).toThrow(/expiry past/)
    expect(w.config().maxAge).toBe(14_400_000)
  })

  it('crosses 30,000 years with reapInterval 1 ms at once, reaping each session at its first due tick', async () => {
    const w = worldWith({ reapInterval: 1, maxAge: 1000 })
    const a = await w.send('alice')
    w.advance(500)
    const b = await w.send('bob')
    w.advance(1e15)
    const removed = w.trace().filter((r): r is ReapRecord => r.kind === 'reap' && r.removed.length > 0)
    // A reap at T removes lastAccess < T − maxAge: alice (at 0) at 1001, bob (at 500) at 1501.
    expect(removed.map((r) => [r.time - DEFAULT_START_TIME, r.removed])).toEqual([
      [1001, [a.sessionKey]],
      [1501, [b.sessionKey]],
    ])
    // Only the ticks that told something ran: the one before each removal, and the removal.
    expect(w.trace().filter((r) => r.kind === 'reap')).toHaveLength(4)
    expect(w.sessions()).toEqual([])
    expect(w.now()).toBe(DEFAULT_START_TIME + 500 + 1e15)
    // The advance was cut into pieces by the work it did, not by the time it crossed.
    expect(w.history().actions).toBeLessThan(10)
    // And seek finds the state in between.
    w.seek(DEFAULT_START_TIME + 1200)
    expect(w.sessions().map((s) => s.key)).toEqual([b.sessionKey])
  })

  it('keeps a store latency a Date can span and refuses 1e300; a huge one leaves its request in flight, not the tab stuck', async () => {
    const w = worldWith()
    expect(() => w.fault({ latency: 1e300 })).toThrow(/faults.latency must be at most/)
    w.fault({ latency: 1e15 })
    let settled = false
    void w.send('alice').then(() => (settled = true))
    w.advance(1e12)
    expect(w.inFlight()).toBe(1)
    await Promise.resolve()
    expect(settled).toBe(false)
  })

  it('holds the history cap with a request stuck in flight while thousands of other actions happen, and seeks exactly after', async () => {
    const cap = 1000
    const w = worldWith({ historyCap: cap, checkpointEvery: 50, maxAge: 60_000, reapInterval: 10_000 })
    w.fault({ latency: 1e15 })
    let stuck = false
    void w.send('alice').then(() => (stuck = true))
    w.fault({ latency: 0 })
    let most = 0
    for (let i = 0; i < 5000; i++) {
      await w.send('bob')
      if (i % 10 === 0) w.advance(1000)
      most = Math.max(most, w.history().actions)
    }
    expect(most).toBeLessThanOrEqual(cap + 1)
    const paused = w.history()
    expect(paused.pausedSince).not.toBeNull()
    expect(() => w.seek(w.now())).toThrow(/time travel is paused: a request has been in flight since .* it resumes once no request is in flight/)
    expect(stuck).toBe(false)

    // When the stuck request ends, a new tape starts, and seek rebuilds exactly what was.
    w.advance(1e15)
    await Promise.resolve()
    expect(stuck).toBe(true)
    expect(w.inFlight()).toBe(0)
    expect(w.history().pausedSince).toBeNull()
    const from = w.now()
    await w.send('bob')
    w.advance(30_000)
    const seen = { sessions: w.sessions(), browsers: w.browsers() }
    w.advance(1)
    await w.send('alice')
    w.advance(200_000)
    w.seek(from + 30_000)
    expect({ sessions: w.sessions(), browsers: w.browsers() }).toEqual(seen)
    // The new tape starts where the stuck request ended, inside the long advance.
    expect(w.history().earliest).toBeLessThanOrEqual(from)
    expect(w.history().earliest).toBeGreaterThan(paused.pausedSince as number)
  })
})

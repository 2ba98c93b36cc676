import { describe, expect, it } from 'vitest'
import { createWorld, type World } from './world.ts'
import type { StoreCallRecord, TraceRecord } from './trace.ts'

const UA = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'

function twoSessions(): World {
  const w = createWorld({ reapInterval: 2_000, maxAge: 5_000 })
  w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
  w.addBrowser({ name: 'bob', userAgent: UA, ip: '198.51.100.23' })
  w.dispatch('alice')
  w.dispatch('bob')
  return w
}

const calls = (w: World): StoreCallRecord[] => w.trace().filter((r): r is StoreCallRecord => r.kind === 'store-call')

/** Everything observable, as plain data (records included). */
function observe(w: World): unknown {
  return JSON.parse(JSON.stringify({ now: w.now(), sessions: w.sessions(), browsers: w.browsers(), trace: w.trace() }))
}

describe('store calls', () => {
  it('length and all report what the store holds without changing it', () => {
    const w = twoSessions()
    expect(w.storeCall({ method: 'length' })).toEqual({ method: 'length', length: 2 })
    const all = w.storeCall({ method: 'all' })
    expect(all.method).toBe('all')
    if (all.method !== 'all') return
    expect(all.sessions.map((s) => s.id)).toEqual(w.sessions().map((s) => s.id))
    expect(w.sessions()).toHaveLength(2)
    expect(calls(w).map((r) => [r.method, r.key, r.remaining])).toEqual([
      ['length', null, 2],
      ['all', null, 2],
    ])
  })

  it('destroy removes one session by key and says whether it was there', () => {
    const w = twoSessions()
    const key = (w.sessions()[0] as { key: string }).key
    expect(w.storeCall({ method: 'destroy', key })).toEqual({ method: 'destroy', key, destroyed: true })
    expect(w.sessions().map((s) => s.key)).not.toContain(key)
    expect(w.storeCall({ method: 'destroy', key })).toEqual({ method: 'destroy', key, destroyed: false })
    const last = calls(w).at(-1) as StoreCallRecord
    expect(last).toMatchObject({ kind: 'store-call', method: 'destroy', key, remaining: 1 })
  })

  it('clear empties the store; the browser holding a cleared cookie gets a new session (a miss)', async () => {
    const w = twoSessions()
    expect(w.storeCall({ method: 'clear' })).toEqual({ method: 'clear', removed: 2 })
    expect(w.sessions()).toEqual([])
    const next = await w.send('alice')
    expect(next.lookup).toBe('miss')
    expect(next.newSession).toBe(true)
  })

  it('is logged as an action, with the others, in order', () => {
    const w = twoSessions()
    w.storeCall({ method: 'length' })
    const key = (w.sessions()[1] as { key: string }).key
    w.storeCall({ method: 'destroy', key })
    const tail = w.actions().slice(-2)
    expect(tail).toEqual([
      { kind: 'storeCall', method: 'length', key: undefined, t: w.now() },
      { kind: 'storeCall', method: 'destroy', key, t: w.now() },
    ])
  })

  it('replays on seek: back before a clear the sessions return, forward again they are gone, and the trace is rebuilt', () => {
    const w = twoSessions()
    w.advance(1_000)
    const before = observe(w)
    const t = w.now()
    w.advance(500)
    w.storeCall({ method: 'clear' })
    w.advance(500)
    const after = observe(w)
    w.seek(t)
    expect(observe(w)).toEqual(before)
    w.seek(t + 1_000)
    expect(observe(w)).toEqual(after)
  })

  it('keeps reaping right after a destroy or clear (nothing removed is reaped again, the rest still goes)', () => {
    const w = twoSessions()
    const [first] = w.sessions()
    w.storeCall({ method: 'destroy', key: (first as { key: string }).key })
    w.advance(8_000)
    const removed = w.trace().flatMap((r: TraceRecord) => (r.kind === 'reap' ? r.removed : []))
    expect(removed).toHaveLength(1)
    expect(removed).not.toContain((first as { key: string }).key)
    expect(w.sessions()).toEqual([])
  })

  it('is deterministic: the same calls in two fresh worlds give identical observations, with checkpoints in between', () => {
    const run = (): unknown => {
      const w = createWorld({ reapInterval: 1_000, maxAge: 3_000, checkpointEvery: 3 })
      w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
      for (let i = 0; i < 10; i++) {
        w.dispatch('alice')
        if (i % 3 === 0) w.storeCall({ method: 'clear' })
        if (i % 4 === 1) w.storeCall({ method: 'length' })
        w.advance(700)
      }
      const start = w.startTime()
      w.seek(start + 2_100)
      const mid = observe(w)
      w.seek(w.history().latest)
      return { mid, end: observe(w) }
    }
    expect(run()).toEqual(run())
  })

  it('refuses bad calls before doing anything', () => {
    const w = twoSessions()
    const actions = w.actions().length
    expect(() => w.storeCall({ method: 'get' } as never)).toThrow(/method must be one of clear, all, length, destroy/)
    expect(() => w.storeCall({ method: 'destroy' } as never)).toThrow(/destroy needs the key/)
    expect(() => w.storeCall({ method: 'length', key: 'x' } as never)).toThrow(/length takes no key/)
    expect(() => w.storeCall(null as never)).toThrow(TypeError)
    expect(w.actions()).toHaveLength(actions)
    expect(calls(w)).toEqual([])
  })

  it('tells subscribers once per call', () => {
    const w = twoSessions()
    let changes = 0
    w.subscribe(() => changes++)
    w.storeCall({ method: 'length' })
    expect(changes).toBe(1)
  })
})

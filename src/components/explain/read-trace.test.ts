import { describe, expect, it } from 'vitest'
import { createWorld } from '../../sim/index.ts'
import { compareInputs, committedFingerprint, fingerprintSteps, lanesOf, latestExchange, previousExchange, reapTicks, storeCallLines, latestStoreCallStanding } from './read-trace.ts'

const UA = 'Mozilla/5.0 Firefox/3.6.6'

function world() {
  const w = createWorld({ maxAge: 5_000, reapInterval: 2_000 })
  w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
  return w
}

describe('reading the trace for the explainers', () => {
  it('lines up a fingerprint with the previous request’s and marks only the input that changed', () => {
    const w = world()
    w.dispatch('alice')
    w.setIp('alice', '203.0.113.7')
    w.dispatch('alice')
    const latest = latestExchange(w.trace(), 'alice')
    expect(latest).not.toBeNull()
    if (latest === null) return
    const previous = previousExchange(w.trace(), latest)
    const first = fingerprintSteps(latest)[0]
    expect(first).toBeDefined()
    if (first === undefined || previous === null) return
    const changes = compareInputs(first, committedFingerprint(previous))
    expect(changes?.map((c) => [c.name, c.was])).toEqual([
      ['id', null],
      ['remoteAddress', '192.0.2.10'],
      ['userAgent', null],
    ])
  })

  it('lists the store calls in order: the middleware’s set, get and destroy, the reader’s calls, and reaps that removed something', async () => {
    const w = world()
    await w.send('alice')
    await w.send('alice')
    w.storeCall({ method: 'length' })
    await w.send('alice', { method: 'POST', path: '/logout' })
    w.advance(1_000)
    const lines = storeCallLines(w.trace())
    expect(lines.map((l) => [l.method, l.caller === 'you' ? 'you' : 'alice'])).toEqual([
      ['set', 'alice'],
      ['get', 'alice'],
      ['set', 'alice'],
      ['length', 'you'],
      ['get', 'alice'],
      ['destroy', 'alice'],
    ])
    expect(lines[3]?.outcome).toBe('callback(null, 1)')
    expect(storeCallLines(w.trace(), 2).map((l) => l.method)).toEqual(['get', 'destroy'])
  })

  it('gives a live session a zombie window up to the first reap after its deadline, and keeps a lane for a reaped one', () => {
    const w = world()
    const start = w.now()
    w.dispatch('alice') // lastAccess 0, deadline 5 s, reaps at 2, 4, 6 s
    let lanes = lanesOf(w.sessions(), w.trace(), 5_000, 2_000, w.nextReapTime())
    expect(lanes).toHaveLength(1)
    expect(lanes[0]).toMatchObject({ lastAccess: start, deadline: start + 5_000, zombieEnd: start + 6_000, reapedAt: null })
    w.advance(6_500)
    lanes = lanesOf(w.sessions(), w.trace(), 5_000, 2_000, w.nextReapTime())
    expect(lanes[0]).toMatchObject({ deadline: start + 5_000, zombieEnd: start + 6_000, reapedAt: start + 6_000 })
    expect(reapTicks(w.trace(), w.now(), w.nextReapTime(), 2_000, start, start + 10_000)).toEqual([2_000, 4_000, 6_000, 8_000, 10_000].map((t) => start + t))
  })

  it('a deadline exactly on a reap waits for the next one (the reaper’s comparison is strict)', () => {
    const w = world()
    const start = w.now()
    w.advance(1_000)
    w.dispatch('alice') // deadline 6 s, a reap is due at 6 s but removes only lastAccess < 1 s
    const [lane] = lanesOf(w.sessions(), w.trace(), 5_000, 2_000, w.nextReapTime())
    expect(lane?.zombieEnd).toBe(start + 8_000)
  })
})

describe('the last store call', () => {
  it('stands until the store changes under it, then no longer does', () => {
    const w = world()
    expect(latestStoreCallStanding(w.trace())).toBeNull()
    w.dispatch('alice')
    w.storeCall({ method: 'length' })
    expect(latestStoreCallStanding(w.trace())).toMatchObject({ standing: true, record: { method: 'length' } })
    // A request saves the session again (its lastAccess moves): what all() or length() said may no longer hold.
    w.dispatch('alice')
    expect(latestStoreCallStanding(w.trace())).toMatchObject({ standing: false })
    w.storeCall({ method: 'all' })
    expect(latestStoreCallStanding(w.trace())).toMatchObject({ standing: true, record: { method: 'all' } })
    // A reap that removes the session changes the store too.
    w.advance(10_000)
    expect(latestStoreCallStanding(w.trace())).toMatchObject({ standing: false })
  })
})

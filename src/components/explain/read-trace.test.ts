import { describe, expect, it } from 'vitest'
import { createWorld } from '../../sim/index.ts'
import { compareInputs, committedFingerprint, fingerprintSteps, lanesOf, latestExchange, latestStoreCallStanding, previousExchange, reapTicks } from './read-trace.ts'

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
    // The reap at 2 s removed and announced nothing, so it left no record; it is on the schedule all the same.
    expect(w.trace().filter((r) => r.kind === 'reap').map((r) => r.time - start)).not.toContain(2_000)
    expect(reapTicks(w.trace(), w.reapSchedule(), start, start + 10_000)).toEqual([2_000, 4_000, 6_000, 8_000, 10_000].map((t) => start + t))
  })

  it('marks the runs before a change of reapInterval from the trace, and the new schedule from the change on', () => {
    const w = world()
    const start = w.now()
    w.dispatch('alice')
    w.advance(6_500) // runs at 2, 4, 6 s; the one at 6 s reaps alice
    w.configure({ reapInterval: 3_000 }) // the reaper restarts at 6.5 s: next at 9.5, 12.5 s
    expect(reapTicks(w.trace(), w.reapSchedule(), start + 5_000, start + 13_000)).toEqual([6_000, 9_500, 12_500].map((t) => start + t))
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

import { describe, expect, it } from 'vitest'
import { restoreRecording } from './recording.ts'
import { loadScenario } from './scenario.ts'
import { VerdictTracker, verdictLabel, verdictsOf, type Verdict, type VerdictStep } from './verdict.ts'
import { createWorld, type World } from './world.ts'

const files = import.meta.glob('../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

function scenarioWorld(name: string, fingerprint?: 'default' | 'user-agent' | 'none'): World {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${name}`))
  if (entry === undefined) throw new Error(`no scenario ${name}`)
  const scenario = loadScenario(entry[1])
  const config = fingerprint === undefined ? scenario.config : { ...scenario.config, fingerprint }
  return restoreRecording({ ...scenario, config })
}

function kinds(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => `${v.browser}:${verdictLabel(v)}`)
}

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/3.6'

describe('verdicts on the shipped scenarios', () => {
  it('a stolen cookie from another address is blocked by the default fingerprint', () => {
    const v = verdictsOf(scenarioWorld('stolen-cookie-blocked.json').trace())
    expect(kinds(v)).toEqual(['alice:new: no cookie', 'alice:loaded', 'mallory:blocked by the fingerprint', 'alice:loaded'])
    expect(v[2]?.presentedOwner).toBe('alice')
    expect(v[2]?.owner).toBe('mallory')
  })

  it('the same theft with an id-only fingerprint is a hijack of alice', () => {
    const v = verdictsOf(scenarioWorld('stolen-cookie-blocked.json', 'none').trace())
    expect(kinds(v)).toEqual(['alice:new: no cookie', 'alice:loaded', 'mallory:hijacked', 'alice:loaded'])
    expect(v[2]?.owner).toBe('alice')
    expect(v[2]?.sessionId).toBe(v[0]?.sessionId)
  })

  it('behind one NAT with the same browser, the default fingerprint lets the hijack through', () => {
    const v = verdictsOf(scenarioWorld('stolen-cookie-nat.json').trace())
    expect(kinds(v)).toEqual(['alice:new: no cookie', 'mallory:hijacked', 'mallory:hijacked'])
  })

  it('a phone that changes networks is locked out, twice', () => {
    const v = verdictsOf(scenarioWorld('phone-changes-ip.json').trace())
    expect(kinds(v)).toEqual(['phone:new: no cookie', 'phone:loaded', 'phone:locked out', 'phone:locked out'])
    expect(v[2]?.presentedId).toBe(v[0]?.sessionId)
    expect(v[2]?.reason).toBe('fingerprint-mismatch')
  })

  it('the phone keeps its session under the User-Agent strategy', () => {
    const v = verdictsOf(scenarioWorld('phone-changes-ip.json', 'user-agent').trace())
    expect(kinds(v)).toEqual(['phone:new: no cookie', 'phone:loaded', 'phone:loaded', 'phone:loaded'])
  })

  it('every shipped scenario gets a verdict per exchange, and the kinds agree with the library', () => {
    for (const [path] of Object.entries(files)) {
      const world = scenarioWorld(path.split('/').pop() as string)
      const exchanges = world.trace().filter((r) => r.kind === 'exchange')
      const v = verdictsOf(world.trace())
      expect(v.length, path).toBe(exchanges.length)
      v.forEach((verdict, i) => {
        const r = exchanges[i]
        if (r === undefined) throw new Error('missing record')
        if (verdict.kind === 'loaded' || verdict.kind === 'hijacked') expect(r.lookup, path).toBe('hit')
        if (verdict.kind === 'blocked' || verdict.kind === 'locked-out') expect([r.lookup, r.newSession], path).toEqual(['miss', true])
      })
    }
  })
})

describe('VerdictTracker on a live world', () => {
  function live(options: Parameters<typeof createWorld>[0] = {}): { world: World; verdicts: Verdict[] } {
    const world = createWorld(options)
    const tracker = new VerdictTracker()
    const verdicts: Verdict[] = []
    world.onRecord((r) => {
      const v = tracker.record(r)
      if (v !== null) verdicts.push(v)
    })
    return { world, verdicts }
  }

  it('says a reaped session is why a returning browser got a new one', () => {
    const { world, verdicts } = live({ reapInterval: 10_000 })
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a')
    // The cookie was issued for 4 hours; the store now forgets sessions idle for a minute.
    world.configure({ maxAge: 60_000 })
    world.advance(90_000)
    world.dispatch('a')
    expect(verdicts.map((v) => `${v.kind}/${v.reason ?? ''}`)).toEqual(['new/no-cookie', 'new/reaped'])
    expect(verdicts[1]?.presentedId).toBe(verdicts[0]?.sessionId)
  })

  it('a tracker that missed the session\'s making cannot name its owner', () => {
    const { world, verdicts } = live()
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.addBrowser({ name: 'b', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a')
    world.stealCookie('a', 'b')
    // A tracker that starts late has not seen the session made: it cannot say whose the cookie is.
    const late = new VerdictTracker()
    world.dispatch('b')
    const record = world.trace().at(-1)
    if (record?.kind !== 'exchange') throw new Error('expected an exchange')
    const seenLate = late.exchange(record)
    expect([seenLate.kind, seenLate.owner]).toEqual(['loaded', null])
    expect(verdicts.map((v) => v.kind)).toEqual(['new', 'hijacked'])
  })

  it('a destroyed session (logout) makes the next request with its cookie a new session, reason destroyed', () => {
    const { world, verdicts } = live()
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.addBrowser({ name: 'b', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a', { method: 'POST', path: '/login?user=a' })
    world.stealCookie('a', 'b')
    world.dispatch('a', { method: 'POST', path: '/logout' })
    world.dispatch('b')
    expect(verdicts.map((v) => `${v.kind}/${v.reason ?? ''}`)).toEqual(['new/no-cookie', 'loaded/', 'new/destroyed'])
  })

  it('a cleared store makes the next request a new session, reason destroyed', () => {
    const { world, verdicts } = live()
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.addBrowser({ name: 'b', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a')
    world.storeCall({ method: 'clear' })
    world.dispatch('a')
    expect(verdicts.map((v) => `${v.kind}/${v.reason ?? ''}`)).toEqual(['new/no-cookie', 'new/destroyed'])
  })

  it('regenerate at login keeps the verdict loaded and says so', () => {
    const { world, verdicts } = live()
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a')
    world.dispatch('a', { method: 'POST', path: '/login?user=a&regenerate=1' })
    world.dispatch('a')
    expect(verdicts.map((v) => `${v.kind}/${String(v.regenerated)}`)).toEqual(['new/false', 'loaded/true', 'loaded/false'])
    expect(verdicts[2]?.sessionId).not.toBe(verdicts[0]?.sessionId)
    expect(verdicts[2]?.owner).toBe('a')
  })

  it('a store outage is an error verdict', () => {
    const { world, verdicts } = live()
    world.addBrowser({ name: 'a', userAgent: UA, ip: '192.0.2.1' })
    world.dispatch('a')
    world.fault({ failNextGet: 1 })
    world.dispatch('a')
    expect(verdicts.map((v) => v.kind)).toEqual(['new', 'error'])
  })

  it('a clone goes on apart from the tracker it was taken from', () => {
    const tracker = new VerdictTracker()
    const made: VerdictStep[] = [{ type: 'generate', id: 's1', reason: 'no-cookie' }, { type: 'commit', id: 's1', key: 'k1' }]
    expect(tracker.steps(made, 1, 'alice', 0, 's1')).toMatchObject({ kind: 'new', reason: 'no-cookie' })
    const copy = tracker.clone()
    // Alice logs out: the original sees her session destroyed; the copy was taken before.
    const logout: VerdictStep[] = [{ type: 'fingerprint', id: 's1' }, { type: 'lookup', result: 'hit' }, { type: 'load', id: 's1' }, { type: 'destroy', key: 'k1', destroyed: true }]
    expect(tracker.steps(logout, 2, 'alice', 1, null)).toMatchObject({ kind: 'loaded', presentedOwner: 'alice' })
    // She comes back with the old cookie and misses: destroyed for one, still held (so locked out) for the other.
    const back: VerdictStep[] = [
      { type: 'fingerprint', id: 's1' },
      { type: 'lookup', result: 'miss' },
      { type: 'generate', id: 's2', reason: 'store-miss' },
      { type: 'commit', id: 's2', key: 'k2' },
    ]
    expect(tracker.steps(back, 3, 'alice', 2, 's2')).toMatchObject({ kind: 'new', reason: 'destroyed', presentedOwner: 'alice', owner: 'alice' })
    expect(copy.steps(back, 3, 'alice', 2, 's2')).toMatchObject({ kind: 'locked-out', reason: 'fingerprint-mismatch' })
    expect([tracker.liveSessions, copy.liveSessions]).toEqual([1, 2])
    expect([tracker.sessionsSeen, copy.sessionsSeen]).toEqual([2, 2])
  })

  it('counts an id held under two keys as live until both are gone', () => {
    const tracker = new VerdictTracker()
    tracker.steps([{ type: 'generate', id: 's1', reason: 'no-cookie' }, { type: 'commit', id: 's1', key: 'k1' }], 1, 'alice', 0, 's1')
    // The same id saved under a second key (another fingerprint of the same cookie).
    tracker.steps([{ type: 'fingerprint', id: 's1' }, { type: 'lookup', result: 'hit' }, { type: 'load', id: 's1' }, { type: 'commit', id: 's1', key: 'k2' }], 2, 'alice', 1, 's1')
    const miss: VerdictStep[] = [{ type: 'fingerprint', id: 's1' }, { type: 'lookup', result: 'miss' }, { type: 'generate', id: 's9', reason: 'store-miss' }, { type: 'commit', id: 's9', key: 'k9' }]
    tracker.reaped(['k1'])
    expect(tracker.clone().steps(miss, 3, 'bob', 2, 's9')).toMatchObject({ kind: 'blocked', reason: 'fingerprint-mismatch' })
    tracker.reaped(['k2'])
    expect(tracker.steps(miss, 3, 'bob', 2, 's9')).toMatchObject({ kind: 'new', reason: 'reaped' })
  })
})

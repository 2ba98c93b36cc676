import { describe, expect, it } from 'vitest'
import { Session, type Request } from './index.ts'
import { ManualClock } from '../../test/support/manual-clock.ts'

const req = (): Request => ({ headers: {} })

describe('Session', () => {
  it('a new session has own keys id then lastAccess, lastAccess from the clock', () => {
    const clock = new ManualClock(1234)
    const s = new Session(req(), 'abc', clock)
    expect(Object.keys(s)).toEqual(['id', 'lastAccess'])
    expect(s.lastAccess).toBe(1234)
  })

  it('a loaded session has the stored keys in their order, and keeps its request link out of its data', () => {
    const r = req()
    const s = new Session(r, { id: 'x', name: 'tj', lastAccess: 5 })
    expect(Object.keys(s)).toEqual(['id', 'name', 'lastAccess'])
    expect(s.req).toBe(r)
    expect(JSON.parse(JSON.stringify(s))).toEqual({ id: 'x', name: 'tj', lastAccess: 5 })
  })

  it('touch moves lastAccess to now', () => {
    const clock = new ManualClock(10)
    const s = new Session(req(), 'abc', clock)
    clock.advance(99)
    // Without a session() context the session falls back to the system clock; pass through a context for virtual time.
    s.lastAccess = 0
    s.touch()
    expect(s.lastAccess).toBeGreaterThan(0)
  })

  it('rejects an id that is not a string (2010 let a function become the id, Q6)', () => {
    expect(() => new Session(req(), (() => 'x') as unknown as string)).toThrow(/needs an id string or stored data/)
  })

  it('destroy and regenerate outside session() call back with an error rather than throwing', () => {
    const s = new Session(req(), 'abc')
    let destroyErr: unknown
    s.destroy((e) => (destroyErr = e))
    expect(String(destroyErr)).toMatch(/passed through session\(\)/)
    let regenErr: unknown
    s.regenerate((e) => (regenErr = e))
    expect(String(regenErr)).toMatch(/passed through session\(\)/)
  })
})

import { describe, expect, it } from 'vitest'
import { announcementFor, describeExchange, recordsAfter } from './describe.ts'
import { createWorld, type TraceRecord } from '../../sim/index.ts'
import { describeSpeed } from './ClockControls.tsx'

describe('the clock in words', () => {
  it('names speeds as what a real second becomes', () => {
    expect(describeSpeed(60)).toBe('1 s = 1 min')
    expect(describeSpeed(1)).toBe('1 s = 1 s')
    expect(describeSpeed(3600)).toBe('1 s = 1 h')
  })
})

describe('records in words', () => {
  it('tells an exchange as the chain of the library’s decisions', () => {
    const world = createWorld()
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    world.dispatch('alice')
    world.dispatch('alice')
    const [first, second] = world.trace() as TraceRecord[]
    if (first?.kind !== 'exchange' || second?.kind !== 'exchange') throw new Error('expected two exchanges')
    expect(describeExchange(first)).toMatch(/^alice GET \/ → no cookie sent → fingerprint [0-9a-f]{8}… → new session [0-9a-f]{8}… \(no cookie\) → Set-Cookie → 200$/)
    expect(describeExchange(second)).toMatch(/^alice GET \/ → cookie sent → fingerprint .* → store hit → loaded .* → touched → Set-Cookie → 200$/)
    expect(announcementFor([first, second])).toBe('New session for alice.')
    expect(recordsAfter(world.trace(), first.seq)).toEqual([second])
  })

  it('announces reaps and floods of new sessions, nothing else', () => {
    const world = createWorld({ maxAge: 1000, reapInterval: 1000 })
    world.addBrowser({ name: 'a', userAgent: 'UA', ip: '192.0.2.1' })
    world.addBrowser({ name: 'b', userAgent: 'UA', ip: '192.0.2.2' })
    world.dispatch('a')
    world.dispatch('b')
    expect(announcementFor(world.trace())).toBe('2 new sessions.')
    const seen = world.trace().at(-1)?.seq ?? -1
    world.advance(3000)
    expect(announcementFor(recordsAfter(world.trace(), seen))).toBe('Reap removed 2 sessions.')
  })
})

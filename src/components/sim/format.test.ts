import { describe, expect, it } from 'vitest'
import { bestUnit, formatDuration, formatElapsed, formatInstant, formatRelative, parseAmount } from './format.ts'
import { announcementFor, describeExchange, recordsAfter } from './describe.ts'
import { createWorld, type TraceRecord } from '../../sim/index.ts'
import { describeSpeed } from './ClockControls.tsx'

describe('formatting for the widgets', () => {
  it('writes durations with units', () => {
    expect(formatDuration(250)).toBe('250 ms')
    expect(formatDuration(1500)).toBe('1.5 s')
    expect(formatDuration(600_000)).toBe('10 min')
    expect(formatDuration(14_400_000)).toBe('4 h')
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2 d 3 h')
    expect(formatDuration(-5000)).toBe('−5 s')
  })

  it('picks the largest unit that divides exactly', () => {
    expect(bestUnit(600_000)).toEqual({ amount: 10, unit: 'min' })
    expect(bestUnit(5000)).toEqual({ amount: 5, unit: 's' })
    expect(bestUnit(1500)).toEqual({ amount: 1500, unit: 'ms' })
    expect(bestUnit(-1)).toEqual({ amount: -1, unit: 'ms' })
  })

  it('writes instants in UTC and elapsed time', () => {
    const start = Date.UTC(2010, 6, 9, 12, 0, 0)
    expect(formatInstant(start)).toBe('2010-07-09 12:00:00 UTC')
    expect(formatInstant(start + 15_500)).toBe('2010-07-09 12:00:15.500 UTC')
    expect(formatElapsed(300_000)).toBe('+00:05:00')
    expect(formatElapsed(86_400_000 + 3_600_000)).toBe('+1d 01:00:00')
    expect(formatRelative(300_000)).toBe('in 5 min')
    expect(formatRelative(-2000)).toBe('2 s ago')
  })

  it('reads typed amounts', () => {
    expect(parseAmount(' 5 ')).toBe(5)
    expect(parseAmount('')).toBeNull()
    expect(parseAmount('five')).toBeNull()
  })

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

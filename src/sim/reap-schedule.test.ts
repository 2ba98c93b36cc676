import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { idleDeadline, reapRemoves } from '../connect/index.ts'
import { firstTellingReap } from './reap-schedule.ts'

describe('firstTellingReap', () => {
  it('is the first tick whose next tick removes the oldest session, as a tick-by-tick walk with the library rule finds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5_000, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 3_000 }),
        (oldest, due, period, maxAge) => {
          let walk = due
          while (!reapRemoves(oldest, walk + period, maxAge)) walk += period
          expect(firstTellingReap(idleDeadline(oldest, maxAge), due, period)).toBe(walk)
        },
      ),
    )
  })

  it('has nothing to wait for without a session, and stays exact near the end of time', () => {
    expect(firstTellingReap(null, 0, 1)).toBe(Infinity)
    const t = firstTellingReap(idleDeadline(8.5e15, 1e14), 8.55e15, 1)
    expect(reapRemoves(8.5e15, t + 1, 1e14)).toBe(true)
    expect(reapRemoves(8.5e15, t, 1e14)).toBe(false)
  })
})

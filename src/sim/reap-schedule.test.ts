import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { firstTellingReap, reapRemoves } from './reap-schedule.ts'

describe('firstTellingReap', () => {
  it('is the first tick whose next tick removes the oldest session, as a tick-by-tick walk finds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5_000, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 3_000 }),
        (oldest, due, period, maxAge) => {
          let walk = due
          while (!reapRemoves(oldest, walk + period, maxAge)) walk += period
          expect(firstTellingReap(oldest, due, period, maxAge)).toBe(walk)
        },
      ),
    )
  })

  it('has nothing to wait for without a session, and stays exact near the end of time', () => {
    expect(firstTellingReap(Infinity, 0, 1, 10)).toBe(Infinity)
    const due = 8.6e15
    const t = firstTellingReap(8.5e15, due, 1, 1e14)
    expect(reapRemoves(8.5e15, t + 1, 1e14)).toBe(true)
    expect(reapRemoves(8.5e15, t, 1e14)).toBe(false)
  })
})

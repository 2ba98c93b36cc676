import { describe, expect, it } from 'vitest'
import { MemoryStore, type PlainData } from '../connect/index.ts'
import { ADOPT } from '../connect/internal.ts'
import { FaultyStore } from './faulty-store.ts'
import { SeededRandom } from './seeded-random.ts'
import { VirtualClock } from './virtual-clock.ts'

function storeWith(logging: boolean): FaultyStore {
  const clock = new VirtualClock()
  const store = new FaultyStore(new MemoryStore({ clock, reapInterval: -1 }), clock, new SeededRandom(7, 1))
  store.logging = logging
  return store
}

/** Saves through ADOPT (as the middleware does), then reads back; what each callback got. */
function saveThenGet(store: FaultyStore): { saved: Error | null; got: Error | null; data: PlainData | null | undefined } {
  let saved: Error | null = null
  let got: Error | null = null
  let data: PlainData | null | undefined
  store[ADOPT]('k', { id: 'a', lastAccess: 1 }, (err) => (saved = err))
  store.get('k', (err, d) => {
    got = err ?? null
    data = d
  })
  return { saved, got, data }
}

describe('FaultyStore without its call log', () => {
  it('still saves and reads, and logs nothing', () => {
    const store = storeWith(false)
    const { saved, got, data } = saveThenGet(store)
    expect(saved).toBeNull()
    expect(got).toBeNull()
    expect(data).toEqual({ id: 'a', lastAccess: 1 })
    expect(store.calls.view().lines).toEqual([])
  })

  it('logs both calls when the log is on', () => {
    const store = storeWith(true)
    saveThenGet(store)
    expect(store.calls.view().lines.map((l) => l.method)).toEqual(['set', 'get'])
  })

  it.each([
    { latency: 0, failureRate: 0.5, failNextGet: 1, failNextSet: 0 },
    // Counted failures first, then calls that take the direct way.
    { latency: 0, failureRate: 0, failNextGet: 2, failNextSet: 1 },
  ])('applies faults exactly as with the log: the same calls fail (%o)', (faults) => {
    const outcomes = [true, false].map((logging) => {
      const store = storeWith(logging)
      store.faults = faults
      const seen: string[] = []
      for (let i = 0; i < 20; i++) {
        const { saved, got } = saveThenGet(store)
        seen.push(`${saved === null ? 'saved' : 'save failed'} / ${got === null ? 'read' : 'read failed'}`)
      }
      return seen
    })
    expect(outcomes[1]).toEqual(outcomes[0])
    expect(outcomes[0]!.some((o) => o.includes('failed'))).toBe(true)
    expect(outcomes[0]!.some((o) => o === 'saved / read')).toBe(true)
  })
})

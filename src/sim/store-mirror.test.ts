import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PlainData } from '../connect/index.ts'
import { StoreMirror } from './store-mirror.ts'

type Op = { op: 'save'; key: string; lastAccess: number | null } | { op: 'remove'; key: string } | { op: 'clear' } | { op: 'reap'; keys: string[] }

/** The obvious model: a Map in the store's order, ages read straight from the data. */
function naiveBelow(model: Map<string, PlainData>, threshold: number): string[] {
  const out: [string, number][] = []
  for (const [key, data] of model) {
    const t = data.lastAccess
    if (typeof t === 'number' && Number.isFinite(t) && t < threshold) out.push([key, t])
  }
  return out.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k)
}

const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('save' as const), key: keyArb, lastAccess: fc.option(fc.integer({ min: 0, max: 200 }), { freq: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reap' as const), keys: fc.uniqueArray(keyArb, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
)

describe('StoreMirror', () => {
  it('keeps the store order and the data it was given', () => {
    const m = new StoreMirror()
    const one = { id: '1', lastAccess: 5 }
    m.saved('k1', one)
    m.saved('k2', { id: '2', lastAccess: 6 })
    m.saved('k1', { id: '1', lastAccess: 7 })
    m.removed('k2')
    m.saved('k2', { id: '2', lastAccess: 8 })
    expect(m.contents().keys).toEqual(['k1', 'k2'])
    expect(m.contents().data[0]).toEqual({ id: '1', lastAccess: 7 })
    expect(m.lastAccessOf('k1')).toBe(7)
    expect(m.size).toBe(2)
  })

  it('uses a hint only while it is still the key\'s entry', () => {
    const m = new StoreMirror()
    const first = m.saved('k', { lastAccess: 1 })
    expect(m.saved('k', { lastAccess: 2 }, first)).toBe(first)
    const other = m.saved('j', { lastAccess: 3 })
    // A hint for another key, or for a key that has since left the store, is not used.
    const k = m.saved('k', { lastAccess: 4 }, other)
    expect(k).toBe(first)
    m.removed('k')
    const again = m.saved('k', { lastAccess: 5 }, first)
    expect(again).not.toBe(first)
    m.saved('k', { lastAccess: 6 }, again)
    m.cleared()
    m.saved('k', { lastAccess: 7 }, again)
    expect(m.contents()).toEqual({ keys: ['k'], data: [{ lastAccess: 7 }] })
    expect(m.below(100)).toEqual(['k'])
  })

  it('lists reaped keys oldest first whatever order the store gave them in, and forgets them', () => {
    const m = new StoreMirror()
    m.saved('z', { lastAccess: 1 })
    m.saved('y', { lastAccess: 3 })
    m.saved('x', { lastAccess: 1 })
    expect(m.reaped(['y', 'z', 'x'])).toEqual(['x', 'z', 'y'])
    expect(m.size).toBe(0)
    expect(m.below(100)).toEqual([])
  })

  it('answers below() as a scan of the contents would, through any history of saves, removals, reaps and clears', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 210 }), { minLength: 1, maxLength: 5 }), (ops, thresholds) => {
        const m = new StoreMirror()
        const model = new Map<string, PlainData>()
        for (const o of ops) {
          if (o.op === 'save') {
            const data = o.lastAccess === null ? { id: o.key } : { id: o.key, lastAccess: o.lastAccess }
            m.saved(o.key, data)
            model.set(o.key, data)
          } else if (o.op === 'remove') {
            m.removed(o.key)
            model.delete(o.key)
          } else if (o.op === 'reap') {
            // The reaper only ever removes sessions with a lastAccess.
            const present = o.keys.filter((k) => typeof model.get(k)?.lastAccess === 'number')
            expect(m.reaped(present)).toEqual(naiveBelow(new Map(present.map((k) => [k, model.get(k) as PlainData])), Infinity))
            for (const k of present) model.delete(k)
          } else {
            m.cleared()
            model.clear()
          }
          for (const t of thresholds) expect(m.below(t)).toEqual(naiveBelow(model, t))
        }
        expect(m.contents()).toEqual({ keys: [...model.keys()], data: [...model.values()] })
        const rebuilt = StoreMirror.from(m.contents())
        for (const t of thresholds) expect(rebuilt.below(t)).toEqual(naiveBelow(model, t))
      }),
      { numRuns: 200 },
    )
  })

  it('stays exact across compactions of a long queue', () => {
    const m = new StoreMirror()
    const model = new Map<string, PlainData>()
    for (let i = 0; i < 30_000; i++) {
      const key = `k${i % 50}`
      // Mostly growing, sometimes going back a little (a late save of an earlier load).
      const data = { lastAccess: i - (i % 7 === 0 ? 40 : 0) }
      m.saved(key, data)
      model.set(key, data)
      if (i % 997 === 0) {
        m.removed(key)
        model.delete(key)
      }
      if (i % 5_000 === 4_999) expect(m.below(i - 20)).toEqual(naiveBelow(model, i - 20))
    }
    expect(m.below(Infinity)).toEqual(naiveBelow(model, Infinity))
  })
})

import { describe, expect, it } from 'vitest'
import { estimateBytes } from './checkpoint.ts'
import { CheckpointWeights } from './checkpoint-weights.ts'

const weight = (key: string, value: object) => key.length + estimateBytes(value)

describe('checkpoint weights', () => {
  it('counts a value toward the first checkpoint holding it, and all values toward every checkpoint', () => {
    const w = new CheckpointWeights()
    const a = { views: 1 }
    const b = { views: 2, user: 'ada' }
    const first = w.weigh(['ka', 'kb'], [a, b], [])
    expect(first.added).toBe(weight('ka', a) + weight('kb', b))
    expect(first.all).toBe(first.added)
    const again = w.weigh(['ka', 'kb'], [a, b], [])
    expect(again).toEqual({ added: 0, all: first.all })
  })

  it('weighs a rewritten value again, but not the ones kept beside it', () => {
    const w = new CheckpointWeights()
    const a = { views: 1 }
    const b = { views: 2 }
    w.weigh(['ka', 'kb'], [a, b], [])
    const b2 = { views: 3, user: 'grace' }
    const next = w.weigh(['ka', 'kb'], [a, b2], [])
    expect(next.added).toBe(weight('kb', b2))
    expect(next.all).toBe(weight('ka', a) + weight('kb', b2))
  })

  it('keeps sharing the values after an entry was removed and counts newcomers at the end', () => {
    const w = new CheckpointWeights()
    const values = Array.from({ length: 6 }, (_, i) => ({ i, pad: 'x'.repeat(i) }))
    const keys = values.map((_, i) => `k${i}`)
    w.weigh(keys, values, [])
    const added = { i: 99, pad: 'new' }
    const kept = [values[0], values[2], values[3], values[5], added] as object[]
    const next = w.weigh(['k0', 'k2', 'k3', 'k5', 'k9'], kept, [])
    expect(next.added).toBe(weight('k9', added))
  })

  it('knows browser snapshots by name and weighs only the ones that changed', () => {
    const w = new CheckpointWeights()
    const ada = { name: 'ada', userAgent: 'A', ip: '1.1.1.1' }
    const bob = { name: 'bob', userAgent: 'B', ip: '2.2.2.2' }
    const first = w.weigh([], [], [ada, bob])
    expect(first.added).toBe(estimateBytes(ada) + estimateBytes(bob))
    const bob2 = { name: 'bob', userAgent: 'B', ip: '3.3.3.3' }
    const carol = { name: 'carol', userAgent: 'C', ip: '4.4.4.4' }
    expect(w.weigh([], [], [bob2, carol]).added).toBe(estimateBytes(bob2) + estimateBytes(carol))
    expect(w.weigh([], [], [bob2, carol]).added).toBe(0)
  })
})

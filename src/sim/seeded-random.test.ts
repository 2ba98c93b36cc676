import { describe, expect, it } from 'vitest'
import { SeededRandom, seededGenid } from './seeded-random.ts'

describe('SeededRandom', () => {
  it('repeats exactly for the same seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream = 0): number[] => {
      const r = new SeededRandom(seed, stream)
      return Array.from({ length: 5 }, () => r.nextUint32())
    }
    expect(draw(1)).toEqual(draw(1))
    expect(draw(1)).not.toEqual(draw(2))
    expect(draw(1, 0)).not.toEqual(draw(1, 1))
  })

  it('resumes from a saved state', () => {
    const r = new SeededRandom(42)
    r.nextUint32()
    const state = r.state()
    const next = [r.nextUint32(), r.nextFloat(), r.nextHexId()]
    const other = new SeededRandom(7)
    other.restore(state)
    expect([other.nextUint32(), other.nextFloat(), other.nextHexId()]).toEqual(next)
  })

  it('gives floats in [0, 1) spread over the range', () => {
    const r = new SeededRandom(3)
    let low = 0
    for (let i = 0; i < 10_000; i++) {
      const x = r.nextFloat()
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      if (x < 0.5) low++
    }
    expect(low).toBeGreaterThan(4700)
    expect(low).toBeLessThan(5300)
  })

  it('makes 32-hex ids, the shape of the library ids, without repeats', () => {
    const genid = seededGenid(new SeededRandom(1))
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = genid()
      expect(id).toMatch(/^[0-9a-f]{32}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(1000)
  })

  it('refuses a seed that is not a finite number', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(TypeError)
  })
})

import { describe, expect, it } from 'vitest'
import { ID_BITS } from '../connect/index.ts'
import { estimateGuessing, LEGACY_FULL_LENGTH_SHARE, LEGACY_ID_BITS, LEGACY_ID_LENGTH, TODAY_ID_BITS } from './id-entropy.ts'

describe('id entropy', () => {
  it("takes today's bits from the library's generator", () => {
    expect(TODAY_ID_BITS).toBe(ID_BITS)
    expect(TODAY_ID_BITS).toBe(128)
  })

  it("gives 2010's ids just under 112 bits on paper, 4 to 28 characters, most of them full length", () => {
    expect(LEGACY_ID_BITS).toBeGreaterThan(111.9999)
    expect(LEGACY_ID_BITS).toBeLessThan(112)
    expect(LEGACY_ID_LENGTH).toEqual({ min: 4, max: 28 })
    expect(LEGACY_FULL_LENGTH_SHARE).toBeCloseTo((15 / 16) ** 4, 3)
  })

  it('expects 2^bits / (live × rate) seconds to the first hit', () => {
    const e = estimateGuessing(20, 16, 1000)
    expect(e.perGuess).toBe(16 / 2 ** 20)
    expect(e.guesses).toBe(2 ** 16)
    expect(e.seconds).toBeCloseTo(65.536, 9)
    // Twice the sessions, half the wait; twice the rate, half again.
    expect(estimateGuessing(20, 32, 2000).seconds).toBeCloseTo(65.536 / 4, 9)
    expect(estimateGuessing(128, 1, 1e9).seconds).toBeCloseTo(2 ** 128 / 1e9, -20)
  })

  it('says never with no live session, and never less than one guess', () => {
    expect(estimateGuessing(128, 0, 1e6).seconds).toBe(Infinity)
    expect(estimateGuessing(4, 100, 1).guesses).toBe(1)
  })

  it('refuses inputs it cannot use, naming them', () => {
    expect(() => estimateGuessing(128, 1, 0)).toThrow(/guesses per second/)
    expect(() => estimateGuessing(128, -1, 1)).toThrow(/live sessions/)
    expect(() => estimateGuessing(Number.NaN, 1, 1)).toThrow(/bits per id/)
  })
})

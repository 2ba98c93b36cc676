import { describe, expect, it } from 'vitest'
import { clockTime, duration, shortHex, sinceStart, splitDuration } from './format.ts'

describe('explainer formatting', () => {
  it('writes durations in the unit a reader expects', () => {
    expect([0, 250, 1500, 5000, 600_000, 14_400_000, -2000].map(duration)).toEqual(['0 s', '250 ms', '1.5 s', '5 s', '10 min', '4 h', '−2 s'])
  })

  it('splits a duration into the largest exact unit, for the duration fields', () => {
    expect(splitDuration(600_000)).toEqual({ amount: 10, unit: 'min' })
    expect(splitDuration(1500)).toEqual({ amount: 1500, unit: 'ms' })
    expect(splitDuration(14_400_000)).toEqual({ amount: 4, unit: 'h' })
  })

  it('writes instants on the virtual clock and shortens long keys', () => {
    const start = Date.UTC(2010, 6, 9, 12)
    expect(clockTime(start + 7_500)).toBe('12:00:07.500')
    expect(sinceStart(start + 6_000, start)).toBe('t = 6 s')
    expect(shortHex('7960af70d6b7b9131b8ba4607cf11fa2')).toBe('7960af70…')
    expect(shortHex('abc')).toBe('abc')
  })
})

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bestUnit, compareTitles, formatNumber, formatClock, formatDuration, formatElapsed, formatInstant, formatRelative, formatSinceStart, parseAmount, shortHex } from './format.ts'

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

  it('writes zero as seconds, instants on the clock with their milliseconds, and shortens long keys', () => {
    const start = Date.UTC(2010, 6, 9, 12)
    expect(formatDuration(0)).toBe('0 s')
    expect(formatClock(start + 7_500)).toBe('12:00:07')
    expect(formatClock(start + 7_500, { millis: true })).toBe('12:00:07.500')
    expect(formatClock(start + 7_000, { millis: true })).toBe('12:00:07')
    expect(formatSinceStart(start + 6_000, start)).toBe('t = 6 s')
    expect(shortHex('7960af70d6b7b9131b8ba4607cf11fa2')).toBe('7960af70…')
    expect(shortHex('abc')).toBe('abc')
  })

  it('orders titles alphabetically whatever their case, upper case first between equals', () => {
    expect(['zombie', 'Attack', 'attack', 'Beta', 'alpha'].sort(compareTitles)).toEqual(['alpha', 'Attack', 'attack', 'Beta', 'zombie'])
    expect(compareTitles('Same', 'Same')).toBe(0)
  })

  it('writes numbers as toLocaleString("en") does, without the browser\'s number-format data', () => {
    for (const n of [0, -0, -0.0001, 7, 1234.5, -1234567, 0.0005, 2.5e-7, 123456789.1235, 1e21, 1.5e22, 1e300, NaN, Infinity, -Infinity]) {
      expect(formatNumber(n), String(n)).toBe(n.toLocaleString('en'))
    }
    // Whole numbers, and eighths (exact in binary, so no rounding tie can tell two rounding rules apart).
    fc.assert(fc.property(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), (n) => formatNumber(n) === n.toLocaleString('en')))
    fc.assert(fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (n) => formatNumber(n / 8) === (n / 8).toLocaleString('en')))
  })
})

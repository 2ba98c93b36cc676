import { describe, expect, it } from 'vitest'
import { LEGACY_ID_BITS } from '../../sim/index.ts'
import { formatAmount, formatBig, formatBits, formatBytes, formatChance, formatLongDuration, YEAR } from './long-duration.ts'

describe('formatLongDuration', () => {
  it('picks the unit that reads well', () => {
    expect(formatLongDuration(0.0123)).toBe('12.3 ms')
    expect(formatLongDuration(42)).toBe('42 seconds')
    expect(formatLongDuration(90)).toBe('1.5 minutes')
    expect(formatLongDuration(7200)).toBe('2 hours')
    expect(formatLongDuration(3 * 86_400)).toBe('3 days')
    expect(formatLongDuration(2 * YEAR)).toBe('2 years')
  })

  it('writes astronomical times in powers of ten, against the age of the universe', () => {
    expect(formatLongDuration(2 ** 128 / 1e9 / 1)).toBe('1.1 × 10^22 years (7.8 × 10^11 × the age of the universe)')
    expect(formatLongDuration(Infinity)).toBe('never (no live session to hit)')
  })

  it('formats big numbers and bytes', () => {
    expect(formatBig(1234.5)).toBe('1,230')
    expect(formatBig(3.4e38)).toBe('3.4 × 10^38')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB')
  })

  it('writes tiny durations in the same powers of ten as everything else, never as 3.4e-267', () => {
    expect(formatLongDuration(3.4e-270)).toBe('3.4 × 10^-267 ms')
    expect(formatLongDuration(1.84e-14)).toBe('1.8 × 10^-11 ms')
    expect(formatLongDuration(0.0005)).toBe('0.5 ms')
  })

  it('writes tiny figures in powers of ten and rounds a mantissa up into the exponent', () => {
    expect(formatBig(2.94e-39)).toBe('2.9 × 10^-39')
    expect(formatBig(0.00123)).toBe('0.00123')
    expect(formatBig(9.96e20)).toBe('1.0 × 10^21')
    expect(formatBig(-4.2e12)).toBe('-4.2 × 10^12')
  })
})

describe('formatAmount', () => {
  it('writes a huge or tiny input compactly, without rounding it away', () => {
    expect(formatAmount(1e308)).toBe('1 × 10^308')
    expect(formatAmount(Number.MAX_VALUE)).toBe('1.79769 × 10^308')
    expect(formatAmount(0.0001)).toBe('1 × 10^-4')
    expect(formatAmount(5e-324)).toBe('4.94066 × 10^-324')
    expect(formatAmount(1.5e9)).toBe('1.5 × 10^9')
  })

  it('keeps everyday inputs in digits', () => {
    expect(formatAmount(10_000)).toBe('10,000')
    expect(formatAmount(123_456_789)).toBe('123,456,789')
    expect(formatAmount(0.123456789)).toBe('0.123457')
    expect(formatAmount(0.0015)).toBe('0.0015')
    expect(formatAmount(2.5)).toBe('2.5')
  })

  it('stays short for every number a reader can type', () => {
    for (let e = -324; e <= 308; e++) expect(formatAmount(Number(`9.87654321e${e}`)).length).toBeLessThanOrEqual(20)
  })
})

describe('formatBits and formatChance', () => {
  it('never shows a figure just under a whole number as that number', () => {
    expect(formatBits(128)).toBe('128')
    expect(formatBits(LEGACY_ID_BITS)).toBe('111.99999998')
    expect(formatBits(27.5)).toBe('27.50')
    expect(formatBits(Math.log2(3))).toBe('1.58')
  })

  it('writes a chance as a percentage, or in powers of ten when it is tiny', () => {
    expect(formatChance(0)).toBe('0')
    expect(formatChance(0.5)).toBe('50%')
    expect(formatChance(1 / 2 ** 128)).toBe('2.9 × 10^-39')
  })
})

import { describe, expect, it } from 'vitest'
import { formatBig, formatBytes, formatLongDuration, YEAR } from './long-duration.ts'

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
})

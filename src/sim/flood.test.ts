import { describe, expect, it } from 'vitest'
import { checkFloodOptions, ENTRY_OVERHEAD_BYTES, FloodRun, type FloodOptions } from './flood.ts'

const MINUTE = 60_000

function run(options: FloodOptions): FloodRun {
  const flood = new FloodRun(options)
  // A little at a time, as a page runs it.
  while (!flood.work(100)) expect(flood.progress).toBeLessThan(1)
  return flood
}

describe('FloodRun', () => {
  const base = { perMinute: 30, duration: 60 * MINUTE, maxAge: 10 * MINUTE, samples: 60 }

  it('without the reaper, keeps every session the bot made', () => {
    const flood = run({ ...base, reapInterval: -1 })
    expect(flood.points).toHaveLength(61)
    const last = flood.points[60]
    expect(last?.t).toBe(60 * MINUTE)
    expect(last?.sent).toBe(1800)
    expect(last?.sessions).toBe(1800)
    expect(last?.bytes).toBeGreaterThan(1800 * ENTRY_OVERHEAD_BYTES)
    // Grows steadily: each minute's sample holds 30 more.
    expect(flood.points[10]?.sessions).toBe(300)
  })

  it('with the reaper, levels off near rate × (maxAge + reapInterval)', () => {
    const flood = run({ ...base, reapInterval: MINUTE })
    const last = flood.points[60]
    expect(last?.sent).toBe(1800)
    // Sessions idle past maxAge go at each reap: at most maxAge + one interval of them are held.
    const held = flood.points.slice(20).map((p) => p.sessions)
    expect(Math.max(...held)).toBeLessThanOrEqual(30 * 11)
    expect(Math.min(...held)).toBeGreaterThanOrEqual(30 * 10)
    const bare = run({ ...base, reapInterval: -1 })
    expect(last?.bytes).toBeLessThan((bare.points[60]?.bytes ?? 0) / 4)
  })

  it('refuses a flood it cannot run, naming the option', () => {
    expect(() => checkFloodOptions({ ...base, reapInterval: -1, perMinute: 0 })).toThrow(/requests per minute/)
    expect(() => checkFloodOptions({ ...base, reapInterval: -1, perMinute: 1e6 })).toThrow(/the most is 500,000/)
    expect(() => checkFloodOptions({ ...base, reapInterval: -1, duration: 10 })).toThrow(/at least a minute/)
  })
})

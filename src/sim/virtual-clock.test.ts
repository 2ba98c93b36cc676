import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_START_TIME, LATEST_TIME, VirtualClock } from './virtual-clock.ts'

describe('VirtualClock', () => {
  it('starts at the given time (by default the 2010 page week) and only moves when told', () => {
    expect(new VirtualClock().now()).toBe(DEFAULT_START_TIME)
    const clock = new VirtualClock(1000)
    expect(clock.now()).toBe(1000)
    clock.advance(250)
    expect(clock.now()).toBe(1250)
    clock.advanceTo(2000)
    expect(clock.now()).toBe(2000)
  })

  it('runs timers in due order, each seeing its own due time as now', () => {
    const clock = new VirtualClock(0)
    const seen: string[] = []
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 30)
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10)
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20)
    clock.advance(25)
    expect(seen).toEqual(['a@10', 'b@20'])
    expect(clock.now()).toBe(25)
    clock.advance(100)
    expect(seen).toEqual(['a@10', 'b@20', 'c@30'])
  })

  it('breaks ties by creation order, intervals and one-shots alike', () => {
    const clock = new VirtualClock(0)
    const seen: string[] = []
    clock.setTimeout(() => seen.push('first'), 100)
    const interval = clock.setInterval(() => seen.push('interval'), 50)
    clock.setTimeout(() => seen.push('third'), 100)
    clock.setTimeout(() => seen.push('zero-a'), 0)
    clock.setTimeout(() => seen.push('zero-b'), 0)
    clock.advance(100)
    // At 100 the interval (made second) is due again and runs between the two one-shots made around it.
    expect(seen).toEqual(['zero-a', 'zero-b', 'interval', 'first', 'interval', 'third'])
    clock.clearInterval(interval)
  })

  it('repeats intervals without drift until cleared, even from inside their own callback', () => {
    const clock = new VirtualClock(0)
    const at: number[] = []
    const handle = clock.setInterval(() => {
      at.push(clock.now())
      if (at.length === 3) clock.clearInterval(handle)
    }, 40)
    clock.advance(1000)
    expect(at).toEqual([40, 80, 120])
    expect(clock.nextDueTime()).toBeNull()
  })

  it('runs a timer made by a timer within the same advance when it falls due in it', () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 0)
      clock.setTimeout(() => seen.push(clock.now()), 500)
    }, 10)
    clock.advance(100)
    expect(seen).toEqual([10, 10])
    expect(clock.pendingTimeouts).toBe(1)
    expect(clock.nextDueTime()).toBe(510)
  })

  it('cancels one-shots and counts what is pending and what ran', () => {
    const clock = new VirtualClock(0)
    const handle = clock.setTimeout(() => {
      throw new Error('must not run')
    }, 10)
    clock.setTimeout(() => {}, 20)
    expect(clock.pendingTimeouts).toBe(2)
    clock.clearTimeout(handle)
    clock.clearTimeout(handle)
    expect(clock.pendingTimeouts).toBe(1)
    expect(clock.nextDueTime()).toBe(20)
    clock.advance(30)
    expect(clock.pendingTimeouts).toBe(0)
    expect(clock.fired).toBe(1)
  })

  it('reports the next interval apart from one-shots', () => {
    const clock = new VirtualClock(0)
    expect(clock.nextIntervalDue()).toBeNull()
    clock.setTimeout(() => {}, 5)
    clock.setInterval(() => {}, 60)
    expect(clock.nextDueTime()).toBe(5)
    expect(clock.nextIntervalDue()).toBe(60)
    clock.advance(61)
    expect(clock.nextIntervalDue()).toBe(120)
  })

  it('refuses negative, non-finite and backwards moves with a RangeError, changing nothing', () => {
    const clock = new VirtualClock(100)
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => clock.advance(bad)).toThrow(RangeError)
    expect(() => clock.advanceTo(99)).toThrow(RangeError)
    expect(() => clock.setTimeout(() => {}, -5)).toThrow(RangeError)
    expect(clock.now()).toBe(100)
  })

  it('refuses to be advanced from inside one of its timers', () => {
    const clock = new VirtualClock(0)
    clock.setTimeout(() => clock.advance(5), 1)
    expect(() => clock.advance(10)).toThrow(/inside one of its timers/)
    // The error stopped the advance at the failing timer; the clock is left consistent and usable.
    expect(clock.now()).toBe(1)
    clock.advance(10)
    expect(clock.now()).toBe(11)
  })

  it('warps only when no timer would be skipped', () => {
    const clock = new VirtualClock(0)
    clock.setInterval(() => {}, 100)
    clock.warp(99)
    expect(clock.now()).toBe(99)
    expect(() => clock.warp(100)).toThrow(RangeError)
    expect(() => clock.warp(50)).toThrow(RangeError)
  })

  it('property: any set of timers runs sorted by (due time, creation order)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 60 }), (delays, horizon) => {
        const clock = new VirtualClock(0)
        const ran: { due: number; id: number }[] = []
        delays.forEach((d, id) => clock.setTimeout(() => ran.push({ due: clock.now(), id }), d))
        clock.advance(horizon)
        const expected = delays
          .map((d, id) => ({ due: d, id }))
          .filter((t) => t.due <= horizon)
          .sort((a, b) => a.due - b.due || a.id - b.id)
        expect(ran).toEqual(expected)
      }),
    )
  })

  it('jumps an interval over the runs its hint calls idle, keeping its phase, in one step', () => {
    const clock = new VirtualClock(0)
    const ran: number[] = []
    clock.setInterval(() => ran.push(clock.now()), 1)
    let asked = 0
    // Only every billionth tick is worth running.
    clock.skipIdle((due) => {
      asked++
      return Math.ceil(due / 1e9) * 1e9
    })
    clock.advance(10_000_000_000)
    expect(ran).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n * 1e9))
    expect(asked).toBeLessThan(40)
    expect(clock.now()).toBe(1e10)
    expect(clock.nextIntervalDue()).toBe(1e10 + 1)
  })

  it('re-asks the hint after another timer runs, since that timer may make an earlier run useful', () => {
    const clock = new VirtualClock(0)
    const ran: number[] = []
    clock.setInterval(() => ran.push(clock.now()), 10)
    let useful = Infinity
    clock.skipIdle((due) => Math.max(due, useful))
    clock.setTimeout(() => (useful = 0), 1_005)
    clock.advance(1_030)
    expect(ran).toEqual([1_010, 1_020, 1_030])
    expect(clock.skips).toBe(1)
    // Nothing useful and nothing else scheduled: the interval waits at its first tick past the target, in phase.
    useful = Infinity
    clock.advance(1e15)
    expect(clock.nextIntervalDue()).toBe(1e15 + 1_040)
  })

  it('stops after a budget of timers at the end of an instant, so a replay to that instant runs the same ones', () => {
    const clock = new VirtualClock(0)
    const ran: string[] = []
    clock.setTimeout(() => ran.push('a@10'), 10)
    clock.setTimeout(() => ran.push('b@10'), 10)
    clock.setTimeout(() => ran.push('c@20'), 20)
    clock.setTimeout(() => ran.push('d@30'), 30)
    expect(clock.advanceTo(100, 1)).toBe(10)
    expect(ran).toEqual(['a@10', 'b@10'])
    expect(clock.advanceTo(100, 1)).toBe(20)
    // With nothing left to run after its budget, it goes all the way.
    expect(clock.advanceTo(100, 1)).toBe(100)
    expect(ran).toEqual(['a@10', 'b@10', 'c@20', 'd@30'])
  })

  it('refuses times a Date cannot hold', () => {
    expect(() => new VirtualClock(1e308)).toThrow(/Date can hold/)
    expect(() => new VirtualClock(Number.NaN)).toThrow(RangeError)
    const clock = new VirtualClock(LATEST_TIME - 10)
    expect(() => clock.advance(1e308)).toThrow(/latest instant a Date can hold/)
    expect(() => clock.advance(11)).toThrow(RangeError)
    clock.advance(10)
    expect(clock.now()).toBe(LATEST_TIME)
  })
})

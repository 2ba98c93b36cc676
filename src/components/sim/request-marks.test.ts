import { describe, expect, it } from 'vitest'
import { createWorld } from '../../sim/index.ts'
import { requestMarksOf } from './request-marks.ts'

describe('request marks on the timeline', () => {
  it('marks every request while few share an instant, oldest first, side by side', () => {
    const world = createWorld()
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    world.dispatch('alice')
    world.dispatch('alice')
    world.advance(1000)
    world.dispatch('alice')
    const { marks, more } = requestMarksOf(world.trace())
    expect(marks.map((m) => [m.x.exchange, m.offset])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
    ])
    expect(more).toEqual([])
  })

  it('gives a burst at one instant four marks and a count of the rest, so the strip stays short', () => {
    const world = createWorld()
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    world.addBrowser({ name: 'crawler', userAgent: 'bot', ip: '192.0.2.9' })
    world.dispatch('alice')
    world.advance(1000)
    world.burst('crawler', 250)
    const at = world.now()
    const { marks, more } = requestMarksOf(world.trace())
    // The newest four of the burst, and alice's request from the instant before.
    expect(marks.map((m) => m.x.exchange)).toEqual([1, 248, 249, 250, 251])
    expect(marks.map((m) => m.offset)).toEqual([0, 0, 1, 2, 3])
    expect(more).toEqual([{ at, count: 246, offset: 4 }])
  })

  it('stops at sixty marks however many instants the trace holds', () => {
    const world = createWorld()
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    for (let i = 0; i < 100; i++) {
      world.dispatch('alice')
      world.advance(1000)
    }
    const { marks, more } = requestMarksOf(world.trace())
    expect(marks).toHaveLength(60)
    expect(marks[0]?.x.exchange).toBe(41)
    expect(marks.at(-1)?.x.exchange).toBe(100)
    expect(more).toEqual([])
  })
})

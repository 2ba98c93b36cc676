import { describe, expect, it } from 'vitest'
import { estimateBytes } from './checkpoint.ts'
import { createWorld } from './world.ts'

const MB = 1_000_000
const bigAgent = (i: number, size = MB): string => `Agent/${i} `.padEnd(size, 'x')

describe('the history weighs what it holds', () => {
  it('weighs strings by their length', () => {
    expect(estimateBytes('x'.repeat(1000))).toBeGreaterThanOrEqual(1000)
    expect(estimateBytes({ kind: 'setUserAgent', browser: 'a', userAgent: bigAgent(1) })).toBeGreaterThanOrEqual(MB)
    expect(estimateBytes({ a: [{ b: 'y'.repeat(500) }] })).toBeGreaterThanOrEqual(500)
  })

  it('counts 40 distinct 1 MB User-Agents as 40 MB, in the actions and then in the checkpoints', async () => {
    const w = createWorld({ historyBytes: 2_000 * MB, checkpointEvery: 1 })
    w.addBrowser({ name: 'alice', userAgent: 'Firefox', ip: '192.0.2.1' })
    for (let i = 0; i < 40; i++) w.setUserAgent('alice', bigAgent(i))
    expect(w.history().bytes).toBeGreaterThanOrEqual(40 * MB)
    const before = w.history().bytes
    // A send takes a checkpoint (checkpointEvery 1), whose browser snapshot holds the last agent once more.
    await w.send('alice')
    expect(w.history().bytes - before).toBeGreaterThanOrEqual(MB)
    // Repeating the same request shares its logged body: no string is weighed twice.
    const after = w.history().bytes
    await w.send('alice')
    expect(w.history().bytes - after).toBeLessThan(10_000)
  })

  it('keeps the estimate within historyBytes by forgetting the oldest checkpoints, so big agents cannot pile up', async () => {
    const size = MB / 4
    const cap = 8 * size
    const w = createWorld({ historyBytes: cap, checkpointEvery: 1 })
    w.addBrowser({ name: 'alice', userAgent: 'Firefox', ip: '192.0.2.1' })
    for (let i = 0; i < 40; i++) {
      w.setUserAgent('alice', bigAgent(i, size))
      await w.send('alice')
      w.advance(1000)
    }
    const h = w.history()
    // Bounded by the cap plus the newest segment (one agent in its action, one in its checkpoint).
    expect(h.bytes).toBeLessThanOrEqual(cap + 3 * size)
    expect(h.earliest).toBeGreaterThan(w.startTime())
    // What is kept still replays exactly.
    w.seek(h.earliest)
    w.seek(h.latest)
    expect(w.browsers()[0]?.userAgent).toBe(bigAgent(39, size))
  })
})

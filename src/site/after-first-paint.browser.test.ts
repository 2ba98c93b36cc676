import { describe, expect, it } from 'vitest'
import { afterFirstPaint } from './after-first-paint.ts'

describe('afterFirstPaint', () => {
  it('starts once the next frame has been drawn, not before', async () => {
    const order: string[] = []
    afterFirstPaint(() => order.push('start'))
    // Registered after afterFirstPaint's own frame callback, so it runs in the same frame, before the paint.
    requestAnimationFrame(() => order.push('frame'))
    if (document.visibilityState === 'hidden') {
      // A hidden tab draws no frames: the page must start at once.
      expect(order).toEqual(['start'])
      return
    }
    expect(order).toEqual([])
    await expect.poll(() => order).toEqual(['frame', 'start'])
  })

  it('starts exactly once', async () => {
    let starts = 0
    afterFirstPaint(() => starts++)
    await expect.poll(() => starts).toBe(1)
    // Both the frame and the fallback timer have had their turn by now.
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 250)))
    expect(starts).toBe(1)
  })
})

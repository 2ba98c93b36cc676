import { describe, expect, it } from 'vitest'
import { idleDeadline, reapRemoves } from './index.ts'
import { reapThreshold } from './internal.ts'

describe('the reap rule', () => {
  it('removes a session idle strictly longer than maxAge; exactly maxAge idle stays', () => {
    expect(reapRemoves(1000, 1000 + 500, 500)).toBe(false)
    expect(reapRemoves(1000, 1000 + 501, 500)).toBe(true)
    expect(reapRemoves(1000, 900, 500)).toBe(false)
  })

  it('the idle deadline is the last instant a reap keeps the session; every later reap removes it', () => {
    const deadline = idleDeadline(1000, 500)
    expect(deadline).toBe(1500)
    expect(reapRemoves(1000, deadline, 500)).toBe(false)
    expect(reapRemoves(1000, deadline + 1, 500)).toBe(true)
  })

  it('the threshold is the lastAccess below which a reap removes', () => {
    expect(reapThreshold(1500, 500)).toBe(1000)
  })
})

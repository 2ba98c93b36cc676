import { describe, expect, it } from 'vitest'
import { createWorld } from '../sim/index.ts'
import { viewOf } from './derive.ts'

describe('viewOf', () => {
  it('carries the config, the same object until a setting changes', () => {
    const world = createWorld({ maxAge: 60_000 })
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    const first = viewOf(world)
    expect(first.config.maxAge).toBe(60_000)
    world.dispatch('alice')
    const second = viewOf(world, first)
    expect(second.config).toBe(first.config)
    world.configure({ stackOrder: 'decoder-after' })
    const third = viewOf(world, second)
    expect(third.config).not.toBe(second.config)
    expect(third.config.stackOrder).toBe('decoder-after')
    world.fault({ latency: 5 })
    expect(viewOf(world, third).config.faults.latency).toBe(5)
  })
})

import { describe, expect, it } from 'vitest'
import { createWorld, type ExchangeRecord, type TraceRecord } from '../../sim/index.ts'
import { layerState, pathOf, type Layer } from './PipelineView.tsx'

function lastExchange(trace: readonly TraceRecord[]): ExchangeRecord {
  const r = trace.at(-1)
  if (r?.kind !== 'exchange') throw new Error('expected an exchange')
  return r
}

function states(record: ExchangeRecord, layers: Layer[]): string[] {
  const path = pathOf(record, layers)
  return layers.map((l) => `${l}: ${layerState(l, path)}`)
}

describe('the pipeline path', () => {
  it('marks the session layer as the one that failed when cookieDecoder is missing, and the error page as answering', () => {
    const world = createWorld({ stackOrder: 'decoder-missing' })
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    world.dispatch('alice')
    expect(states(lastExchange(world.trace()), ['session', 'app', 'errors'])).toEqual(['session: failed', 'app: not reached', 'errors: answered'])
  })

  it('marks a request that went through as passed by the layers above the app, answered by the app', () => {
    const world = createWorld()
    world.addBrowser({ name: 'alice', userAgent: 'UA', ip: '192.0.2.1' })
    world.dispatch('alice')
    expect(states(lastExchange(world.trace()), ['decoder', 'session', 'app', 'errors'])).toEqual(['decoder: passed', 'session: passed', 'app: answered', 'errors: not reached'])
  })
})

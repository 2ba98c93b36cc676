import { describe, expect, it } from 'vitest'
import { createSimulationStore } from './simulation-store.ts'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('store calls through a simulation store', () => {
  it('calls the method, returns its result, and the next update shows the change and its trace record', async () => {
    const store = createSimulationStore({ browsers: [{ name: 'alice', userAgent: 'Firefox/3.6', ip: '192.0.2.10' }] })
    await store.getState().actions.send('alice')
    await store.getState().actions.send('alice')
    await tick()
    expect(store.getState().actions.storeCall({ method: 'length' })).toEqual({ method: 'length', length: 1 })
    expect(store.getState().actions.storeCall({ method: 'clear' })).toEqual({ method: 'clear', removed: 1 })
    await tick()
    expect(store.getState().view.sessions).toEqual([])
    expect(store.getState().trace.at(-1)).toMatchObject({ kind: 'store-call', method: 'clear', remaining: 0 })
    // The store-calls log, as the store recorded it: the first request's set, the second's get and set, then the
    // reader's two calls.
    const { lines, counts } = store.getState().storeCalls
    expect(lines.map((l) => [l.method, l.caller, l.outcome])).toEqual([
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['get', 'alice · GET /', 'hit: data'],
      ['set', 'alice · GET /', 'saved id, lastAccess, views'],
      ['length', 'you', 'callback(null, 1)'],
      ['clear', 'you', 'callback(null): 1 session removed'],
    ])
    expect(counts).toEqual({ get: 1, set: 2, length: 1, clear: 1 })
  })

  it('turns a refused call into the state error and clears it on the next good one', () => {
    const store = createSimulationStore()
    expect(store.getState().actions.storeCall({ method: 'destroy', key: '' })).toBeNull()
    expect(store.getState().error).toMatch(/destroy needs the key/)
    expect(store.getState().actions.storeCall({ method: 'length' })).toEqual({ method: 'length', length: 0 })
    expect(store.getState().error).toBeNull()
  })
})

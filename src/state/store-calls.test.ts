import { describe, expect, it } from 'vitest'
import { createSimulationStore } from './simulation-store.ts'
import { callStoreMethod } from './store-calls.ts'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('store calls through a simulation store', () => {
  it('calls the method, returns its result, and the next update shows the change and its trace record', async () => {
    const store = createSimulationStore({ browsers: [{ name: 'alice', userAgent: 'Firefox/3.6', ip: '192.0.2.10' }] })
    await store.getState().actions.send('alice')
    await tick()
    expect(callStoreMethod(store, { method: 'length' })).toEqual({ method: 'length', length: 1 })
    expect(callStoreMethod(store, { method: 'clear' })).toEqual({ method: 'clear', removed: 1 })
    await tick()
    expect(store.getState().view.sessions).toEqual([])
    expect(store.getState().trace.at(-1)).toMatchObject({ kind: 'store-call', method: 'clear', remaining: 0 })
  })

  it('turns a refused call into the state error and clears it on the next good one', () => {
    const store = createSimulationStore()
    expect(callStoreMethod(store, { method: 'destroy', key: '' })).toBeNull()
    expect(store.getState().error).toMatch(/destroy needs the key/)
    expect(callStoreMethod(store, { method: 'length' })).toEqual({ method: 'length', length: 0 })
    expect(store.getState().error).toBeNull()
  })
})

// Direct store-method calls (clear, all, length, destroy) for a simulation, beside the store's own actions: the world
// logs and traces each call, and its change notification brings the update, as for any other action.
import { useCallback } from 'react'
import type { StoreCall, StoreCallResult } from '../sim/index.ts'
import { useSimulationStore } from './SimulationProvider.tsx'
import type { SimulationStore } from './simulation-store.ts'

/** Calls a store method in a simulation's world; a refusal becomes the state's error and the result null. */
export function callStoreMethod(store: SimulationStore, call: StoreCall): StoreCallResult | null {
  try {
    const result = store.getState().world.storeCall(call)
    if (store.getState().error !== null) store.setState({ error: null })
    return result
  } catch (err) {
    store.setState({ error: err instanceof Error ? err.message : String(err) })
    return null
  }
}

/** The nearest simulation's store-method caller, stable across renders. */
export function useStoreCall(): (call: StoreCall) => StoreCallResult | null {
  const store = useSimulationStore()
  return useCallback((call: StoreCall) => callStoreMethod(store, call), [store])
}

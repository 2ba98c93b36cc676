import { createContext, useContext, useState, type ReactNode } from 'react'
import { useStore } from 'zustand'
import { createSimulationStore, type SimulationOptions, type SimulationState, type SimulationStore } from './simulation-store.ts'

const SimulationContext = createContext<SimulationStore | null>(null)

/** Gives the widgets inside it one simulation of their own; several providers on a page are independent. */
export function SimulationProvider(props: { options?: SimulationOptions; store?: SimulationStore; children: ReactNode }) {
  // Created once per provider: re-renders of the page must not rebuild the world.
  const [store] = useState(() => props.store ?? createSimulationStore(props.options))
  return <SimulationContext.Provider value={store}>{props.children}</SimulationContext.Provider>
}

/** The simulation store of the nearest provider. */
export function useSimulationStore(): SimulationStore {
  const store = useContext(SimulationContext)
  if (store === null) throw new Error('this widget needs a <SimulationProvider> around it')
  return store
}

/** Reads a slice of the nearest simulation's state; re-renders only when that slice changes. */
export function useSimulation<T>(selector: (state: SimulationState) => T): T {
  return useStore(useSimulationStore(), selector)
}

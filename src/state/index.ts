// The zustand binding of the simulator: one store per simulation, provided to React by context.
export { createSimulationStore } from './simulation-store.ts'
export type { SimulationStore, SimulationState, SimulationActions, SimulationOptions, Schedule, RequestFrame } from './simulation-store.ts'
export { deriveRows, pendingOf, viewOf } from './derive.ts'
export type { SessionRow, WorldView } from './derive.ts'
export { SimulationProvider, useSimulation, useSimulationStore } from './SimulationProvider.tsx'
export { createQuirkDemoStore, quirksFixedBy } from './quirk-demo-store.ts'
export type { QuirkDemoStore, QuirkDemoStoreState, QuirkDemoState } from './quirk-demo-store.ts'

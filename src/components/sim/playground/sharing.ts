import { createContext, useContext } from 'react'
import type { FingerprintStrategy, WorldOptions } from '../../../sim/index.ts'
import type { SimulationOptions, SimulationStore } from '../../../state/index.ts'

/** A shared link, read: the code it wants to run (if any) and how to start a simulation from it. */
export interface OpenedLink {
  /** Sources of custom fingerprint functions the link carries; nothing runs until the reader allows it. */
  readonly sources: readonly string[]
  /** The simulation the link describes, compiling its custom code with `compile` when given. Throws with a message. */
  start(compile?: (source: string) => FingerprintStrategy): { readonly options: SimulationOptions; readonly origin: WorldOptions }
}

/**
 * What the playground needs from the site to share its state: the link's query parameter, reading a link, and
 * writing the current simulation as a link or a scenario file. The site provides it (widgets never import the
 * shell), so how a state is packed can change without touching the playground.
 */
export interface Sharing {
  /** The query parameter a shared link carries its state in. */
  readonly param: string
  /** Reads a link's payload; throws an Error whose message tells the reader what is wrong with the link. */
  open(payload: string): OpenedLink
  /** The payload of a link to the simulation as it is now. */
  link(simulation: SimulationStore, origin: WorldOptions): string
  /** The simulation as a scenario file, with what a scenario file cannot express. */
  exportScenario(simulation: SimulationStore, origin: WorldOptions, title: string, description: string): { readonly scenario: unknown; readonly omitted: readonly string[] }
}

export const SharingContext = createContext<Sharing | null>(null)

/** The site's sharing, for the playground's parts; null where the page offers none. */
export function useSharing(): Sharing | null {
  return useContext(SharingContext)
}

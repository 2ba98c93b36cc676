import { createContext, useContext } from 'react'
import type { WorldOptions } from '../../../sim/index.ts'

/** What the playground's parts share besides the simulation: the options the current world started from. */
export interface PlaygroundApi {
  /** What the current world was created with (a link or an exported scenario starts from it). */
  readonly origin: WorldOptions
  setOrigin(origin: WorldOptions): void
}

export const PlaygroundContext = createContext<PlaygroundApi | null>(null)

/** The playground around a part; the parts only work inside <Playground>. */
export function usePlayground(): PlaygroundApi {
  const api = useContext(PlaygroundContext)
  if (api === null) throw new Error('this part of the playground needs a <Playground> around it')
  return api
}

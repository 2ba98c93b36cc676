import './explain.css'
import { useState, type ReactNode } from 'react'
import { createSimulationStore, SimulationProvider, type SimulationOptions } from '../../state/index.ts'
import type { SendSpec } from '../../sim/index.ts'
import { SimError } from './SimError.tsx'

/** A request to play before the reader arrives, so a demo opens with something to look at. */
export interface PrimeStep {
  readonly browser?: string
  readonly send?: SendSpec
  readonly advance?: number
}

/**
 * One self-contained simulation between paragraphs: its own world (independent of every other demo on the page),
 * optionally primed with a few requests, a title, and the refusal line of its actions.
 */
export function Demo({ title, options, prime = [], children, wide = false }: { title: string; options?: SimulationOptions; prime?: readonly PrimeStep[]; children: ReactNode; wide?: boolean }) {
  const [store] = useState(() => {
    const s = createSimulationStore(options)
    const world = s.getState().world
    for (const step of prime) {
      if (step.advance !== undefined) world.advance(step.advance)
      if (step.browser !== undefined) world.dispatch(step.browser, step.send ?? {})
    }
    return s
  })
  return (
    <SimulationProvider store={store}>
      <section className={`demo explain-demo${wide ? ' explain-demo-wide' : ''}`} aria-label={title}>
        <p className="demo-title">{title}</p>
        {children}
        <SimError />
      </section>
    </SimulationProvider>
  )
}

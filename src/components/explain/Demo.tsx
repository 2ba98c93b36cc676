import './explain.css'
import { startTransition, useEffect, useState, type ReactNode } from 'react'
import { createSimulationStore, SimulationProvider, type SimulationOptions } from '../../state/index.ts'
import type { TimedAction } from '../../sim/index.ts'
import { SimError } from './SimError.tsx'

/**
 * One self-contained simulation between paragraphs: its own world (independent of every other demo on the page),
 * optionally primed with a few actions (requests, time passing), a title, and the refusal line of its actions.
 */
export function Demo({ title, options, prime = [], children, wide = false }: { title: string; options?: SimulationOptions; prime?: readonly TimedAction[]; children: ReactNode; wide?: boolean }) {
  // Priming is actions in the simulator's language, played by the state as the world is built.
  const [store] = useState(() => createSimulationStore({ ...options, prime }))
  // The page's text paints first: a demo's widgets render after the first commit, in a transition React can pause
  // between widgets, so a long page of demos neither delays its heading nor blocks input while it comes alive.
  const [live, setLive] = useState(false)
  useEffect(() => startTransition(() => setLive(true)), [])
  return (
    <SimulationProvider store={store}>
      <section className={`demo explain-demo${wide ? ' explain-demo-wide' : ''}`} aria-label={title} aria-busy={!live}>
        <p className="demo-title">{title}</p>
        {live ? children : <p className="demo-starting">Starting the simulation…</p>}
        <SimError />
      </section>
    </SimulationProvider>
  )
}

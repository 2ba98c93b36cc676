import './explain.css'
import { useRef, useState, type ReactNode } from 'react'
import { createSimulationStore, SimulationProvider, type SimulationOptions } from '../../state/index.ts'
import type { TimedAction } from '../../sim/index.ts'
import { useLiveNearViewport } from '../ui/use-near-viewport.ts'
import { SimError } from './SimError.tsx'

/** The demo's world, built (and primed) when the demo first goes live, and kept for as long as the demo is shown. */
function DemoWorld({ options, prime, children }: { options: SimulationOptions | undefined; prime: readonly TimedAction[]; children: ReactNode }) {
  // Priming is actions in the simulator's language, played by the state as the world is built.
  const [store] = useState(() => createSimulationStore({ ...options, prime }))
  return (
    <SimulationProvider store={store}>
      {children}
      <SimError />
    </SimulationProvider>
  )
}

/**
 * One self-contained simulation between paragraphs: its own world (independent of every other demo on the page),
 * optionally primed with a few actions (requests, time passing), a title, and the refusal line of its actions.
 */
export function Demo({ title, options, prime = [], children, wide = false }: { title: string; options?: SimulationOptions; prime?: readonly TimedAction[]; children: ReactNode; wide?: boolean }) {
  // The page's text paints first, and a demo builds its world and widgets only once it comes within about a screen
  // of the viewport: a page of fifteen demos does the work of the two a reader can see.
  const section = useRef<HTMLElement>(null)
  const live = useLiveNearViewport(section)
  return (
    <section ref={section} className={`demo explain-demo${wide ? ' explain-demo-wide' : ''}`} aria-label={title} aria-busy={!live} data-deferred="">
      <p className="demo-title">{title}</p>
      {live ? (
        <DemoWorld options={options} prime={prime}>
          {children}
        </DemoWorld>
      ) : (
        <p className="demo-starting">Starting the simulation…</p>
      )}
    </section>
  )
}

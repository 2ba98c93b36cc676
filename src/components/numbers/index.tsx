// The numbers behind a session id, for MDX pages: each widget is fetched only when a page shows it.
import { lazy, Suspense, type ComponentType } from 'react'

function deferred(load: () => Promise<ComponentType>, what: string) {
  const Lazy = lazy(() => load().then((Component) => ({ default: Component })))
  return function Deferred() {
    return (
      <Suspense fallback={<p className="sim-muted">Loading the {what}…</p>}>
        <Lazy />
      </Suspense>
    )
  }
}

/** The id-guessing calculator with a small world of its own (its live sessions come from that world). */
export const EntropyLab = deferred(() => import('./EntropyLab.tsx').then((m) => m.EntropyLab), 'calculator')

/** The calculator alone, for a page that already provides a simulation. */
export const IdEntropyCalculator = deferred(() => import('./IdEntropyCalculator.tsx').then((m) => m.IdEntropyCalculator), 'calculator')

/** The flood memory view: a cookieless bot, with and without the reaper, plotted with uPlot. */
export const FloodMemory = deferred(() => import('./FloodMemory.tsx').then((m) => m.FloodMemory), 'flood view')

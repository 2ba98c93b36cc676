// The numbers behind a session id, for MDX pages: each widget is fetched only when a page shows it.
import { lazy, memo, Suspense, useEffect, type ComponentType } from 'react'
import { useWidgetHold } from '../ui/widget-readiness.ts'

/** Calls `onMount` once its Suspense boundary's content is in the page and live. */
function Mounted({ onMount }: { onMount: () => void }) {
  useEffect(onMount, [onMount])
  return null
}

/**
 * A widget whose code is fetched on demand. The prerender puts its full markup in the HTML, and the browser hydrates
 * that markup in place once the code arrives. It takes no props and is memoised, so a render of the page around it
 * never reaches its Suspense boundary: an update to a boundary that has not hydrated yet makes React throw the
 * server's markup away and render the widget afresh (a flash of the fallback, a layout shift, and a long task on a
 * phone). Until it is live it holds the page's readiness.
 */
function deferred(load: () => Promise<ComponentType>, what: string) {
  const Lazy = lazy(() => load().then((Component) => ({ default: Component })))
  const fallback = <p className="sim-muted">Loading the {what}…</p>
  return memo(function Deferred() {
    const started = useWidgetHold()
    return (
      <Suspense fallback={fallback}>
        <Lazy />
        <Mounted onMount={started} />
      </Suspense>
    )
  })
}

/** The id-guessing calculator with a small world of its own (its live sessions come from that world). */
export const EntropyLab = deferred(() => import('./EntropyLab.tsx').then((m) => m.EntropyLab), 'calculator')

/** The calculator alone, for a page that already provides a simulation. */
export const IdEntropyCalculator = deferred(() => import('./IdEntropyCalculator.tsx').then((m) => m.IdEntropyCalculator), 'calculator')

/** The flood memory view: a cookieless bot, with and without the reaper, plotted with uPlot. */
export const FloodMemory = deferred(() => import('./FloodMemory.tsx').then((m) => m.FloodMemory), 'flood view')

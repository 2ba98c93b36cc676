import './story.css'
import '../explain/explain.css'
import { startTransition, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useStore } from 'zustand'
import { loadStory, PHASE_NAMES, SimulationProvider, type StoryState, type StoryStores } from '../../state/index.ts'
import { BrowserGrid } from '../sim/BrowserGrid.tsx'
import { ClockControls } from '../sim/ClockControls.tsx'
import { SimAnnouncer } from '../sim/EventLog.tsx'
import { StoreTable } from '../sim/StoreTable.tsx'
import { LifetimeLanes } from '../explain/LifetimeLanes.tsx'
import { SimError } from '../explain/SimError.tsx'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { formatSinceStart } from '../ui/format.ts'
import { useLiveNearViewport } from '../ui/use-near-viewport.ts'
import { STORIES, storyById } from './catalog.ts'
import { describeAction, highlightCss, StoryChangesList, StoryPhases } from './StoryParts.tsx'

/** The caption of where a story stands: the step, the phase of a request, and the action's note. */
export function captionOf(s: Pick<StoryState, 'position' | 'length' | 'phase' | 'mode' | 'step'>): string {
  if (s.mode === 'free') return `You left the story at step ${s.position} of ${s.length}. The world is yours: send requests, change addresses, run the clock. Resume the story to come back to step ${s.position}.`
  if (s.position === 0 || s.step === null) return `${s.length} steps. Press Next step to begin.`
  const phase = s.phase > 0 ? ` (${PHASE_NAMES[s.phase - 1]})` : ''
  const what = s.step.note ?? describeAction(s.step.action)
  return `Step ${s.position} of ${s.length}${phase}: ${what}.`.replace(/\.\.$/, '.')
}

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))
}

function StoryPlayer({ stores, id, heading }: { stores: StoryStores; id: string; heading: string }) {
  const state = useStore(stores.story)
  const { actions, mode, position, length, phase, step, error } = state
  const now = useStore(stores.simulation, (s) => s.view.now)
  const start = useStore(stores.simulation, (s) => s.view.startTime)
  const titleId = useId()
  // The highlight rules are scoped to this story, so two stories of one scenario on a page light their own rows.
  const scope = useId()
  const free = mode === 'free'
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (free || isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.key === 'ArrowRight' || event.key === 'PageDown') {
      event.preventDefault()
      actions.next()
    } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
      event.preventDefault()
      actions.back()
    }
  }
  // What the step changed is lit once its last phase (the store changes) is shown, or at once for other actions.
  const lit = !free && step !== null && (step.action.kind !== 'send' || phase === 3)
  return (
    <section className="story demo" role="region" aria-labelledby={titleId} data-story={scope} data-scenario={id} onKeyDown={onKeyDown} data-toc-ignore="">
      {lit ? <style>{highlightCss(scope, step)}</style> : null}
      <div className="story-head">
        <p className="story-eyebrow">Story</p>
        <p id={titleId} className="demo-title story-title">
          <span className="visually-hidden">Story: </span>
          {heading}
        </p>
      </div>
      <div className="story-controls">
        <button type="button" className="button" onClick={() => actions.back()} disabled={free || (position === 0 && phase === 0)} aria-keyshortcuts="ArrowLeft">
          ← Previous step
        </button>
        <button type="button" className="button button-primary" onClick={() => actions.next()} disabled={free || (position === length && (phase === 0 || phase === 3))} aria-keyshortcuts="ArrowRight">
          Next step →
        </button>
        <span className="story-count" aria-hidden="true">
          {position}/{length}
        </span>
        <span className="story-time">
          <span className="visually-hidden">Story time </span>
          {formatSinceStart(now, start)}
        </span>
        <span className="story-spacer" />
        {free ? (
          <button type="button" className="button button-primary" onClick={() => actions.resume()}>
            Resume the story
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={() => actions.leave()}>
              Play freely from here
            </button>
            <button type="button" className="sim-link-button" onClick={() => actions.restart()} disabled={position === 0 && phase === 0}>
              Start over
            </button>
          </>
        )}
      </div>
      <p className="story-caption" role="status">
        {captionOf(state)}
      </p>
      <ErrorNote message={error} />
      {!free && step !== null ? (
        <div className="story-detail">
          <StoryPhases step={step} phase={phase} />
          {lit ? <StoryChangesList step={step} now={now} /> : null}
        </div>
      ) : null}
      <p className="story-keys sim-muted">Keys: → next step, ← previous step (while the story has focus).</p>
      <SimulationProvider store={stores.simulation}>
        <fieldset className="story-world" disabled={!free}>
          <legend className="visually-hidden">{free ? 'The world, live' : 'The world at this step (leave the story to change it)'}</legend>
          <BrowserGrid />
          <StoreTable maxHeight={10} />
          <LifetimeLanes />
          {free ? <ClockControls shortcuts="off" /> : null}
        </fieldset>
        {free ? <SimAnnouncer /> : null}
        <SimError />
      </SimulationProvider>
    </section>
  )
}

/**
 * Plays a scenario (content/scenarios/<scenario>.json) as a story: one action per Next step, a send in three phases,
 * the action's note as the caption, what changed lit; it can be left for free play at any step and resumed. Like a
 * demo, it loads its scenario and builds its world once it comes within about a screen of the viewport.
 */
export function Story({ scenario, title }: { scenario: string; title?: string }) {
  const entry = storyById(scenario)
  const [stores, setStores] = useState<StoryStores | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const placeholder = useRef<HTMLElement>(null)
  const near = useLiveNearViewport(placeholder)
  useEffect(() => {
    if (entry === undefined || !near) return
    let current = true
    loadStory(entry.json).then(
      // As a transition, the player's first render yields to the browser instead of holding the page until done.
      (s) => current && startTransition(() => setStores(s)),
      (err: unknown) => current && setProblem(err instanceof Error ? err.message : String(err)),
    )
    return () => {
      current = false
    }
  }, [entry, near])
  if (entry === undefined) {
    return <ErrorNote message={`There is no story called ${JSON.stringify(scenario)}; the stories are ${STORIES.map((s) => s.id).join(', ')}.`} />
  }
  const heading = title ?? entry.title
  if (stores === null) {
    return (
      <section ref={placeholder} className="story demo" role="region" aria-label={`Story: ${heading}`} aria-busy="true" data-deferred={near ? undefined : ''}>
        <p className="demo-title">{heading}</p>
        {problem === null ? <p className="demo-starting">Starting the story…</p> : <ErrorNote message={`The story could not start: ${problem}`} />}
      </section>
    )
  }
  return <StoryPlayer stores={stores} id={entry.id} heading={heading} />
}

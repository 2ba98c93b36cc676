import './exercises.css'
import { startTransition, useEffect, useReducer, useState, type MouseEvent } from 'react'
import { EXERCISES, type ExerciseEntry } from './catalog.ts'
import { Exercise } from './Exercise.tsx'
import { exerciseHref } from './ids.ts'
import { exerciseProgress, useSolved } from './progress.ts'

function chosenIn(search: string): string | null {
  return new URLSearchParams(search).get('exercise')
}

/**
 * The exercises page's body: every exercise with a tick once solved, a way to clear that, and the exercise the
 * address names (`?exercise=<id>`; the first one without it). `navigate` follows a link without reloading the page.
 */
export function ExercisesPage({ navigate }: { navigate?: (href: string) => void }) {
  const solved = useSolved()
  // The address is read on every render once hydrated (prerendering has none, and hydration must match its markup),
  // so any navigation that re-renders the page, the site's own or back and forward, shows the exercise it names.
  // Hydrated is set in a transition: checking the exercise, building its world and drawing it are then pieces React
  // can run as separate tasks, not one long one as the page starts.
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => startTransition(() => setHydrated(true)), [])
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  const [cleared, setCleared] = useState(false)
  useEffect(() => {
    window.addEventListener('popstate', rerender)
    return () => window.removeEventListener('popstate', rerender)
  }, [])
  const search = hydrated ? location.search : null
  const wanted = search === null ? null : chosenIn(search)
  const found = wanted === null ? -1 : EXERCISES.findIndex((e) => e.id === wanted)
  const index = Math.max(found, 0)
  const unknown = wanted !== null && found === -1
  const current = EXERCISES[index]

  const follow = (event: MouseEvent<HTMLAnchorElement>, href: string): void => {
    if (navigate === undefined || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
    rerender()
  }

  return (
    <div className="ex-page">
      <nav className="ex-list-block" aria-label="Exercises">
        <ol className="ex-list">
          {EXERCISES.map((e, i) => {
            const done = solved.includes(e.id)
            const here = search !== null && current?.id === e.id
            return (
              <li key={e.id} className={done ? 'ex-list-item ex-list-done' : 'ex-list-item'}>
                <span className="ex-tick" aria-hidden="true">
                  {done ? '✓' : ''}
                </span>
                <a href={exerciseHref(e.id)} aria-current={here ? 'page' : undefined} onClick={(event) => follow(event, exerciseHref(e.id))}>
                  {i + 1}. {e.title}
                  {done && <span className="visually-hidden"> (solved)</span>}
                </a>
              </li>
            )
          })}
        </ol>
        <div className="ex-progress">
          <p className="ex-progress-count">
            {solved.length} of {EXERCISES.length} solved
          </p>
          <button
            type="button"
            className="button sim-small-button"
            disabled={solved.length === 0}
            onClick={() => {
              exerciseProgress().clear()
              setCleared(true)
            }}
          >
            Clear progress
          </button>
          <p className="ex-cleared" role="status">
            {cleared && solved.length === 0 ? 'Progress cleared.' : ''}
          </p>
        </div>
      </nav>
      {unknown && <p className="ex-unknown">There is no exercise called “{wanted}”; here is the first one.</p>}
      {search !== null && current !== undefined && <ShownExercise key={current.id} entry={current} position={`Exercise ${index + 1} of ${EXERCISES.length}`} />}
    </div>
  )
}

/** The exercise the page shows, checked as it is first drawn (a piece of its own in the page's start). */
function ShownExercise({ entry, position }: { entry: ExerciseEntry; position: string }) {
  return <Exercise exercise={entry.load()} position={position} />
}

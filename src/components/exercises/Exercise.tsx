import './exercises.css'
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react'
import { customInForce, playActions, readerActions, startExercise, withoutLast, type Exercise as ExerciseData, type ExerciseRun, type GoalStatus } from '../../sim/index.ts'
import { createSimulationStore, SimulationProvider, type SimulationStore } from '../../state/index.ts'
import { BrowserGrid } from '../sim/BrowserGrid.tsx'
import { ClusterPanel } from '../sim/ClusterPanel.tsx'
import { EventLog } from '../sim/EventLog.tsx'
import { SettingsPanel } from '../sim/SettingsPanel.tsx'
import { StoreTable } from '../sim/StoreTable.tsx'
import { BurstControl } from '../sim/playground/parts.tsx'
import { actionWords } from './action-words.ts'
import { exerciseById } from './catalog.ts'
import { ExerciseClock } from './ExerciseClock.tsx'
import { exerciseHref } from './ids.ts'
import { exerciseProgress } from './progress.ts'
import { useLiveNearViewport } from '../ui/use-near-viewport.ts'

/** The pause between two actions of a solution being shown, in real ms: long enough to watch each one land. */
const SOLUTION_STEP_MS = 900

interface Live {
  readonly run: ExerciseRun
  readonly store: SimulationStore
  /** Bumped with every new world, so the widgets bound to the old one are replaced. */
  readonly generation: number
}

function live(run: ExerciseRun, generation: number): Live {
  return { run, store: createSimulationStore({ existing: run.world }), generation }
}

/** An exercise is solved when its last goal item (the goal itself) is met. */
function isSolved(status: readonly boolean[]): boolean {
  return status.length > 0 && status[status.length - 1] === true
}

function metKey(status: readonly GoalStatus[]): string {
  return status.map((s) => (s.met ? '1' : '0')).join('')
}

/** A sentence's first letter in upper case. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * An exercise, given as data or by its id in content/exercises (how a lesson page embeds one: `<Exercise id="…" />`).
 * An unknown id shows a note naming it rather than failing the page.
 */
export function Exercise({ exercise, id, position }: { exercise?: ExerciseData; id?: string; position?: string }) {
  const found = exercise ?? exerciseById(id ?? null)
  if (found === undefined) {
    return (
      <p className="ex-unknown" role="note">
        There is no exercise called “{id ?? ''}”; the <a href="/exercises">exercises page</a> lists them all.
      </p>
    )
  }
  // The exercises page shows one exercise at the top; a lesson page embeds one further down, and it starts as demos do.
  if (exercise !== undefined) return <ExerciseBody key={found.id} exercise={found} position={position} link={false} />
  return <EmbeddedExercise key={found.id} exercise={found} position={position} />
}

/**
 * An exercise embedded in a lesson page: its goal and checklist from the start (they are text, and read without
 * JavaScript), its world and controls only once it comes within about a screen of the viewport.
 */
function EmbeddedExercise({ exercise, position }: { exercise: ExerciseData; position: string | undefined }) {
  const section = useRef<HTMLElement>(null)
  const live = useLiveNearViewport(section)
  const ids = { title: useId(), goal: useId() }
  if (live) return <ExerciseBody exercise={exercise} position={position} link />
  return (
    <section ref={section} className="ex" aria-labelledby={ids.title} aria-busy="true" data-deferred="" data-toc-ignore="">
      <ExerciseIntro exercise={exercise} position={position} link titleId={ids.title} goalId={ids.goal} status={[]} />
      <p className="demo-starting">Starting the exercise…</p>
    </section>
  )
}

/** An exercise's title, goal and goal checklist, ticked as far as `status` says, with the count of items met. */
function ExerciseIntro({
  exercise,
  position,
  link,
  titleId,
  goalId,
  status,
}: {
  exercise: ExerciseData
  position: string | undefined
  link: boolean
  titleId: string
  goalId: string
  status: readonly boolean[]
}) {
  const met = status.filter(Boolean).length
  const solved = isSolved(status)
  return (
    <>
      <header className="ex-head">
        {position !== undefined && <p className="eyebrow ex-position">{position}</p>}
        <h2 id={titleId} className="ex-title">
          Exercise: {exercise.title}
        </h2>
        {link && (
          <p className="ex-elsewhere">
            Also on the <a href={exerciseHref(exercise.id)}>exercises page</a>, where solving it is counted.
          </p>
        )}
      </header>
      <p id={goalId} className="ex-goal">
        {exercise.goal}
      </p>
      <div className="ex-check">
        <p className="ex-check-title">Goal, checked after every action</p>
        <ul className="ex-items" aria-label="Goal checklist">
          {exercise.goals.map((g, i) => {
            const done = status[i] === true
            return (
              <li key={i} className={done ? 'ex-item ex-item-met' : 'ex-item'} data-met={done ? 'true' : 'false'}>
                <span className="ex-tick" aria-hidden="true">
                  {done ? '✓' : ''}
                </span>
                <span>
                  {g.label}
                  <span className="visually-hidden">{done ? ' (done)' : ' (not yet)'}</span>
                </span>
              </li>
            )
          })}
        </ul>
        <p role="status" className={solved ? 'ex-status ex-status-solved' : 'ex-status'}>
          {solved ? 'Solved' : `${met} of ${exercise.goals.length} goal items met`}
        </p>
      </div>
    </>
  )
}

/**
 * An exercise: its goal in words and as a checklist that ticks as the goal's items are met (checked after every
 * action, in the simulator), a live world to act in, up to three hints, a solution that plays itself, undo and
 * reset. Solving it is remembered in this browser.
 */
function ExerciseBody({ exercise, position, link }: { exercise: ExerciseData; position: string | undefined; link: boolean }) {
  const [state, setState] = useState<Live>(() => live(startExercise(exercise), 0))
  const { run, store, generation } = state
  const [hints, setHints] = useState(0)
  // The solution's next action while it plays, or null.
  const [showing, setShowing] = useState<number | null>(null)
  const [caption, setCaption] = useState('')
  const ids = { title: useId(), goal: useId(), hints: useId() }
  // Re-rendered on every change of the world, for Undo's availability.
  // The same snapshot on the server: a prerendered page holds the exercise as it starts.
  useSyncExternalStore(store.subscribe, () => store.getState().updates, () => store.getState().updates)
  const ownActions = run.world.actions().length - run.startActions

  // Which items are met, as a string ("10"): a stable snapshot of the tracker for React.
  const subscribe = useCallback(
    (listener: () => void) => {
      run.tracker.onChange(listener)
      // The world replaced is dropped whole, tracker and all; only its listener into this component goes.
      return () => run.tracker.onChange(null)
    },
    [run],
  )
  const metFlags = useSyncExternalStore(subscribe, () => metKey(run.tracker.status()), () => metKey(run.tracker.status()))
  const status = [...metFlags].map((flag) => flag === '1')
  const solved = isSolved(status)
  useEffect(() => {
    if (solved) exerciseProgress().markSolved(exercise.id)
  }, [solved, exercise.id])

  // Plays the solution one action at a time, so the reader sees each land.
  useEffect(() => {
    if (showing === null) return
    const timer = setTimeout(() => {
      const action = exercise.solution[showing]
      if (action === undefined) {
        setShowing(null)
        setCaption('The solution has played. Reset to try it yourself.')
        return
      }
      try {
        playActions(run.world, [action])
        setCaption(`Solution, step ${showing + 1} of ${exercise.solution.length}: ${sentence(actionWords(action))}.`)
        setShowing(showing + 1)
      } catch (err) {
        setCaption(`The solution stopped at step ${showing + 1}: ${err instanceof Error ? err.message : String(err)}`)
        setShowing(null)
      }
    }, SOLUTION_STEP_MS)
    return () => clearTimeout(timer)
  }, [showing, run, exercise.solution])

  const replace = (next: ExerciseRun): void => setState((s) => live(next, s.generation + 1))
  const reset = (): void => {
    setShowing(null)
    setCaption('')
    replace(startExercise(exercise))
  }
  const undo = (): void => {
    setCaption('')
    replace(startExercise(exercise, withoutLast(readerActions(run)), customInForce(run)))
  }
  const showSolution = (): void => {
    replace(startExercise(exercise))
    setCaption(`Solution: ${exercise.solution.length} ${exercise.solution.length === 1 ? 'action' : 'actions'}, from the start.`)
    setShowing(0)
  }

  const playing = showing !== null
  const controls = exercise.controls ?? {}
  return (
    <section className="ex" aria-labelledby={ids.title} data-toc-ignore="">
      <ExerciseIntro exercise={exercise} position={position} link={link} titleId={ids.title} goalId={ids.goal} status={status} />
      <div className="ex-buttons">
        <button type="button" className="button" disabled={hints >= exercise.hints.length} aria-controls={ids.hints} onClick={() => setHints((n) => Math.min(n + 1, exercise.hints.length))}>
          Hint{' '}
          <span className="ex-count">
            ({hints} of {exercise.hints.length})
          </span>
        </button>
        <button type="button" className="button" disabled={playing} onClick={showSolution}>
          Show solution
        </button>
        <button type="button" className="button" disabled={playing || ownActions === 0} onClick={undo}>
          Undo
        </button>
        <button type="button" className="button" onClick={reset}>
          Reset
        </button>
      </div>
      <ol id={ids.hints} className="ex-hints" aria-label="Hints">
        {exercise.hints.slice(0, hints).map((h, i) => (
          <li key={i}>{h}</li>
        ))}
      </ol>
      <p className="ex-caption" role="status">
        {caption}
      </p>
      <SimulationProvider key={generation} store={store}>
        <div className="ex-world" inert={playing}>
          {controls.cluster === true && <ClusterPanel />}
          <BrowserGrid />
          {controls.burst !== undefined && <BurstControl total={controls.burst} />}
          {controls.settings === true && (
            <div className="ex-settings" role="group" aria-label="Settings">
              <SettingsPanel faults={controls.faults === true} allowCustom={controls.customFingerprint === true} />
            </div>
          )}
          <ExerciseClock />
          <StoreTable maxHeight={10} />
          <EventLog height={10} announce={false} />
        </div>
      </SimulationProvider>
    </section>
  )
}

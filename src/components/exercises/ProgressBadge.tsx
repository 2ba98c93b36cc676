import './badge.css'
import { EXERCISE_IDS } from './ids.ts'
import { useSolved } from './progress.ts'

/** "n of N solved" (N: every exercise listed), for the navigation entry of the exercises page. */
export function ExerciseProgressBadge() {
  const solved = useSolved().length
  const total = EXERCISE_IDS.length
  return (
    <span className={solved === total ? 'ex-badge ex-badge-done' : 'ex-badge'}>
      <span className="visually-hidden">, </span>
      {solved} of {total} solved
    </span>
  )
}

// The exercises in content/exercises. The list (ids and titles) is read at once; each exercise is checked by the
// exercise schema, and its start and solution replayed, only when a page first shows it: checking all of them when
// the page loads held the main thread for a long task on a phone.
import { loadExercise, type Exercise } from '../../sim/index.ts'
import { EXERCISE_IDS } from './ids.ts'

const FILES = import.meta.glob('../../../content/exercises/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

/** An exercise as the list shows it; `load` gives the whole exercise, checked (once; later calls return it again). */
export interface ExerciseEntry {
  readonly id: string
  readonly title: string
  load(): Exercise
}

function entryOf(id: string): ExerciseEntry {
  const json = Object.entries(FILES).find(([path]) => path.endsWith(`/${id}.json`))?.[1]
  if (json === undefined) throw new Error(`the exercise ${id} is listed but content/exercises/${id}.json is missing`)
  const title = (json as { title?: unknown }).title
  if (typeof title !== 'string' || title === '') throw new Error(`content/exercises/${id}.json has no title`)
  let loaded: Exercise | undefined
  return {
    id,
    title,
    load() {
      if (loaded !== undefined) return loaded
      const exercise = loadExercise(json)
      if (exercise.id !== id) throw new Error(`content/exercises/${id}.json has the id ${JSON.stringify(exercise.id)}; name the file for its id`)
      return (loaded = exercise)
    },
  }
}

/** Every exercise, in the site's order. */
export const EXERCISES: readonly ExerciseEntry[] = EXERCISE_IDS.map(entryOf)

/** The exercise with this id, checked, if there is one. */
export function exerciseById(id: string | null): Exercise | undefined {
  return id === null ? undefined : EXERCISES.find((e) => e.id === id)?.load()
}

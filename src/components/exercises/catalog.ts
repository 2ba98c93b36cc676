// The exercises, loaded from content/exercises and checked by the exercise schema when the exercises page loads.
import { loadExercise, type Exercise } from '../../sim/index.ts'
import { EXERCISE_IDS } from './ids.ts'

const FILES = import.meta.glob('../../../content/exercises/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

function byId(): Map<string, Exercise> {
  const out = new Map<string, Exercise>()
  for (const [path, json] of Object.entries(FILES)) {
    const exercise = loadExercise(json)
    const file = path.replace(/^.*\//, '').replace(/\.json$/, '')
    if (exercise.id !== file) throw new Error(`content/exercises/${file}.json has the id ${JSON.stringify(exercise.id)}; name the file for its id`)
    out.set(exercise.id, exercise)
  }
  return out
}

const LOADED = byId()

/** Every exercise, in the site's order. */
export const EXERCISES: readonly Exercise[] = EXERCISE_IDS.map((id) => {
  const exercise = LOADED.get(id)
  if (exercise === undefined) throw new Error(`the exercise ${id} is listed but content/exercises/${id}.json is missing`)
  return exercise
})

/** The exercise with this id, if there is one. */
export function exerciseById(id: string | null): Exercise | undefined {
  return id === null ? undefined : EXERCISES.find((e) => e.id === id)
}

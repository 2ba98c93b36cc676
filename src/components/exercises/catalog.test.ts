import { describe, expect, test } from 'vitest'
import { EXERCISES, exerciseById } from './catalog.ts'
import { EXERCISE_IDS, exerciseHref } from './ids.ts'
import { actionWords } from './action-words.ts'

describe('the exercise catalog', () => {
  test('lists every file in content/exercises, in the order of EXERCISE_IDS', () => {
    const files = Object.keys(import.meta.glob('../../../content/exercises/*.json')).map((p) => p.replace(/^.*\//, '').replace(/\.json$/, ''))
    expect([...files].sort()).toEqual([...EXERCISE_IDS].sort())
    expect(EXERCISES.map((e) => e.id)).toEqual([...EXERCISE_IDS])
  })

  test('finds by id, and nothing for an unknown or hostile one', () => {
    expect(exerciseById('zombie')?.title).toMatch(/zombie/)
    expect(exerciseById('__proto__')).toBeUndefined()
    expect(exerciseById(null)).toBeUndefined()
    expect(exerciseHref('a b')).toBe('/exercises?exercise=a%20b')
  })

  test('every exercise loads, under the title the list shows, and each load after the first gives the same one', () => {
    for (const e of EXERCISES) {
      const exercise = e.load()
      expect(exercise.id).toBe(e.id)
      expect(exercise.title).toBe(e.title)
      expect(e.load()).toBe(exercise)
      expect(exerciseById(e.id)).toBe(exercise)
    }
  })

  test('every solution action can be put into words', () => {
    for (const e of EXERCISES) for (const a of e.load().solution) expect(actionWords(a)).not.toMatch(/undefined|\[object/)
    expect(actionWords({ kind: 'configure', maxAge: 120_000 })).toBe('maxAge becomes 2 min')
  })
})

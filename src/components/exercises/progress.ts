// The site's one record of exercises solved, and the hook that reads it. Created on first use, so pages without
// exercises never touch storage; prerendering (no window) reads as nothing solved.
import { useSyncExternalStore } from 'react'
import { browserStorage, createProgress, type ExerciseProgress } from '../../state/index.ts'
import { EXERCISE_IDS } from './ids.ts'

let progress: ExerciseProgress | null = null

function listenToOtherTabs(onChange: () => void): () => void {
  if (typeof window === 'undefined') return () => {}
  const handler = (event: StorageEvent): void => {
    // null: another tab cleared all storage.
    if (event.key === null || event.key.startsWith('sessionscope:exercises')) onChange()
  }
  window.addEventListener('storage', handler)
  return () => window.removeEventListener('storage', handler)
}

/** The progress kept in this browser. */
export function exerciseProgress(): ExerciseProgress {
  progress ??= createProgress(typeof window === 'undefined' ? null : browserStorage(), EXERCISE_IDS, listenToOtherTabs)
  return progress
}

const NONE: readonly string[] = []

/** The ids solved, kept current; empty while prerendering and hydrating, so the markup matches. */
export function useSolved(): readonly string[] {
  return useSyncExternalStore(
    (listener) => exerciseProgress().subscribe(listener),
    () => exerciseProgress().solved(),
    () => NONE,
  )
}

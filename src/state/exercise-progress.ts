// Which exercises the reader has solved, kept in the browser (localStorage). Whatever is stored is read with
// suspicion: another tab, an old version or a hand edit may have left anything there, and storage itself may be
// missing or refuse (private windows, blocked cookies), in which case progress lasts as long as the page.

/** The storage key; the version lets a later format start afresh rather than misread this one. */
export const PROGRESS_KEY = 'sessionscope:exercises:v1'

/** What the progress needs of a storage: the part of the Web Storage API it uses. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The reader's progress through the exercises. */
export interface ExerciseProgress {
  /** The ids solved, in the order of `known` (a new array only when it changed). */
  solved(): readonly string[]
  /** Marks an exercise solved (an unknown id is ignored). */
  markSolved(id: string): void
  /** Forgets every exercise solved. */
  clear(): void
  /** Calls `listener` after every change, here or in another tab; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/** The solved ids in stored text, keeping only known ids, each once; anything else reads as nothing solved. */
export function parseProgress(raw: string | null, known: readonly string[]): string[] {
  if (raw === null || raw.length > 10_000) return []
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return []
  }
  const list = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { solved?: unknown }).solved : undefined
  if (!Array.isArray(list)) return []
  const ids = new Set(list.filter((x): x is string => typeof x === 'string'))
  return known.filter((id) => ids.has(id))
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn()
  } catch {
    return fallback
  }
}

/** The page's own storage, or null when there is none or touching it throws. */
export function browserStorage(): ProgressStorage | null {
  return safely(() => (globalThis as { localStorage?: Storage }).localStorage ?? null, null)
}

/**
 * Progress kept in `storage` (null: in memory only). `known` lists the exercises in order; `listen` hooks changes
 * made in other tabs (the window's `storage` event) and returns how to unhook.
 */
export function createProgress(storage: ProgressStorage | null, known: readonly string[], listen?: (onChange: () => void) => () => void): ExerciseProgress {
  let solved = parseProgress(safely(() => storage?.getItem(PROGRESS_KEY) ?? null, null), known)
  const listeners = new Set<() => void>()
  let unlisten: (() => void) | null = null
  const notify = (): void => {
    for (const l of listeners) l()
  }
  const set = (next: string[]): void => {
    if (next.length === solved.length && next.every((id, i) => id === solved[i])) return
    solved = next
    safely(() => (next.length === 0 ? storage?.removeItem(PROGRESS_KEY) : storage?.setItem(PROGRESS_KEY, JSON.stringify({ solved: next }))), undefined)
    notify()
  }
  const reread = (): void => {
    const next = parseProgress(safely(() => storage?.getItem(PROGRESS_KEY) ?? null, null), known)
    if (next.length !== solved.length || next.some((id, i) => id !== solved[i])) {
      solved = next
      notify()
    }
  }
  return {
    solved: () => solved,
    markSolved(id) {
      if (!known.includes(id) || solved.includes(id)) return
      set(known.filter((k) => k === id || solved.includes(k)))
    },
    clear: () => set([]),
    subscribe(listener) {
      listeners.add(listener)
      if (listeners.size === 1 && listen !== undefined) unlisten = listen(reread)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          unlisten?.()
          unlisten = null
        }
      }
    },
  }
}

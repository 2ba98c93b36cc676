import { useState, type Dispatch, type SetStateAction } from 'react'

/** A field's edit in progress, kept with the refusal that stopped it until it is applied, unchanged or abandoned. */
export interface Draft<D> {
  readonly draft: D | null
  readonly setDraft: Dispatch<SetStateAction<D | null>>
  readonly error: string | null
  readonly setError: Dispatch<SetStateAction<string | null>>
  /** Drops the draft when `unchanged`; otherwise applies it, keeping it (and the refusal) if refused. */
  settle(unchanged: boolean, apply: () => string | null): void
}

/** State for a field whose edits apply on Enter or blur, not on every keystroke. */
export function useDraft<D>(): Draft<D> {
  const [draft, setDraft] = useState<D | null>(null)
  const [error, setError] = useState<string | null>(null)
  const settle = (unchanged: boolean, apply: () => string | null): void => {
    if (unchanged) {
      setDraft(null)
      setError(null)
      return
    }
    const problem = apply()
    setError(problem)
    if (problem === null) setDraft(null)
  }
  return { draft, setDraft, error, setError, settle }
}

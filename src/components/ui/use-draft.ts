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

/**
 * State for a field whose edits apply on Enter or blur, not on every keystroke. `value` is the value in force: a
 * draft that was applied stays on screen until `value` changes, because the state reports the new value a frame
 * later (later still on a busy machine), and a field that fell back to the old value in between would show it, and
 * hand it to the next edit (a change of unit right after Enter would apply the old amount).
 */
export function useDraft<D>(value: unknown): Draft<D> {
  const [draft, setDraft] = useState<D | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [appliedOver, setAppliedOver] = useState<{ readonly value: unknown } | null>(null)
  if (appliedOver !== null && !Object.is(appliedOver.value, value)) {
    // The applied value has arrived (or another change replaced it): show the value in force again.
    setAppliedOver(null)
    setDraft(null)
  }
  const settle = (unchanged: boolean, apply: () => string | null): void => {
    setAppliedOver(null)
    if (unchanged) {
      setDraft(null)
      setError(null)
      return
    }
    const problem = apply()
    setError(problem)
    if (problem === null) setAppliedOver({ value })
  }
  return { draft, setDraft, error, setError, settle }
}

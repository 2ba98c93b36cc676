import { useCallback, useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react'
import { useSimulationStore, type SimulationActions } from '../../state/index.ts'

/**
 * Runs a simulation action and hands back the library's refusal, if any, so the widget that asked can show it
 * beside the control that caused it (and the shared error slot is left clear for the next action).
 */
export function useAct(): (run: (actions: SimulationActions) => boolean | unknown) => string | null {
  const store = useSimulationStore()
  return useCallback(
    (run) => {
      const result = run(store.getState().actions)
      const error = store.getState().error
      if (result === false || error !== null) {
        store.getState().actions.clearError()
        return error ?? 'the simulator refused that'
      }
      return null
    },
    [store],
  )
}

/** True while the element is at least partly on screen (true where IntersectionObserver is missing). */
export function useOnScreen(ref: RefObject<Element | null>): RefObject<boolean> {
  const visible = useRef(true)
  useEffect(() => {
    const element = ref.current
    if (element === null || typeof IntersectionObserver !== 'function') return
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) visible.current = entry.isIntersecting
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return visible
}

/** A message that clears itself a while after it was set (for "Copied" and the like). */
export function useFlash(ms = 2500): [string | null, (message: string | null) => void] {
  const [message, setMessage] = useState<string | null>(null)
  useEffect(() => {
    if (message === null) return
    const timer = setTimeout(() => setMessage(null), ms)
    return () => clearTimeout(timer)
  }, [message, ms])
  return [message, setMessage]
}

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

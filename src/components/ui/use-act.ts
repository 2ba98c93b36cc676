import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { useSimulationStore, type SimulationActions } from '../../state/index.ts'

/**
 * Runs a simulation action and hands back the library's refusal, if any, so the widget that asked can show it
 * beside the control that caused it (and the shared error slot is left clear for the next action).
 */
export function useAct(): (run: (actions: SimulationActions) => boolean | unknown) => string | null {
  const simulation = useSimulationStore()
  return useCallback(
    (run) => {
      const result = run(simulation.getState().actions)
      const error = simulation.getState().error
      if (result === false || error !== null) {
        simulation.getState().actions.clearError()
        return error ?? 'the simulator refused that'
      }
      return null
    },
    [simulation],
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

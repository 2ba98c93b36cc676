import { createContext, useCallback, useContext, useLayoutEffect, useRef } from 'react'

/**
 * What a page offers the widgets in it that start later than the page itself (their code is fetched on demand): each
 * holds the page back from saying it is live until the widget's own controls work. A prerendered widget looks the
 * same before and after it hydrates, so without this a reader's or a test's first input could reach a control that
 * does nothing yet.
 */
export interface WidgetReadiness {
  /** Registers a widget that is still starting; the returned function says it has started (calling it again does nothing). */
  hold(): () => void
}

/** The readiness of the page around a widget; null outside a page (a widget then has nobody to tell). */
export const WidgetReadinessContext = createContext<WidgetReadiness | null>(null)

/**
 * A page's readiness: once `open` is called (the page itself is live), it calls `onReady` whenever no widget is held
 * any more, at once if none is.
 */
export function createWidgetReadiness(): WidgetReadiness & { open(onReady: () => void): void } {
  let held = 0
  let onReady: (() => void) | null = null
  const settle = () => {
    if (onReady !== null && held === 0) onReady()
  }
  return {
    hold() {
      held++
      let released = false
      return () => {
        if (released) return
        released = true
        held--
        settle()
      }
    },
    open(ready) {
      onReady = ready
      settle()
    },
  }
}

/**
 * For a widget that starts after the page: holds the page's readiness from the widget's first commit until the
 * returned callback is called (from the widget's content once it has mounted), or until the widget is removed.
 */
export function useWidgetHold(): () => void {
  const readiness = useContext(WidgetReadinessContext)
  const release = useRef<(() => void) | null>(null)
  const started = useRef(false)
  useLayoutEffect(() => {
    if (started.current || readiness === null) return
    const done = readiness.hold()
    release.current = done
    return () => {
      release.current = null
      done()
    }
  }, [readiness])
  return useCallback(() => {
    started.current = true
    release.current?.()
    release.current = null
  }, [])
}

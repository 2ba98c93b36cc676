import { startTransition, useEffect, useState, type RefObject } from 'react'

/** How far outside the viewport an element counts as near: about a screen ahead, so it is ready before it is seen. */
const NEAR = '600px 0px'

/**
 * True from the first moment the element comes within about a screen of the viewport, and true from then on (from
 * the next frame where IntersectionObserver is missing). A page with many widgets starts only the ones a reader can
 * reach soon; the rest wait until the reader scrolls towards them.
 */
export function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false)
  useEffect(() => {
    const element = ref.current
    if (near || element === null) return
    if (typeof IntersectionObserver !== 'function') {
      // Nothing can tell where the element is: it starts in the next frame, as if it were in view.
      const frame = requestAnimationFrame(() => setNear(true))
      return () => cancelAnimationFrame(frame)
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true)
      },
      { rootMargin: NEAR },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, near])
  return near
}

/**
 * Whether a widget that starts near the viewport is live yet: false until the element first comes near, then true.
 * The switch is a transition, so React can pause between the widget's parts while it starts and input stays free.
 */
export function useLiveNearViewport(ref: RefObject<Element | null>): boolean {
  const near = useNearViewport(ref)
  const [live, setLive] = useState(false)
  useEffect(() => {
    if (near) startTransition(() => setLive(true))
  }, [near])
  return live
}

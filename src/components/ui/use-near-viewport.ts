import { startTransition, useEffect, useState, type RefObject } from 'react'

/** How far outside the viewport an element counts as near: about a screen ahead, so it is ready before it is seen. */
const NEAR = '600px 0px'

/**
 * Whether a widget that starts near the viewport is live yet: false until the element first comes within about a
 * screen of the viewport, true from then on (from the next frame where IntersectionObserver is missing). A page with
 * many widgets starts only the ones a reader can reach soon. The switch is a transition, so React can pause between
 * the widget's parts while it starts and input stays free.
 */
export function useLiveNearViewport(ref: RefObject<Element | null>): boolean {
  const [live, setLive] = useState(false)
  useEffect(() => {
    const element = ref.current
    if (live || element === null) return
    const start = () => startTransition(() => setLive(true))
    if (typeof IntersectionObserver !== 'function') {
      // Nothing can tell where the element is: it starts in the next frame, as if it were in view.
      const frame = requestAnimationFrame(start)
      return () => cancelAnimationFrame(frame)
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) start()
      },
      { rootMargin: NEAR },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, live])
  return live
}

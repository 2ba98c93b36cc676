// How long to wait for a frame at most: a tab that is hidden or starved of frames still starts its page.
const FRAME_WAIT_MS = 200

/**
 * Runs `start` once the browser has painted the page as it stands (after the next frame), or at once in a hidden tab,
 * which paints nothing. A prerendered page is readable before its scripts run; hydrating it first would keep the main
 * thread busy and, on a slow or loaded device, hold back the first paint of content that is already there.
 */
export function afterFirstPaint(start: () => void): void {
  if (document.visibilityState === 'hidden' || typeof requestAnimationFrame !== 'function') {
    start()
    return
  }
  let started = false
  const once = () => {
    if (started) return
    started = true
    start()
  }
  // A rAF callback runs just before the frame is painted; a task queued from it runs after.
  requestAnimationFrame(() => setTimeout(once, 0))
  setTimeout(once, FRAME_WAIT_MS)
}

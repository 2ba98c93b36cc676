import { useCallback, useSyncExternalStore } from 'react'

/** The rows of a fixed-height list that are in view (plus `overscan` either side), and the space around them. */
export interface RowWindow {
  readonly start: number
  readonly end: number
  /** Pixels above the first rendered row and below the last. */
  readonly before: number
  readonly after: number
}

/**
 * Windowing for rows of one fixed height inside a scrolling box: only the rows in view are rendered. With equal
 * heights the arithmetic is exact, so this needs no measuring (and no library: the home page's script budget is
 * tight, and a general virtualizer costs more than the table it serves).
 */
export function useRowWindow(box: HTMLElement | null, count: number, rowHeight: number, offset: number, overscan = 8): RowWindow {
  const subscribe = useCallback(
    (notify: () => void) => {
      const el = box
      if (el === null) return () => {}
      el.addEventListener('scroll', notify, { passive: true })
      const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(notify) : null
      observer?.observe(el)
      return () => {
        el.removeEventListener('scroll', notify)
        observer?.disconnect()
      }
    },
    [box],
  )
  // Scroll position and height, packed into one number so the snapshot compares cheaply.
  const read = () => {
    const el = box
    return el === null ? 0 : Math.floor(el.scrollTop / rowHeight) * 100_000 + Math.ceil(el.clientHeight / rowHeight)
  }
  // The box is known only after the first commit (a callback ref sets it), and then the window is read again.
  const packed = useSyncExternalStore(subscribe, read, () => 0)
  const first = Math.floor(packed / 100_000)
  const visible = packed % 100_000 || 12
  const skip = Math.max(0, first - Math.ceil(offset / rowHeight))
  const start = Math.max(0, Math.min(count, skip - overscan))
  const end = Math.min(count, skip + visible + overscan)
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight }
}

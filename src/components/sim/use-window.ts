import { useCallback, useRef, useSyncExternalStore } from 'react'

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
  // Scroll position and height, packed into one number so the snapshot compares cheaply. It is measured only when
  // the box scrolls or resizes, when the layout is fresh: measuring on every render would force a layout of the page
  // after each update, many times a second during a burst.
  const measured = useRef(0)
  const subscribe = useCallback(
    (notify: () => void) => {
      const el = box
      if (el === null) return () => {}
      const update = () => {
        measured.current = Math.floor(el.scrollTop / rowHeight) * 100_000 + Math.ceil(el.clientHeight / rowHeight)
        notify()
      }
      el.addEventListener('scroll', update, { passive: true })
      // A ResizeObserver also reports the box's size once when it starts observing.
      const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null
      observer?.observe(el)
      return () => {
        el.removeEventListener('scroll', update)
        observer?.disconnect()
      }
    },
    [box, rowHeight],
  )
  const packed = useSyncExternalStore(subscribe, () => measured.current, () => 0)
  const first = Math.floor(packed / 100_000)
  const visible = packed % 100_000 || 12
  const skip = Math.max(0, first - Math.ceil(offset / rowHeight))
  const start = Math.max(0, Math.min(count, skip - overscan))
  const end = Math.min(count, skip + visible + overscan)
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight }
}

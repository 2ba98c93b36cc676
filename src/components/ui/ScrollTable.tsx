import { useEffect, useRef, useState, type ComponentPropsWithoutRef } from 'react'

/**
 * Wraps a table so a wide one scrolls sideways inside the column instead of stretching the page; the wrapper
 * becomes focusable (so it can be scrolled from the keyboard) only while it actually overflows.
 */
export function ScrollTable(props: ComponentPropsWithoutRef<'table'>) {
  const ref = useRef<HTMLDivElement>(null)
  const [overflows, setOverflows] = useState(false)
  useEffect(() => {
    const box = ref.current
    if (box === null || typeof ResizeObserver !== 'function') return
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1)
    const observer = new ResizeObserver(measure)
    observer.observe(box)
    measure()
    return () => observer.disconnect()
  }, [])
  return (
    <div
      ref={ref}
      className="table-scroll"
      tabIndex={overflows ? 0 : undefined}
      role={overflows ? 'region' : undefined}
      aria-label={overflows ? 'Table, scrolls sideways' : undefined}
    >
      <table {...props} />
    </div>
  )
}

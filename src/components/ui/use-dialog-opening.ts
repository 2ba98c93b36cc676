import { useCallback, useState } from 'react'

/** A modal's opening as its owner holds it: `opening` is null while closed, else a number new to each opening. */
export interface DialogOpening {
  readonly opening: number | null
  /** Opens it (nothing happens while it is open). */
  readonly open: () => void
  /** To pass as the dialog's `onClosed`. */
  readonly closed: () => void
}

/**
 * The open state of a modal that a key or a button may open again right after it closed. Keyed by `opening`, the
 * dialog is then a new one: a close and the next open can be handled in one render (React batches them), and a
 * plain `open` flag would have stayed true throughout, leaving the closed dialog closed.
 */
export function useDialogOpening(): DialogOpening {
  const [state, setState] = useState({ open: false, count: 0 })
  const open = useCallback(() => setState((s) => (s.open ? s : { open: true, count: s.count + 1 })), [])
  const closed = useCallback(() => setState((s) => (s.open ? { open: false, count: s.count } : s)), [])
  return { opening: state.open ? state.count : null, open, closed }
}

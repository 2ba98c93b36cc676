import type { ReactNode } from 'react'

/**
 * The alert a page shows when the link it was opened with could not be read: the reason, what the reader sees
 * instead (`children`), and Dismiss.
 */
export function LinkProblem({ message, onDismiss, children }: { message: string; onDismiss: () => void; children?: ReactNode }) {
  return (
    <div className="callout callout-warning" role="alert">
      <p className="callout-title">The link could not be opened</p>
      <div className="callout-body">
        <p>{message}</p>
        {children}
        <button type="button" className="button sim-small-button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  )
}

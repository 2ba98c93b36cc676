import './ui.css'

/**
 * A refusal shown beside the control that caused it, announced to screen readers; nothing when there is none. With
 * `onDismiss` it carries a button that clears it (for a message that is not tied to one field).
 */
export function ErrorNote({ message, id, onDismiss }: { message: string | null; id?: string; onDismiss?: () => void }) {
  if (message === null) return null
  if (onDismiss === undefined) {
    return (
      <p id={id} className="ui-error" role="alert">
        {message}
      </p>
    )
  }
  return (
    <div id={id} className="ui-error ui-warning ui-error-box" role="alert">
      <span>{message}</span>
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}

/** A refusal shown beside the control that caused it, announced to screen readers; nothing when there is none. */
export function ErrorNote({ message, id }: { message: string | null; id?: string }) {
  if (message === null) return null
  return (
    <p id={id} className="sim-error" role="alert">
      {message}
    </p>
  )
}

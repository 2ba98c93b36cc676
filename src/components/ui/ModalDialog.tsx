import { useEffect, useEffectEvent, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react'

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'

/** Keeps Tab cycling through the dialog's controls: a modal makes the page inert, but Tab could still leave for the browser's UI. */
function keepTabInside(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return
  const focusables = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null)
  const first = focusables[0]
  const last = focusables[focusables.length - 1]
  if (first === undefined || last === undefined) return
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault()
    first.focus()
  }
}

interface ModalDialogProps {
  /** The `<dialog>` element, for controls inside that close it (`dialogRef.current?.close()`). */
  readonly dialogRef: RefObject<HTMLDialogElement | null>
  /** Shown as a modal while true (default: for as long as it is mounted). */
  readonly open?: boolean
  /**
   * Runs once the dialog has closed, whatever closed it (Escape, a click on the backdrop, `close()`), before any
   * later input is handled. A caller that can be asked to open it again at once keys it by opening (useDialogOpening).
   */
  readonly onClosed: () => void
  /** Gives focus back to what had it when the dialog opened (default), or leaves focus to `onClosed`. */
  readonly restoreFocus?: boolean
  /** Added to `modal-dialog`, the look every modal shares: sets this one's size and place. */
  readonly className: string
  readonly labelledBy: string
  /** Keys the dialog handles itself, before Tab is kept inside. */
  readonly onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void
  readonly children: ReactNode
}

/**
 * A modal native `<dialog>`: the browser keeps the page behind it inert and closes it on Escape; a click on the
 * backdrop closes it too, Tab cycles through its controls, and focus goes back where it was when it closes.
 */
export function ModalDialog({ dialogRef, open = true, onClosed, restoreFocus = true, className, labelledBy, onKeyDown, children }: ModalDialogProps) {
  const returnTo = useRef<HTMLElement | null>(null)

  // Whether this opening's close has been reported (each showModal is reported closed once).
  const reported = useRef(true)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog === null) return
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      reported.current = false
      dialog.showModal()
    } else if (!open && dialog.open) {
      dialog.close()
    }
  }, [open, dialogRef])

  // Read when the dialog closes, so a caller's new callback on each render does not re-attach the observer.
  const onClose = useEffectEvent(() => {
    if (reported.current) return
    reported.current = true
    const target = returnTo.current
    returnTo.current = null
    if (restoreFocus && target !== null && target.isConnected) target.focus()
    onClosed()
  })
  // The close is seen as its `open` attribute goes, in a microtask, whatever closed it. The `close` event comes a task
  // later: a key pressed in between (Enter on the button that opens it, with focus already back there) then found
  // the dialog still open in the caller's state, opened nothing, and the late event closed it for good.
  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog === null) return
    const observer = new MutationObserver(() => {
      if (!dialog.open) onClose()
    })
    observer.observe(dialog, { attributes: true, attributeFilter: ['open'] })
    return () => observer.disconnect()
  }, [dialogRef])

  return (
    <dialog
      ref={dialogRef}
      className={`modal-dialog ${className}`}
      aria-modal="true"
      aria-labelledby={labelledBy}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) event.currentTarget.close()
      }}
      onKeyDown={(event) => {
        onKeyDown?.(event)
        if (!event.defaultPrevented) keepTabInside(event)
      }}
    >
      {children}
    </dialog>
  )
}

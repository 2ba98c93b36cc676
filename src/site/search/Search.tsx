// The header's Search button, opened also by `/` and Ctrl+K (⌘K on a Mac). The dialog, MiniSearch and the index are
// fetched only when search is first opened (or the button is hovered or focused), so no page pays for them up front.
import { lazy, Suspense, useCallback, useEffect, useRef } from 'react'
import { useDialogOpening, useShortcut } from '../../components/index.ts'

const loadDialog = () => import('./SearchDialog.tsx')
const SearchDialog = lazy(() => loadDialog().then((m) => ({ default: m.SearchDialog })))

/** The search control in the header: a button named "Search" that opens the search dialog. */
export function Search() {
  const { opening, open: openSearch, closed } = useDialogOpening()
  const button = useRef<HTMLButtonElement>(null)
  const onClose = useCallback(
    (navigated: boolean) => {
      closed()
      // After following a result the router moves focus to the section; otherwise focus goes back to the button.
      if (!navigated) button.current?.focus()
    },
    [closed],
  )

  useShortcut({ key: '/', description: 'Search the site', handler: openSearch })
  // Only documented here: the registry takes keys without modifiers, so Ctrl+K is handled below.
  useShortcut({ key: 'Ctrl+K', description: 'Search the site (⌘K on a Mac)' })
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return
      event.preventDefault()
      openSearch()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [openSearch])

  const prefetch = () => {
    void loadDialog().catch(() => undefined)
  }
  return (
    <>
      <button
        ref={button}
        type="button"
        className="search-button"
        aria-label="Search"
        aria-haspopup="dialog"
        aria-keyshortcuts="/ Control+K"
        title="Search (/ or Ctrl+K)"
        onClick={openSearch}
        onPointerEnter={prefetch}
        onFocus={prefetch}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="7" />
          <path d="m20 20-3.5-3.5" />
        </svg>
        <span className="search-button-label">Search</span>
        <kbd className="search-button-key" aria-hidden="true">
          /
        </kbd>
      </button>
      {opening !== null && (
        <Suspense fallback={null}>
          <SearchDialog key={opening} onClose={onClose} />
        </Suspense>
      )}
    </>
  )
}

import { useEffect, useState, type ReactNode } from 'react'
import { Link } from './router.tsx'
import { PAGE_GROUPS, ROUTES } from './routes.ts'
import { Search } from './search/Search.tsx'
import { BASE } from './base.ts'
import { TableOfContents, type TocEntry } from './TableOfContents.tsx'
import { ThemeToggle } from './ThemeToggle.tsx'
import { ShortcutsDialog } from './ShortcutsDialog.tsx'
import { toggleTheme } from './theme.ts'
import { KeyboardIcon, MenuIcon, CloseIcon, useDialogOpening, useShortcut, ExerciseProgressBadge, EXERCISES_PATH } from '../components/index.ts'

export interface LayoutProps {
  /** The current path, to mark the sidebar link of this page. */
  path: string
  /** The page's h2/h3 headings, for "On this page". */
  toc: readonly TocEntry[]
  /** True while the next page's chunk is on its way. */
  loading?: boolean
  children: ReactNode
}

/**
 * The frame every page sits in: header (with Search), sidebar ("Site", the pages grouped as ROUTES groups them),
 * the page with its "On this page", footer.
 */
export function Layout({ path, toc, loading = false, children }: LayoutProps) {
  // The menu (narrow screens) belongs to the page it was opened on, so following a link closes it.
  const [menuOpenOn, setMenuOpenOn] = useState<string | null>(null)
  const menuOpen = menuOpenOn === path
  const shortcuts = useDialogOpening()

  useShortcut({ key: '?', description: 'Show the keyboard shortcuts', handler: shortcuts.open })
  useShortcut({ key: 't', description: 'Switch between light and dark', handler: toggleTheme })
  useShortcut({ key: 'Escape', description: 'Close a dialog or the menu' })

  // Escape closes the open menu wherever focus is (the menu button, the page behind, the body), unless a dialog or a
  // widget has already used the key.
  useEffect(() => {
    if (!menuOpen) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      if (event.target instanceof Element && event.target.closest('dialog[open], [aria-modal="true"]')) return
      setMenuOpenOn(null)
      document.querySelector<HTMLButtonElement>('.menu-button')?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [menuOpen])

  const index = ROUTES.findIndex((r) => r.path === path)
  const previous = index > 0 ? ROUTES[index - 1] : undefined
  const next = index !== -1 && index < ROUTES.length - 1 ? ROUTES[index + 1] : undefined

  return (
    <div className="app" data-menu-open={menuOpen ? 'true' : undefined}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <div className={loading ? 'progress progress-active' : 'progress'} aria-hidden="true" />
      <header className="site-header">
        <div className="site-header-inner">
          <button
            type="button"
            className="icon-button menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpenOn(menuOpen ? null : path)}
          >
            {menuOpen ? <CloseIcon /> : <MenuIcon />}
            <span className="menu-button-label">Menu</span>
          </button>
          <Link className="brand" to="/">
            <img src={`${BASE}favicon.svg`} alt="" width="28" height="28" />
            <span>SessionScope</span>
          </Link>
          <span className="brand-tag">Connect 0.2.1 sessions, alive</span>
          <div className="header-actions">
            <Search />
            <button
              type="button"
              className="icon-button"
              aria-label="Keyboard shortcuts"
              aria-haspopup="dialog"
              title="Keyboard shortcuts (?)"
              onClick={shortcuts.open}
            >
              <KeyboardIcon />
            </button>
            <ThemeToggle />
          </div>
        </div>
      </header>

      <div className="shell">
        <nav
          id="site-nav"
          className="sidebar"
          aria-label="Site"
        >
          {PAGE_GROUPS.map((group) => {
            const pages = ROUTES.filter((route) => route.group === group)
            if (pages.length === 0) return null
            const headingId = `nav-group-${group.toLowerCase()}`
            return (
              <div key={group} className="sidebar-group">
                <h2 id={headingId} className="sidebar-group-title">
                  {group}
                </h2>
                <ul className="sidebar-list" aria-labelledby={headingId}>
                  {pages.map((route) => (
                    <li key={route.path}>
                      <Link
                        to={route.path}
                        className="sidebar-link"
                        aria-current={route.path === path ? 'page' : undefined}
                        onClick={() => setMenuOpenOn(null)}
                      >
                        {route.label}
                        {route.path === EXERCISES_PATH && <ExerciseProgressBadge />}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            )
          })}
          <p className="sidebar-note">
            Press <kbd>?</kbd> for keyboard shortcuts.
          </p>
        </nav>

        <main id="content" className="main" tabIndex={-1}>
          {toc.length > 0 && <TableOfContents key={path} entries={toc} />}
          <div className="page-column">
            {children}
            {(previous !== undefined || next !== undefined) && (
              <nav className="pager" aria-label="Previous and next page">
                {previous !== undefined ? (
                  <Link className="pager-link pager-previous" to={previous.path}>
                    <span className="pager-direction">Previous</span>
                    <span className="pager-title">{previous.label}</span>
                  </Link>
                ) : (
                  <span />
                )}
                {next !== undefined && (
                  <Link className="pager-link pager-next" to={next.path}>
                    <span className="pager-direction">Next</span>
                    <span className="pager-title">{next.label}</span>
                  </Link>
                )}
              </nav>
            )}
          </div>
        </main>
      </div>

      <footer className="site-footer">
        <div className="site-footer-inner">
          <p>
            <strong>SessionScope</strong> runs Connect&rsquo;s 2010 session middleware, rewritten in TypeScript, entirely in
            your browser. Nothing you type here leaves the page.
          </p>
          <p>
            <Link to="/changes">What we changed</Link> · <Link to="/session">Reference</Link> · <Link to="/playground">Playground</Link>
          </p>
        </div>
      </footer>

      {shortcuts.opening !== null && <ShortcutsDialog key={shortcuts.opening} onClose={shortcuts.closed} />}
    </div>
  )
}

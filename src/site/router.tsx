// A small history-API router: a handful of pages with fixed paths need no more. It keeps the old page on screen
// while the next page's chunk loads (a React transition), restores scroll on back/forward, scrolls to
// `#section` once the page has rendered, and moves focus to the new page's heading.
import { useEffect, useState, useTransition, type AnchorHTMLAttributes, type MouseEvent } from 'react'
import { normalisePath, prefetch, routeFor } from './routes.ts'
import { stripBase, withBase } from './base.ts'

type Kind = 'initial' | 'push' | 'pop'
interface PendingNavigation {
  kind: Kind
  hash: string
  scrollY: number | undefined
}
interface HistoryState {
  scrollY?: number
}

const listeners = new Set<() => void>()
let pending: PendingNavigation | null = null
let started = false
/** The path and query of the page on screen (or on its way). */
let shown = ''
/** While prerendering (no `location`): the path being rendered. */
let serverPath: string | undefined

/** Prerendering only: the path that `useRoute` reports, since there is no `location` to read. */
export function setServerPath(path: string): void {
  serverPath = path
}

/** The site path (ROUTES' form, no base, no trailing slash) of the page the browser is on. */
export function currentPath(): string {
  if (serverPath !== undefined) return serverPath
  return normalisePath(stripBase(location.pathname))
}

function stateOf(value: unknown): HistoryState {
  return typeof value === 'object' && value !== null ? (value as HistoryState) : {}
}

function rememberScroll(): void {
  history.replaceState({ ...stateOf(history.state), scrollY: window.scrollY }, '')
}

/** Hooks the router to the window; safe to call more than once. */
export function startRouter(): void {
  if (started) return
  started = true
  // The page renders asynchronously, so the browser's own restoration would run too early.
  history.scrollRestoration = 'manual'
  pending = { kind: 'initial', hash: location.hash, scrollY: stateOf(history.state).scrollY }
  shown = location.pathname + location.search
  window.addEventListener('popstate', () => {
    const scrollY = stateOf(history.state).scrollY
    if (location.pathname + location.search === shown) {
      // Only the #section changed: no page to load, just the scroll position to put right.
      const section = location.hash.length > 1 ? document.getElementById(safeDecode(location.hash.slice(1))) : null
      if (scrollY !== undefined) window.scrollTo(0, scrollY)
      else if (section !== null) section.scrollIntoView({ block: 'start' })
      else if (location.hash === '') window.scrollTo(0, 0)
      return
    }
    shown = location.pathname + location.search
    pending = { kind: 'pop', hash: location.hash, scrollY }
    for (const listener of listeners) listener()
  })
  // A reload comes back to where the reader was.
  window.addEventListener('pagehide', rememberScroll)
  // Pages live at `<path>/`; `/session` and `/session/index.html` are shown as that one address.
  const path = currentPath()
  const canonical = routeFor(path) !== undefined ? withBase(path) : location.pathname
  if (canonical !== location.pathname) history.replaceState(history.state, '', canonical + location.search + location.hash)
}

/** Goes to a path of this site (written without the base, as ROUTES lists it) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(withBase(to), location.href)
  if (url.origin !== location.origin) {
    location.assign(url)
    return
  }
  const path = withBase(normalisePath(stripBase(url.pathname)))
  if (path === location.pathname && url.search === location.search && url.hash !== '') {
    // Same page, another section: the browser's own fragment navigation does this best.
    location.hash = url.hash
    return
  }
  rememberScroll()
  const target = path + url.search + url.hash
  if (options.replace === true) history.replaceState({ scrollY: 0 }, '', target)
  else history.pushState({ scrollY: 0 }, '', target)
  shown = path + url.search
  pending = { kind: 'push', hash: url.hash, scrollY: undefined }
  for (const listener of listeners) listener()
}

/** The current path and whether the next page is still loading. A navigation bumps `version` even to the same path. */
export function useRoute(): { path: string; version: number; loading: boolean } {
  const [state, setState] = useState(() => ({ path: currentPath(), version: 0 }))
  const [loading, startTransition] = useTransition()
  useEffect(() => {
    const onChange = () => {
      startTransition(() => setState((s) => ({ path: currentPath(), version: s.version + 1 })))
    }
    listeners.add(onChange)
    return () => {
      listeners.delete(onChange)
    }
  }, [])
  return { ...state, loading }
}

function focusWithoutScroll(element: HTMLElement): void {
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1')
  element.focus({ preventScroll: true })
}

/**
 * Called once a page's content is in the DOM: scrolls to the section the URL names, or restores the position
 * of a back/forward, or goes to the top; after a link was followed, focus moves to the section or the page's h1
 * so that screen readers announce the new page.
 */
export function settleNavigation(page: HTMLElement | null): void {
  const nav = pending
  pending = null
  if (nav === null) return
  const id = nav.hash.length > 1 ? safeDecode(nav.hash.slice(1)) : ''
  const section = id === '' ? null : document.getElementById(id)
  if (section !== null && !(nav.kind === 'pop' && nav.scrollY !== undefined)) {
    section.scrollIntoView({ block: 'start' })
    if (nav.kind === 'push') focusWithoutScroll(section)
    return
  }
  if (nav.scrollY !== undefined && nav.kind !== 'push') {
    window.scrollTo(0, nav.scrollY)
  } else if (nav.kind === 'push') {
    window.scrollTo(0, 0)
  }
  if (nav.kind === 'push') {
    const heading = page?.querySelector('h1')
    if (heading instanceof HTMLElement) focusWithoutScroll(heading)
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }

function isPlainClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}

/** An anchor that navigates inside the site without a reload (and prefetches the page on hover or focus). */
export function Link({ to, onClick, onPointerEnter, onFocus, target, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={withBase(to)}
      target={target}
      onClick={(event) => {
        onClick?.(event)
        if (event.defaultPrevented || !isPlainClick(event) || (target !== undefined && target !== '_self')) return
        event.preventDefault()
        navigate(to)
      }}
      onPointerEnter={(event) => {
        onPointerEnter?.(event)
        prefetch(to)
      }}
      onFocus={(event) => {
        onFocus?.(event)
        prefetch(to)
      }}
    />
  )
}

// Every page of the site: its path, its names, and how to load its MDX (each page is its own chunk).
import { lazy, type ComponentType } from 'react'
import type { MDXProps } from 'mdx/types'

type PageModule = { default: ComponentType<MDXProps> }

/** The sidebar's sections: reading the reference, learning by doing, and tools for debugging. */
export const PAGE_GROUPS = ['Reference', 'Learn', 'Tools'] as const

/** One of the sidebar's sections. */
export type PageGroup = (typeof PAGE_GROUPS)[number]

export interface PageRoute {
  /** The path the page lives at; no trailing slash. */
  readonly path: string
  /** The sidebar section the page is listed under. */
  readonly group: PageGroup
  /** The page's name in the sidebar and in the previous/next links. */
  readonly label: string
  /** The document title (the site's name is added after it). */
  readonly title: string
  /** One line for the home page's "where next" list and the 404 page. */
  readonly summary: string
  /** Fetches the page's chunk; the same promise every time, so it doubles as a prefetch. */
  readonly load: () => Promise<PageModule>
  readonly Page: ComponentType<MDXProps>
}

function once(importer: () => Promise<PageModule>): () => Promise<PageModule> {
  let promise: Promise<PageModule> | undefined
  return () => {
    promise ??= importer().catch((error: unknown) => {
      // A failed fetch (say, a deploy replaced the chunk) may succeed on the next try.
      promise = undefined
      throw error
    })
    return promise
  }
}

function page(spec: Omit<PageRoute, 'Page' | 'load'> & { importer: () => Promise<PageModule> }): PageRoute {
  const load = once(spec.importer)
  return { path: spec.path, group: spec.group, label: spec.label, title: spec.title, summary: spec.summary, load, Page: lazy(load) }
}

export const ROUTES: readonly PageRoute[] = [
  page({
    path: '/',
    group: 'Reference',
    label: 'Home',
    title: 'SessionScope',
    summary: 'What SessionScope is and where to start.',
    importer: () => import('../../content/index.mdx'),
  }),
  page({
    path: '/session',
    group: 'Reference',
    label: 'Session middleware',
    title: 'Session middleware',
    summary: 'The 2010 reference page, section by section: options, Store, MemoryStore and Session.',
    importer: () => import('../../content/session.mdx'),
  }),
  page({
    path: '/cookie-decoder',
    group: 'Reference',
    label: 'cookieDecoder',
    title: 'cookieDecoder',
    summary: 'How a Cookie header became req.cookies in 2010, with a live parser.',
    importer: () => import('../../content/cookie-decoder.mdx'),
  }),
  page({
    path: '/playground',
    group: 'Tools',
    label: 'Playground',
    title: 'Playground',
    summary: 'The whole simulator: browsers, settings, the store and the clock.',
    importer: () => import('../../content/playground.mdx'),
  }),
  page({
    path: '/exercises',
    group: 'Learn',
    label: 'Exercises',
    title: 'Exercises',
    summary: 'Eight problems to solve in a live simulation, each checked as you go.',
    importer: () => import('../../content/exercises.mdx'),
  }),
  page({
    path: '/numbers',
    group: 'Tools',
    label: 'The numbers behind a session id',
    title: 'The numbers behind a session id',
    summary: 'How long guessing a live session id takes, then and now, and what a flood of sessions costs in memory.',
    importer: () => import('../../content/numbers.mdx'),
  }),
  page({
    path: '/many-servers',
    group: 'Learn',
    label: 'Sessions on more than one server',
    title: 'Sessions on more than one server',
    summary: 'Why sessions vanish behind a balancer or a proxy, sticky sessions, a shared store and trustProxy.',
    importer: () => import('../../content/many-servers.mdx'),
  }),
  page({
    path: '/changes',
    group: 'Reference',
    label: 'What changed since 2010',
    title: 'What changed since 2010',
    summary: 'Every 2010 bug we fixed, what the old code did, and why we changed it.',
    importer: () => import('../../content/changes.mdx'),
  }),
  page({
    path: '/stories',
    group: 'Learn',
    label: 'Stories',
    title: 'Stories',
    summary: 'Every scenario told one step at a time: what the browser sends, what the middleware decides, what the store keeps.',
    importer: () => import('../../content/stories.mdx'),
  }),
  page({
    path: '/attacker-lab',
    group: 'Learn',
    label: 'Hijacking and the fingerprint',
    title: 'Hijacking and the fingerprint: the attacker lab',
    summary: 'A victim, an attacker and the network between them: which stolen cookies the 2010 fingerprint stops, which it lets through, and whom it locks out.',
    importer: () => import('../../content/attacker-lab.mdx'),
  }),
  page({
    path: '/expiry',
    group: 'Learn',
    label: 'Expiry, reaping and the zombie window',
    title: 'Expiry, reaping and the zombie window',
    summary: 'When a session really ends: the cookie expiry, the reaper, and who can reach a session in between.',
    importer: () => import('../../content/expiry.mdx'),
  }),
  page({
    path: '/fixation',
    group: 'Learn',
    label: 'Fixation and regenerate',
    title: 'Fixation and regenerate',
    summary: 'Plant a session id in a victim’s browser, watch the login adopt it, then defeat it with regenerate.',
    importer: () => import('../../content/fixation.mdx'),
  }),
  page({
    path: '/since-2010',
    group: 'Learn',
    label: 'From 2010 to today',
    title: 'From 2010 to today',
    summary: 'Why the IP and User-Agent binding went, and how sessions are kept now.',
    importer: () => import('../../content/since-2010.mdx'),
  }),
  page({
    path: '/compare',
    group: 'Tools',
    label: 'Compare configurations',
    title: 'Compare configurations',
    summary: 'One request stream through several fingerprint and expiry settings side by side, with a verdict on every request.',
    importer: () => import('../../content/compare.mdx'),
  }),
]

/** Turns `/session/` and `/index.html` into the path the route table uses. */
export function normalisePath(pathname: string): string {
  let path = pathname
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length)
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return path === '' ? '/' : path
}

/** The page for a path, or undefined for the 404 page. */
export function routeFor(pathname: string): PageRoute | undefined {
  const path = normalisePath(pathname)
  return ROUTES.find((r) => r.path === path)
}

/** Starts fetching the page a link points at, so that following it feels instant. */
export function prefetch(href: string): void {
  if (!href.startsWith('/')) return
  const path = href.split(/[?#]/, 1)[0] ?? href
  routeFor(path)
    ?.load()
    .catch(() => {
      // A failed prefetch is retried by the real navigation.
    })
}

// What each page says about itself outside its body: the document title and the meta description. The prerender
// script writes these (with the canonical link and Open Graph tags) into each page's HTML; the app keeps the title
// and description current while the reader moves between pages.
import type { PageRoute } from './routes.ts'

export const SITE_NAME = 'SessionScope'

/** The `<title>` of a page (undefined: the 404 page). */
export function pageTitle(route: PageRoute | undefined): string {
  if (route === undefined) return `Page not found · ${SITE_NAME}`
  if (route.path === '/') return `${SITE_NAME} · Connect's 2010 session middleware, running in your browser`
  return `${route.title} · ${SITE_NAME}`
}

/** The meta description of a page: its one-line summary, which search engines and link previews show. */
export function pageDescription(route: PageRoute | undefined): string {
  if (route === undefined) return 'There is no page at this address. Every page of SessionScope is listed here.'
  if (route.path === '/') {
    return "Connect's 2010 session middleware, rewritten in TypeScript and running in the page: send requests from simulated browsers, move a virtual clock and watch sessions being fingerprinted and reaped."
  }
  return `${route.summary} SessionScope: Connect's 2010 session middleware, running in your browser.`
}

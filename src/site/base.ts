// The site may be served under a sub-path (GitHub Pages serves a project at /<name>/). Vite's `base` (set from
// BASE_PATH at build time) is the prefix; inside the app every path is written without it, as ROUTES lists them.

/** The prefix the site is served under, always with a trailing slash: `/` or `/sessionscope/`. */
export const BASE: string = normaliseBase(import.meta.env.BASE_URL)

function normaliseBase(base: string | undefined): string {
  if (base === undefined || base === '' || base === './') return '/'
  return base.endsWith('/') ? base : `${base}/`
}

/**
 * The URL a site path is served at: the base in front and a trailing slash after a page's path, because each page
 * is a `<path>/index.html` file and static hosts answer `/session` with a redirect to `/session/`.
 * `/session#store` becomes `/sessionscope/session/#store`; a path with a file extension keeps its form.
 */
export function withBase(sitePath: string): string {
  if (!sitePath.startsWith('/') || sitePath.startsWith('//')) return sitePath
  const at = sitePath.search(/[?#]/)
  const path = at === -1 ? sitePath : sitePath.slice(0, at)
  const rest = at === -1 ? '' : sitePath.slice(at)
  const slashed = path.endsWith('/') || /\.[a-z0-9]+$/i.test(path) ? path : `${path}/`
  return BASE + slashed.slice(1) + rest
}

/** The site path of a browser pathname: the base taken off (`/sessionscope/session/` gives `/session/`). */
export function stripBase(pathname: string): string {
  if (BASE === '/') return pathname
  if (pathname.startsWith(BASE)) return `/${pathname.slice(BASE.length)}`
  if (`${pathname}/` === BASE) return '/'
  return pathname
}

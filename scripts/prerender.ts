// The prerender step of `npm run build` (see scripts/build-site.ts): renders every page in ROUTES into the built
// index.html, so each page's text is in the HTML before any JavaScript runs, then writes what a static host needs
// around them: 404.html, sitemap.xml, robots.txt, the search index, and a Workbox service worker for offline use.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import MiniSearch from 'minisearch'
import { generateSW } from 'workbox-build'
import { searchSections } from '../src/site/build/search-sections.ts'
import { INDEX_FILE, INDEX_OPTIONS, type SearchSection } from '../src/site/search/options.ts'

/** What the server entry (src/entry-server.tsx, built with --ssr) exports. */
interface ServerEntry {
  renderPage(path: string): Promise<string>
  ROUTES: readonly { path: string; label: string }[]
  pageTitle(route: { path: string; title: string } | undefined): string
  pageDescription(route: { path: string; summary: string } | undefined): string
  BASE: string
  withBase(path: string): string
}

const DEFAULT_SITE_URL = 'http://127.0.0.1:4173'

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

/** The head tags that differ per page: title, description, canonical link, Open Graph. */
function headTags(title: string, description: string, url: string | undefined): string {
  const tags = [
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}" />`,
    `<meta property="og:type" content="website" />`,
    `<meta property="og:site_name" content="SessionScope" />`,
    `<meta property="og:title" content="${escapeHtml(title)}" />`,
    `<meta property="og:description" content="${escapeHtml(description)}" />`,
    `<meta name="twitter:card" content="summary" />`,
  ]
  if (url !== undefined) tags.push(`<link rel="canonical" href="${escapeHtml(url)}" />`, `<meta property="og:url" content="${escapeHtml(url)}" />`)
  return tags.join('\n    ')
}

/** Puts a page into the template: its head tags in place of the template's title and description, its markup in #root. */
function fillTemplate(template: string, head: string, rendered: string, routePath: string): string {
  // React puts the resource hints it finds (an <img>'s preload) first in its output; they belong in <head>.
  const hints = /^(?:<link [^>]*\/>)*/.exec(rendered)?.[0] ?? ''
  const markup = rendered.slice(hints.length)
  if (hints !== '') head += `\n    ${hints}`
  const withoutHead = template.replace(/<title>[\s\S]*?<\/title>\s*/, '').replace(/<meta name="description"[^>]*>\s*/, '')
  if (!withoutHead.includes('<div id="root"></div>')) throw new Error('the built index.html has no empty <div id="root"></div> to render into')
  return withoutHead
    .replace('</head>', `  ${head}\n  </head>`)
    .replace('<div id="root"></div>', `<div id="root" data-path="${escapeHtml(routePath)}">${markup}</div>`)
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

export interface PrerenderOptions {
  /** The client build's directory (its index.html is the template). */
  outDir: string
  /** The built server entry (entry-server.js). */
  serverEntry: string
  /** The public origin for canonical links and the sitemap (SITE_URL). */
  siteUrl: string | undefined
}

/** Writes every page's HTML and the files around them into `outDir`. */
export async function prerender({ outDir, serverEntry, siteUrl }: PrerenderOptions): Promise<void> {
  const entry = (await import(pathToFileURL(serverEntry).href)) as ServerEntry
  const origin = (siteUrl ?? DEFAULT_SITE_URL).replace(/\/+$/, '')
  if (siteUrl === undefined) console.warn(`SITE_URL is not set: canonical links and the sitemap point at ${origin}`)
  const absolute = (sitePath: string) => origin + entry.withBase(sitePath)
  const templateFile = path.join(outDir, 'index.html')
  const template = fs.readFileSync(templateFile, 'utf8')
  if (template.includes('data-path=')) throw new Error(`${templateFile} is already prerendered; build the client again first`)

  const sections: SearchSection[] = []
  for (const route of entry.ROUTES) {
    const markup = await entry.renderPage(route.path)
    const fullRoute = route as { path: string; label: string; title: string; summary: string }
    const html = fillTemplate(template, headTags(entry.pageTitle(fullRoute), entry.pageDescription(fullRoute), absolute(route.path)), markup, route.path)
    // `<path>/index.html` for `/session/`, and `<path>.html` too, so that `/session` is served without a redirect.
    write(path.join(outDir, route.path, 'index.html'), html)
    if (route.path !== '/') write(path.join(outDir, `${route.path}.html`), html)
    sections.push(...searchSections(markup, route))
  }

  // The 404 page: rendered for a path no route has; the app renders it afresh with the real path on load.
  const notFound = await entry.renderPage(entry.NOT_FOUND_PATH)
  write(path.join(outDir, '404.html'), fillTemplate(template, headTags(entry.pageTitle(undefined), entry.pageDescription(undefined), undefined), notFound, entry.NOT_FOUND_PATH).replace('<title>', '<meta name="robots" content="noindex" />\n    <title>'))

  write(
    path.join(outDir, 'sitemap.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entry.ROUTES.map((r) => `  <url><loc>${escapeHtml(absolute(r.path))}</loc></url>`).join('\n')}\n</urlset>\n`,
  )
  write(path.join(outDir, 'robots.txt'), `User-agent: *\nAllow: /\n\nSitemap: ${origin}${entry.BASE}sitemap.xml\n`)

  const index = new MiniSearch<SearchSection>(INDEX_OPTIONS)
  index.addAll(sections)
  write(path.join(outDir, INDEX_FILE), JSON.stringify(index))

  // Last, so that it precaches the final files. Revisions are content hashes: a new build replaces what changed,
  // and cleanupOutdatedCaches drops the caches of older Workbox versions.
  const { count, size, warnings } = await generateSW({
    globDirectory: outDir,
    globPatterns: ['**/*.{html,js,css,svg,json,wasm,xml,txt,woff2,png}'],
    swDest: path.join(outDir, 'sw.js'),
    directoryIndex: 'index.html',
    // A shared link to /playground/?state=… opens the precached page, which reads the state itself.
    ignoreURLParametersMatching: [/.*/],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    navigateFallback: undefined,
    sourcemap: false,
  })
  for (const warning of warnings) console.warn(warning)
  console.log(`prerendered ${entry.ROUTES.length} pages and 404.html; ${sections.length} search sections; service worker precaches ${count} files (${(size / 1024).toFixed(0)} KiB)`)
}

// The server entry, built with `vite build --ssr` and used only by scripts/prerender.ts at build time: it renders
// one page of the site to HTML, waiting for the page's lazy chunk so that the whole text is in the markup.
import { prerender } from 'react-dom/static'
import { MDXProvider } from '@mdx-js/react'
import { App } from './site/App.tsx'
import { mdxComponents } from './site/mdx-components.tsx'
import { setServerPath } from './site/router.tsx'
import { ROUTES, routeFor } from './site/routes.ts'
import { pageDescription, pageTitle } from './site/head.ts'
import type { TocEntry } from './site/TableOfContents.tsx'
import { tocOfMarkup } from './site/build/toc-of-markup.ts'

export { ROUTES, pageDescription, pageTitle }

/** The markup of the app for a site path (`/session`); an unknown path renders the 404 page. */
export async function renderPage(path: string): Promise<string> {
  setServerPath(path)
  const page = (await routeFor(path)?.load())?.default
  const render = async (toc: readonly TocEntry[]) => {
    const { prelude } = await prerender(
      <MDXProvider components={mdxComponents}>
        <App page={page} toc={toc} />
      </MDXProvider>,
      // React outlines a large Suspense boundary (shows its fallback and swaps the content in with a script) to paint
      // sooner while streaming; a static page must hold its content in place, readable without scripts.
      { progressiveChunkSize: Number.POSITIVE_INFINITY },
    )
    return new Response(prelude).text()
  }
  // "On this page" lists the headings the page renders, so it is known only once the page is rendered: the second
  // pass puts it in the HTML, where the first load shows it without a shift.
  const first = await render([])
  const toc = tocOfMarkup(first)
  return toc.length === 0 ? first : render(toc)
}

export { BASE, withBase } from './site/base.ts'
export { NOT_FOUND_PATH } from './site/NotFound.tsx'

import type { MDXProps } from 'mdx/types'
import { Component, Suspense, type ComponentType, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { Layout } from './Layout.tsx'
import { NotFound } from './NotFound.tsx'
import { routeFor } from './routes.ts'
import { settleNavigation, useRoute } from './router.tsx'
import { collectToc, type TocEntry } from './TableOfContents.tsx'
import { pageDescription, pageTitle } from './head.ts'
import { createWidgetReadiness, WidgetReadinessContext } from '../components/index.ts'

/**
 * Holds one page's content. Once the content is in the DOM (its lazy chunk has arrived) it reports the page's
 * headings and lets the router scroll and move focus.
 */
function PageFrame({ version, onHeadings, children }: { version: number; onHeadings: (toc: TocEntry[]) => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  // Marks the page as live: prerendered HTML looks the same before hydration, when its controls do nothing yet, and
  // tests (and anything else that drives the page) wait for this mark before they act. Widgets whose code comes
  // later hold the mark back until they are live too.
  const [readiness] = useState(createWidgetReadiness)
  useLayoutEffect(() => {
    onHeadings(collectToc(ref.current))
    settleNavigation(ref.current)
  }, [version, onHeadings])
  useEffect(() => readiness.open(() => ref.current?.setAttribute('data-hydrated', '')), [readiness])
  return (
    <div ref={ref} className="page-frame">
      <WidgetReadinessContext.Provider value={readiness}>{children}</WidgetReadinessContext.Provider>
    </div>
  )
}

function PageLoading() {
  return (
    <div className="page-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      Loading the page…
    </div>
  )
}

/** Shows a way out when a page's chunk cannot be fetched (say, the site was redeployed while it was open). */
class PageErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override render() {
    if (this.state.error === null) return this.props.children
    return (
      <article className="prose">
        <h1>This page could not be loaded</h1>
        <p>Its code did not arrive. Reloading usually fixes that.</p>
        <p>
          <button type="button" className="button button-primary" onClick={() => location.reload()}>
            Reload the page
          </button>
        </p>
      </article>
    )
  }
}

/**
 * The site: picks the page for the URL and puts it in the layout. The prerender passes the page's component itself
 * (`page`), already loaded, so that the server's HTML holds the page rather than the loading fallback; the browser
 * uses the lazy one, whose Suspense boundary keeps that HTML on screen until the chunk arrives and hydrates. `toc`
 * is the first page's "On this page" list when it is known before the page is in the DOM (read from its markup by
 * the prerender, and from the prerendered HTML before hydrating), so that the list is in the HTML from the start.
 */
export function App({ page, toc: firstToc = [] }: { page?: ComponentType<MDXProps>; toc?: readonly TocEntry[] } = {}) {
  const { path, version, loading } = useRoute()
  const route = routeFor(path)
  const [toc, setToc] = useState<readonly TocEntry[]>(firstToc)
  // The list read back once the page is in the DOM is usually the one the prerendered HTML already gave: keeping the
  // same array then spares the whole page a render in the same task as hydration's commit (the read runs in a layout
  // effect, so its update is synchronous).
  const onHeadings = useCallback((entries: TocEntry[]) => setToc((shown) => (sameToc(shown, entries) ? shown : entries)), [])

  useEffect(() => {
    document.title = pageTitle(route)
    document.querySelector('meta[name="description"]')?.setAttribute('content', pageDescription(route))
  }, [route])

  const Page = page ?? route?.Page
  return (
    <Layout path={path} toc={toc} loading={loading}>
      <PageErrorBoundary key={path}>
        <Suspense fallback={<PageLoading />}>
          <PageFrame key={path} version={version} onHeadings={onHeadings}>
            {Page !== undefined ? (
              <article className="prose">
                <Page />
              </article>
            ) : (
              <NotFound path={path} />
            )}
          </PageFrame>
        </Suspense>
      </PageErrorBoundary>
    </Layout>
  )
}

function sameToc(a: readonly TocEntry[], b: readonly TocEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.id === b[i]?.id && e.text === b[i]?.text && e.level === b[i]?.level)
}

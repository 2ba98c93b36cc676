import { Component, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { Layout } from './Layout.tsx'
import { NotFound } from './NotFound.tsx'
import { routeFor } from './routes.ts'
import { settleNavigation, useRoute } from './router.tsx'
import { collectToc, type TocEntry } from './TableOfContents.tsx'

const SITE_NAME = 'SessionScope'

/**
 * Holds one page's content. Once the content is in the DOM (its lazy chunk has arrived) it reports the page's
 * headings and lets the router scroll and move focus.
 */
function PageFrame({ version, onHeadings, children }: { version: number; onHeadings: (toc: TocEntry[]) => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => {
    onHeadings(collectToc(ref.current))
    settleNavigation(ref.current)
  }, [version, onHeadings])
  return (
    <div ref={ref} className="page-frame">
      {children}
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

/** The site: picks the page for the URL and puts it in the layout. */
export function App() {
  const { path, version, loading } = useRoute()
  const route = routeFor(path)
  const [toc, setToc] = useState<TocEntry[]>([])
  const onHeadings = useCallback((entries: TocEntry[]) => setToc(entries), [])

  useEffect(() => {
    if (route === undefined) document.title = `Page not found · ${SITE_NAME}`
    else if (route.path === '/') document.title = `${SITE_NAME} · Connect's 2010 session middleware, running in your browser`
    else document.title = `${route.title} · ${SITE_NAME}`
  }, [route])

  const Page = route?.Page
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

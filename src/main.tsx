import { StrictMode, startTransition } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { MDXProvider } from '@mdx-js/react'
import { App } from './site/App.tsx'
import { mdxComponents } from './site/mdx-components.tsx'
import { currentPath, startRouter } from './site/router.tsx'
import { routeFor } from './site/routes.ts'
import { collectToc, type TocEntry } from './site/TableOfContents.tsx'
import { installShortcuts } from './components/index.ts'
import { restoreCharacterKeysChoice } from './site/ShortcutsDialog.tsx'
import { watchTheme } from './site/theme.ts'
import { registerServiceWorker } from './site/offline.ts'
import { afterFirstPaint } from './site/after-first-paint.ts'
import './site/theme.css'

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

watchTheme()
restoreCharacterKeysChoice()
installShortcuts()
startRouter()

const appWith = (toc?: readonly TocEntry[]) => (
  <StrictMode>
    <MDXProvider components={mdxComponents}>
      <App toc={toc} />
    </MDXProvider>
  </StrictMode>
)

// A prerendered page (the build wrote its HTML, see scripts/prerender.ts) is hydrated once it has been painted; its
// chunk is fetched at once so that the page's Suspense boundary hydrates as soon as it can. Its "On this page" list,
// which the prerender put in the HTML, is read from the same HTML, so that the first render matches it. The 404
// page's HTML is served for any unknown path, so it is rendered afresh rather than hydrated with another path in it.
const route = routeFor(currentPath())
if (route !== undefined && container.hasChildNodes() && container.dataset.path === route.path) {
  void route.load().catch(() => undefined)
  const app = appWith(collectToc(container.querySelector('.page-frame')))
  // As a transition, hydration yields to the browser every few milliseconds instead of holding the main thread for
  // the whole page; the HTML is already on screen, and a click on a part not yet hydrated makes React hydrate it first.
  afterFirstPaint(() =>
    startTransition(() => {
      hydrateRoot(container, app)
    }),
  )
} else {
  container.replaceChildren()
  createRoot(container).render(appWith())
}

registerServiceWorker()

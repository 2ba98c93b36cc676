import type { ReactNode } from 'react'

/** The page frame every MDX page sits in: a banner with the product name, the main content, a footer. */
export function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="layout">
      <header className="site-header">
        <a className="brand" href="/">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>SessionScope</span>
        </a>
      </header>
      <main id="content" className="content">
        {children}
      </main>
      <footer className="site-footer">
        <p>SessionScope: a static site. Everything on it runs in your browser; nothing is sent anywhere.</p>
      </footer>
    </div>
  )
}

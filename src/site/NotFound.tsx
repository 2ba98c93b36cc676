import { Link } from './router.tsx'
import { ROUTES } from './routes.ts'

/** What an unknown path shows: a clear heading, the path that was asked for, and the way back. */
export function NotFound({ path }: { path: string }) {
  return (
    <article className="prose not-found">
      <p className="eyebrow">Error 404</p>
      <h1>Page not found</h1>
      <p className="lead">
        Nothing lives at <code>{path}</code>. The middleware of 2010 would have answered{' '}
        <code>Cannot GET {path}</code>; we can do a little better.
      </p>
      <p>
        <Link className="button button-primary" to="/">
          Go to the home page
        </Link>
      </p>
      <h2>Pages on this site</h2>
      <ul className="page-list">
        {ROUTES.map((route) => (
          <li key={route.path}>
            <Link to={route.path}>{route.label}</Link>
            <span> — {route.summary}</span>
          </li>
        ))}
      </ul>
    </article>
  )
}

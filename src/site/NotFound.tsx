import { Link } from './router.tsx'
import { ROUTES } from './routes.ts'

/** The path the build renders 404.html for; a static host serves that file for every unknown path. */
export const NOT_FOUND_PATH = '/404'

/** What an unknown path shows: a clear heading, the path that was asked for, and the way back. */
export function NotFound({ path }: { path: string }) {
  // 404.html is read without JavaScript for any unknown path, so it names none; the app names the real one on load.
  const asked = path === NOT_FOUND_PATH ? null : path
  return (
    <article className="prose not-found">
      <p className="eyebrow">Error 404</p>
      <h1>Page not found</h1>
      {asked === null ? (
        <p className="lead">
          Nothing lives at this address. The middleware of 2010 would have answered <code>Cannot GET</code> and the
          path; we can do a little better.
        </p>
      ) : (
        <p className="lead">
          Nothing lives at <code>{asked}</code>. The middleware of 2010 would have answered{' '}
          <code>Cannot GET {asked}</code>; we can do a little better.
        </p>
      )}
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

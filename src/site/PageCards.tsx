import { Link } from './router.tsx'
import { ROUTES } from './routes.ts'

/** A card per page of the site (all but the ones excluded), for "where to go next". */
export function PageCards({ exclude = [] }: { exclude?: readonly string[] }) {
  return (
    <ul className="card-grid page-cards">
      {ROUTES.filter((r) => !exclude.includes(r.path)).map((route) => (
        <li key={route.path} className="page-card">
          <Link to={route.path}>
            <span className="page-card-title">{route.label}</span>
            <span className="page-card-summary">{route.summary}</span>
          </Link>
        </li>
      ))}
    </ul>
  )
}

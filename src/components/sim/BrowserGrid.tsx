import { useSimulation } from '../../state/index.ts'
import { BrowserCard } from './BrowserCard.tsx'

/**
 * Every browser of the simulation as a card; `removable` adds a Remove button to each, `dashboard` the editable cookie
 * table and a last request that opens the Inspector.
 */
export function BrowserGrid({ removable = false, hide = [], dashboard = false }: { removable?: boolean; hide?: readonly string[]; dashboard?: boolean }) {
  // A joined string is a stable snapshot: the grid re-renders only when the set of names changes.
  const names = useSimulation((s) => s.view.browsers.map((b) => b.name).join('\n'))
  const actions = useSimulation((s) => s.actions)
  const list = names === '' ? [] : names.split('\n').filter((n) => !hide.includes(n))
  if (list.length === 0) return <p className="sim-muted">No browsers. Add one to start sending requests.</p>
  return (
    <div className="sim-browsers">
      {list.map((name) => (
        <BrowserCard key={name} name={name} onRemove={removable ? () => actions.removeBrowser(name) : undefined} cookieTable={dashboard} inspectable={dashboard} />
      ))}
    </div>
  )
}

import './sim.css'
import { useId, useMemo, useState } from 'react'
import { DEFAULT_PROXY_ADDRESS, MAX_SERVERS, serverName, type Balancer, type ClusterSettings, type ExchangeRecord, type StoreMode, type TraceRecord } from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { useAct } from '../ui/use-act.ts'
import { formatNumber } from '../ui/format.ts'

const BALANCER_LABELS: Record<Balancer, string> = {
  'round-robin': 'round robin (each request to the next server)',
  'sticky-address': 'sticky by client address',
  'sticky-cookie': 'sticky by cookie (SERVERID)',
}

const STORE_LABELS: Record<StoreMode, string> = {
  'per-server': 'a MemoryStore in each server',
  shared: 'one store shared by all servers',
}

type ProxyChoice = 'none' | 'plain' | 'trusted'

const PROXY_LABELS: Record<ProxyChoice, string> = {
  none: 'none: clients reach the balancer directly',
  plain: 'in front; servers see only its address',
  trusted: "in front; servers trust its X-Forwarded-For (trustProxy)",
}

function proxyChoice(c: ClusterSettings): ProxyChoice {
  return c.proxy === null ? 'none' : c.proxy.trusted ? 'trusted' : 'plain'
}

function withProxy(c: ClusterSettings, choice: ProxyChoice): ClusterSettings {
  const address = c.proxy?.address ?? DEFAULT_PROXY_ADDRESS
  return { ...c, proxy: choice === 'none' ? null : { address, trusted: choice === 'trusted' } }
}

/** Requests each server handled (in the retained trace), and the newest exchange. */
function traffic(trace: readonly TraceRecord[]): { counts: ReadonlyMap<string, number>; latest: ExchangeRecord | null } {
  const counts = new Map<string, number>()
  let latest: ExchangeRecord | null = null
  for (const r of trace) {
    if (r.kind !== 'exchange') continue
    // A request of the single server (before or after a cluster) was app-1's.
    const server = r.server ?? 'app-1'
    counts.set(server, (counts.get(server) ?? 0) + 1)
    latest = r
  }
  return { counts, latest }
}

function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`
}

/** One select of the panel, applied as soon as it changes. */
function Choice<T extends string>({ label, value, options, onPick }: { label: string; value: T; options: Record<T, string>; onPick: (value: T) => void }) {
  const id = useId()
  return (
    <div className="field ui-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onPick(event.target.value as T)}>
        {(Object.keys(options) as T[]).map((k) => (
          <option key={k} value={k}>
            {options[k]}
          </option>
        ))}
      </select>
    </div>
  )
}

/**
 * The simulated deployment: how many app servers run the library, how the balancer picks one, where they keep
 * sessions, and whether a reverse proxy stands in front; below the controls, the path a request takes, each server
 * with the requests it handled and the sessions its store holds. The newest request's server is marked.
 */
export function ClusterPanel({ controls = true }: { controls?: boolean }) {
  const cluster = useSimulation((s) => s.view.config.cluster)
  const sessions = useSimulation((s) => s.view.sessions)
  const trace = useSimulation((s) => s.trace)
  const act = useAct()
  const [error, setError] = useState<string | null>(null)
  const { counts, latest } = useMemo(() => traffic(trace), [trace])
  const held = useMemo(() => {
    const out = new Map<string, number>()
    for (const s of sessions) out.set(s.store ?? 'app-1', (out.get(s.store ?? 'app-1') ?? 0) + 1)
    return out
  }, [sessions])
  const apply = (next: ClusterSettings): void => setError(act((a) => a.configure({ cluster: next })))
  const shared = cluster.store === 'shared'
  const names = Array.from({ length: cluster.servers }, (_, i) => serverName(i))
  const servers = Object.fromEntries(Array.from({ length: MAX_SERVERS }, (_, i) => [String(i + 1), String(i + 1)])) as Record<string, string>
  return (
    <div className="sim-cluster" role="group" aria-label="Cluster">
      {controls && (
        <div className="sim-settings-grid">
          <Choice label="App servers" value={String(cluster.servers)} options={servers} onPick={(n) => apply({ ...cluster, servers: Number(n) })} />
          <Choice label="Balancer" value={cluster.balancer} options={BALANCER_LABELS} onPick={(balancer) => apply({ ...cluster, balancer })} />
          <Choice label="Session store" value={cluster.store} options={STORE_LABELS} onPick={(store) => apply({ ...cluster, store })} />
          <Choice label="Reverse proxy" value={proxyChoice(cluster)} options={PROXY_LABELS} onPick={(choice) => apply(withProxy(cluster, choice))} />
        </div>
      )}
      <ErrorNote message={error} />
      <ol className="sim-cluster-path" aria-label="The path of a request">
        <li className="sim-cluster-hop">
          <span className="sim-cluster-hop-name">Browsers</span>
          <span className="sim-cluster-hop-note">each from its own address</span>
        </li>
        {cluster.proxy !== null && (
          <li className="sim-cluster-hop">
            <span className="sim-cluster-hop-name">Reverse proxy</span>
            <span className="sim-cluster-hop-note">
              <code>{cluster.proxy.address}</code>: every request arrives from here
              {cluster.proxy.trusted ? ', client in X-Forwarded-For (trusted)' : ''}
            </span>
          </li>
        )}
        {cluster.servers > 1 && (
          <li className="sim-cluster-hop">
            <span className="sim-cluster-hop-name">Balancer</span>
            <span className="sim-cluster-hop-note">{BALANCER_LABELS[cluster.balancer]}</span>
          </li>
        )}
        <li className="sim-cluster-hop sim-cluster-servers-hop">
          <span className="sim-cluster-hop-name">{cluster.servers === 1 ? 'App server' : 'App servers'}</span>
          <ul className="sim-cluster-servers">
            {names.map((name) => {
              const last = latest !== null && (latest.server ?? 'app-1') === name
              return (
                <li key={name} className={`sim-cluster-server${last ? ' sim-cluster-server-last' : ''}`}>
                  <span className="sim-cluster-server-name">{name}</span>
                  <span>{plural(counts.get(name) ?? 0, 'request', 'requests')}</span>
                  {!shared && <span>store: {plural(held.get(name) ?? 0, 'session', 'sessions')}</span>}
                  {last && latest !== null && (
                    <span className="sim-cluster-server-latest">
                      latest: #{latest.exchange} {latest.browser}
                    </span>
                  )}
                </li>
              )
            })}
          </ul>
        </li>
        {shared && (
          <li className="sim-cluster-hop sim-cluster-store-hop">
            <span className="sim-cluster-hop-name">Shared store</span>
            <span className="sim-cluster-hop-note">{plural(held.get('shared') ?? 0, 'session', 'sessions')}, whichever server saved them</span>
          </li>
        )}
      </ol>
    </div>
  )
}

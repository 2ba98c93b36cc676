import { useId } from 'react'
import type { HarImport } from '../../sim/index.ts'
import { describeAgent } from '../sim/BrowserCard.tsx'
import './har.css'

/** Where a client's address comes from: the file (and the others it moves to), or the reader, who changed it. */
function addressNote(fromFile: readonly string[], shown: string): string {
  const first = fromFile[0]
  if (first === undefined) return 'the file has none: assigned'
  const later = fromFile.length > 1 ? `, then ${fromFile.slice(1).join(', ')}` : ''
  return shown === first ? `from the file${later}` : `yours; the file says ${first}${later}`
}

/**
 * The clients a HAR file was split into, one row each with the address its simulated browser will use, which the
 * reader can change (HAR files rarely carry the client's): a table captioned "Clients in <name>", in a scrolling box.
 */
export function HarClients({ name, file, ips, onIp }: { name: string; file: HarImport; ips: Readonly<Record<string, string>>; onIp: (client: string, ip: string) => void }) {
  const table = useId()
  return (
    <div className="har-table-wrap" tabIndex={0} role="region" aria-labelledby={table}>
      <table className="har-table" aria-labelledby={table}>
        <caption id={table}>Clients in {name}</caption>
        <thead>
          <tr>
            <th scope="col">Browser</th>
            <th scope="col">User-Agent</th>
            <th scope="col">Requests</th>
            <th scope="col">Address</th>
          </tr>
        </thead>
        <tbody>
          {file.clients.map((c) => (
            <tr key={c.name}>
              <th scope="row" className="mono">
                {c.name}
              </th>
              <td title={c.userAgent}>{describeAgent(c.userAgent)}</td>
              <td className="num">{c.requests}</td>
              <td>
                <input
                  className="mono har-ip"
                  aria-label={`Address of ${c.name}`}
                  value={ips[c.name] ?? ''}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(event) => onIp(c.name, event.target.value.trim())}
                />
                <span className="sim-muted har-ip-note">{addressNote(c.addresses, ips[c.name] ?? '')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

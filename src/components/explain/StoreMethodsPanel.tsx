import './explain.css'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import { ScrollTable } from '../ui/ScrollTable.tsx'
import { describeResult, type StoreCallLine, type StoreCallRecord } from '../../sim/index.ts'
import { sessionCookieOf } from './session-cookie.ts'
import { formatClock, shortHex } from '../ui/format.ts'
import { latestStoreCallStanding } from './read-trace.ts'

type Row = { method: string; signature: string; kind: 'required' | 'optional' | 'inherited'; middleware: string }

const METHODS: readonly Row[] = [
  { method: 'get', signature: 'get(hash, callback)', kind: 'required', middleware: 'on every request that brings a cookie' },
  { method: 'set', signature: 'set(hash, data, callback)', kind: 'required', middleware: 'when the response head is written' },
  { method: 'clear', signature: 'clear(callback)', kind: 'optional', middleware: 'never' },
  { method: 'all', signature: 'all(callback)', kind: 'optional', middleware: 'never' },
  { method: 'length', signature: 'length(callback)', kind: 'optional', middleware: 'never' },
  { method: 'destroy', signature: 'destroy(hash, callback)', kind: 'inherited', middleware: 'req.session.destroy(), and inside regenerate' },
  { method: 'regenerate', signature: 'regenerate(req, callback)', kind: 'inherited', middleware: 'req.session.regenerate()' },
]

function resultText(record: StoreCallRecord): string {
  const r = record.result
  const call = r.method === 'destroy' ? `destroy('${shortHex(r.key)}')` : `${r.method}()`
  if (r.method === 'all') {
    const list = r.sessions.map((s) => JSON.stringify(s)).join(', ')
    return `${call} → callback(null, [${list}])`
  }
  return `${call} → ${describeResult(record.result)}`
}

/**
 * The Store section's panel: every Store method with who calls it, buttons to call the optional and inherited ones,
 * the result of the last call, and a live log of the calls made on the store (the middleware's, the reader's and
 * the reaper's, as the store recorded them).
 */
export function StoreMethodsPanel() {
  const trace = useSimulation((s) => s.trace)
  const sessions = useSimulation((s) => s.view.sessions)
  const browsers = useSimulation((s) => s.view.browsers)
  const actions = useSimulation((s) => s.actions)
  const { lines, counts } = useSimulation((s) => s.storeCalls)
  const call = actions.storeCall
  const last = useMemo(() => latestStoreCallStanding(trace), [trace])
  const logRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // Newest last: keep the latest call in view as the log grows, as a terminal would.
    const box = logRef.current
    if (box !== null) box.scrollTop = box.scrollHeight
  }, [lines])
  const [key, setKey] = useState('')
  const [who, setWho] = useState('')
  const keyId = useId()
  const whoId = useId()
  const chosenKey = sessions.some((s) => s.key === key) ? key : (sessions[0]?.key ?? '')
  const chosenBrowser = browsers.some((b) => b.name === who) ? who : (browsers.find((b) => sessionCookieOf(b) !== null)?.name ?? browsers[0]?.name ?? '')

  return (
    <div className="store-methods" role="group" aria-label="Store methods">
      <ScrollTable className="mini-table">
          <caption>Store methods, and how often they have been called here</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Kind</th>
              <th scope="col">Called by the middleware</th>
              <th scope="col">Calls</th>
            </tr>
          </thead>
          <tbody>
            {METHODS.map((m) => (
              <tr key={m.method}>
                <td>
                  <code>{m.signature}</code>
                </td>
                <td>
                  <span className={`badge badge-${m.kind}`}>{m.kind}</span>
                </td>
                <td>{m.middleware}</td>
                <td className="num">{counts[m.method as keyof typeof counts] ?? 0}</td>
              </tr>
            ))}
          </tbody>
      </ScrollTable>

      <div className="store-buttons">
        <div className="button-row button-row-tight">
          <button type="button" className="button button-small" onClick={() => call({ method: 'length' })}>
            length
          </button>
          <button type="button" className="button button-small" onClick={() => call({ method: 'all' })}>
            all
          </button>
          <button type="button" className="button button-small" onClick={() => call({ method: 'clear' })}>
            clear
          </button>
        </div>
        <div className="store-button-with-field">
          <div className="field">
            <label htmlFor={keyId}>Session to destroy</label>
            <select id={keyId} value={chosenKey} disabled={sessions.length === 0} onChange={(e) => setKey(e.target.value)}>
              {sessions.length === 0 ? <option value="">no sessions</option> : null}
              {sessions.map((s) => (
                <option key={s.key} value={s.key}>
                  key {shortHex(s.key)} (id {shortHex(s.id)})
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="button button-small" disabled={chosenKey === ''} onClick={() => call({ method: 'destroy', key: chosenKey })}>
            destroy
          </button>
        </div>
        <div className="store-button-with-field">
          <div className="field">
            <label htmlFor={whoId}>Browser whose session to regenerate</label>
            <select id={whoId} value={chosenBrowser} onChange={(e) => setWho(e.target.value)}>
              {browsers.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                  {sessionCookieOf(b) === null ? ' (no cookie yet)' : ''}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button-small"
            disabled={chosenBrowser === ''}
            onClick={() => void actions.send(chosenBrowser, { method: 'POST', path: `/login?regenerate=1&user=${encodeURIComponent(chosenBrowser)}` })}
          >
            regenerate
          </button>
        </div>
        <p className="field-hint">
          <code>regenerate</code> needs a request, so this button has the browser send <code>POST /login?regenerate=1</code>; the demo app calls{' '}
          <code>req.session.regenerate()</code>.
        </p>
      </div>

      <p className="store-result" role="status" aria-label="Last store call">
        {last === null ? (
          'Call a method to see what it calls back with.'
        ) : last.standing ? (
          <span className="mono">{resultText(last.record)}</span>
        ) : (
          'The store has changed since your last call, so its answer no longer holds. Call a method again.'
        )}
      </p>

      <p className="mini-label" aria-hidden="true">
        Calls on the store, newest last
      </p>
      <div className="store-log" role="log" aria-label="Store calls" tabIndex={0} ref={logRef}>
        <ol>
        {lines.length === 0 ? <li className="muted">No calls yet.</li> : null}
        {lines.map((l: StoreCallLine) => (
          <li key={l.id} className={`store-log-line method-${l.method}`}>
            <span className="store-log-time mono">{formatClock(l.time, { millis: true })}</span>
            <code className="store-log-call">
              {l.method}
              {l.key === null ? '()' : `('${shortHex(l.key)}')`}
            </code>
            <span className="store-log-outcome">{l.outcome}</span>
            <span className="store-log-caller">{l.caller}</span>
          </li>
        ))}
        </ol>
      </div>
    </div>
  )
}

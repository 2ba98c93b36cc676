import './sim.css'
import { memo, useId, useState } from 'react'
import { DEMO_PATHS, methodFor, type BrowserView, type ExchangeRecord, type PendingExchange, type TraceRecord } from '../../sim/index.ts'
import { pendingOf, useSimulation, useSimulationStore } from '../../state/index.ts'
import { CookieTable } from './CookieTable.tsx'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { TextField } from '../ui/fields.tsx'
import { formatClock, formatRelative } from '../ui/format.ts'
import { useAct } from '../ui/use-act.ts'

/** A short description of a User-Agent string for the card's title ("Firefox on Windows"). */
export function describeAgent(ua: string): string {
  if (ua.trim() === '') return 'no User-Agent'
  const product = /Firefox\/[\d.]+/.test(ua)
    ? 'Firefox'
    : /Chrome\//.test(ua)
      ? 'Chrome'
      : /Safari\//.test(ua)
        ? 'Safari'
        : /MSIE|Trident/.test(ua)
          ? 'Internet Explorer'
          : /curl\//i.test(ua)
            ? 'curl'
            : 'a browser'
  const os = /Windows/.test(ua) ? 'Windows' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'Mac OS X' : /Android/.test(ua) ? 'Android' : /Linux/.test(ua) ? 'Linux' : ''
  return os === '' ? product : `${product} on ${os}`
}

function lastExchangeOf(trace: readonly TraceRecord[], browser: string): ExchangeRecord | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange' && r.browser === browser) return r
  }
  return null
}

function CookieList({ browser, now, onClear }: { browser: BrowserView; now: number; onClear: () => void }) {
  return (
    <div className="sim-jar">
      <div className="sim-jar-head">
        <span className="sim-jar-label">Cookie jar</span>
        {browser.cookies.length === 0 ? (
          <span className="sim-muted">empty</span>
        ) : (
          <button type="button" className="sim-link-button" onClick={onClear}>
            Clear cookies
          </button>
        )}
      </div>
      {browser.cookies.length > 0 && (
        <ul aria-label={`Cookies of ${browser.name}`}>
          {browser.cookies.map((c) => (
            <li key={c.name} className="mono">
              <span className="sim-cookie-pair">
                {c.name}={c.value}
              </span>
              <span className="sim-muted"> · {c.expires === null ? 'until the browser closes' : `expires ${formatRelative(c.expires - now)}`}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function LastResponse({ record, pending, onInspect }: { record: ExchangeRecord | null; pending: PendingExchange | undefined; onInspect?: (exchange: number) => void }) {
  // A request sent after the last response is still in flight (store latency): it shows at once, as such.
  if (pending !== undefined && (record === null || pending.exchange > record.exchange)) {
    return (
      <p className="sim-response" data-exchange={pending.exchange}>
        <span className="sim-muted">
          {formatClock(pending.sentAt)} {pending.request.method} {pending.request.path} →{' '}
        </span>
        <span className="sim-status-flight">in flight</span>
      </p>
    )
  }
  if (record === null) return <p className="sim-response sim-muted">No request sent yet.</p>
  const ok = record.response.status < 400
  const content = (
    <>
      <span className="sim-muted">
        {formatClock(record.sentAt)} {record.request.method} {record.request.path} →{' '}
      </span>
      <span className={ok ? 'sim-status-ok' : 'sim-status-bad'}>{record.response.status === 0 ? 'in flight' : record.response.status}</span>{' '}
      <span className="mono">{record.response.body}</span>
      {record.newSession && <span className="sim-badge sim-badge-new">new session</span>}
    </>
  )
  if (onInspect === undefined) {
    return (
      <p className="sim-response" data-exchange={record.exchange}>
        {content}
      </p>
    )
  }
  return (
    <p className="sim-response" data-exchange={record.exchange}>
      <button type="button" className="sim-response-button" aria-label={`Inspect the last request: ${record.request.method} ${record.request.path} → ${record.response.status}`} onClick={() => onInspect(record.exchange)}>
        {content}
      </button>
    </p>
  )
}

/**
 * One simulated browser: its User-Agent and IP address (edits apply on Enter or leaving the field), its cookie
 * jar, a form to send a request, copying its cookie into another browser and clearing its cookies. `cookieTable`
 * shows the jar as DevTools' editable cookie table; `inspectable` makes the last request open the Inspector.
 */
export const BrowserCard = memo(function BrowserCard({ name, onRemove, cookieTable = false, inspectable = false }: { name: string; onRemove?: () => void; cookieTable?: boolean; inspectable?: boolean }) {
  const browser = useSimulation((s) => s.view.browsers.find((b) => b.name === name))
  const others = useSimulation((s) => s.view.browsers.map((b) => b.name).filter((n) => n !== name).join('\n'))
  const now = useSimulation((s) => s.view.now)
  const last = useSimulation((s) => lastExchangeOf(s.trace, name))
  const pending = useSimulation((s) => pendingOf(s.view.pending, name))
  const store = useSimulationStore()
  const act = useAct()
  const headingId = useId()
  const pathId = useId()
  const methodId = useId()
  const listId = useId()
  const copyId = useId()
  const [method, setMethod] = useState<'GET' | 'POST'>('GET')
  const [path, setPath] = useState('/')
  const [copyTo, setCopyTo] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  if (browser === undefined) return null
  const otherNames = others === '' ? [] : others.split('\n')
  const target = otherNames.includes(copyTo) ? copyTo : (otherNames[0] ?? '')

  const send = () => {
    const spec = { method, path: path.trim() === '' ? '/' : path.trim() }
    // The refusal (a bad path, say) is known at once; the response arrives through the trace.
    setMessage(act((a) => void a.send(name, spec)))
  }

  return (
    <section className="sim-browser" role="group" aria-labelledby={headingId}>
      <header className="sim-browser-head">
        <p id={headingId} className="sim-browser-name">
          <span className="sim-browser-dot" aria-hidden="true" />
          {name}
          <span className="sim-browser-kind">{describeAgent(browser.userAgent)}</span>
        </p>
        {onRemove !== undefined && (
          <button type="button" className="sim-link-button" onClick={onRemove} aria-label={`Remove browser ${name}`}>
            Remove
          </button>
        )}
      </header>
      <form
        className="sim-send"
        onSubmit={(event) => {
          event.preventDefault()
          send()
        }}
      >
        <label htmlFor={methodId} className="visually-hidden">
          Method
        </label>
        <select id={methodId} value={method} onChange={(event) => setMethod(event.target.value as 'GET' | 'POST')}>
          <option>GET</option>
          <option>POST</option>
        </select>
        <label htmlFor={pathId} className="visually-hidden">
          Path
        </label>
        <input
          id={pathId}
          className="mono"
          list={listId}
          value={path}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            const next = event.target.value
            // The method follows the path when the path asks for another one (/login and /logout are POSTs); a method
            // picked by hand stays while the path keeps asking for the same.
            if (methodFor(next) !== methodFor(path)) setMethod(methodFor(next))
            setPath(next)
          }}
        />
        <datalist id={listId}>
          {DEMO_PATHS.map((p) => (
            <option key={p} value={p.replace('{name}', name)} />
          ))}
        </datalist>
        <button type="submit" className="button button-primary">
          Send request
        </button>
      </form>
      <ErrorNote message={message} />
      <LastResponse record={last} pending={pending} onInspect={inspectable ? (exchange) => store.getState().actions.inspect({ kind: 'exchange', exchange }) : undefined} />
      <div className="sim-browser-fields">
        <TextField label="IP address" value={browser.ip} onCommit={(ip) => act((a) => a.setIp(name, ip))} />
        <TextField label="User-Agent" value={browser.userAgent} onCommit={(ua) => act((a) => a.setUserAgent(name, ua))} />
      </div>
      <div className="sim-jar-block">
        {cookieTable ? (
          <CookieTable browser={browser} now={now} onSet={(cookie, value) => act((a) => a.setCookie(name, cookie, value))} onClear={() => setMessage(act((a) => a.clearCookies(name)))} />
        ) : (
          <CookieList browser={browser} now={now} onClear={() => setMessage(act((a) => a.clearCookies(name)))} />
        )}
        {otherNames.length > 0 && browser.cookies.length > 0 && (
          <div className="sim-copy">
            <label htmlFor={copyId} className="visually-hidden">
              Browser to copy the cookie into
            </label>
            <select id={copyId} value={target} onChange={(event) => setCopyTo(event.target.value)}>
              {otherNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button type="button" className="button sim-small-button" onClick={() => setMessage(act((a) => a.stealCookie(name, target)))}>
              Copy cookie to {target}
            </button>
          </div>
        )}
      </div>
    </section>
  )
})

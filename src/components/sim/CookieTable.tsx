import './sim.css'
import { useId, useMemo, useState } from 'react'
import { COOKIE_NAME } from '../../connect/index.ts'
import type { BrowserView, Cookie } from '../../sim/index.ts'
import { setCookieOrigin, useSimulation } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { DraftInput } from '../ui/fields.tsx'
import { formatClock, formatRelative } from '../ui/format.ts'

/** A cookie's value as an editable field: the edit applies on Enter or leaving the field, Escape drops it. */
function ValueField({ cookie, browser, onCommit }: { cookie: Cookie; browser: string; onCommit: (value: string) => string | null }) {
  return (
    <DraftInput
      className="mono sim-cookie-value"
      aria-label={`Value of ${cookie.name}`}
      title={`The value ${browser} sends; edit it to send another (Enter applies, Escape cancels)`}
      value={cookie.value}
      onCommit={onCommit}
    />
  )
}

/**
 * A browser's cookie jar as DevTools' cookie table shows it: name, value (editable: forging an id is this one field),
 * Path, Expires, HttpOnly and the raw Set-Cookie the value came from, with a filter by name or value. A value written
 * here is the setCookie action, so it is in the history, links and exports.
 */
export function CookieTable({ browser, now, onSet, onClear }: { browser: BrowserView; now: number; onSet: (name: string, value: string) => string | null; onClear: () => void }) {
  const trace = useSimulation((s) => s.trace)
  const [filter, setFilter] = useState('')
  const filterId = useId()
  const cookies = browser.cookies
  const origins = useMemo(() => new Map(cookies.map((c) => [`${c.name}\0${c.path}`, setCookieOrigin(trace, browser.name, c)])), [cookies, trace, browser.name])
  const needle = filter.trim().toLowerCase()
  const shown = needle === '' ? cookies : cookies.filter((c) => c.name.toLowerCase().includes(needle) || c.value.toLowerCase().includes(needle))
  const hasSession = cookies.some((c) => c.name === COOKIE_NAME)
  return (
    <div className="sim-jar">
      <div className="sim-jar-head">
        <span className="sim-jar-label">Cookie jar</span>
        {cookies.length > 1 && (
          <>
            <label htmlFor={filterId} className="visually-hidden">
              Filter cookies of {browser.name}
            </label>
            <input id={filterId} className="sim-jar-filter" type="search" placeholder="Filter" value={filter} onChange={(event) => setFilter(event.target.value)} />
          </>
        )}
        {cookies.length === 0 ? (
          <span className="sim-muted">empty</span>
        ) : (
          <button type="button" className="sim-link-button" onClick={onClear}>
            Clear cookies
          </button>
        )}
      </div>
      {cookies.length > 0 && (
        <div className="sim-jar-scroll">
          <table className="sim-jar-table" aria-label={`Cookies of ${browser.name}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Path</th>
                <th scope="col">Expires</th>
                <th scope="col">HttpOnly</th>
                <th scope="col">Set-Cookie</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => {
                const origin = origins.get(`${c.name}\0${c.path}`) ?? null
                return (
                  <tr key={`${c.name}\0${c.path}`}>
                    <th scope="row" className="mono">
                      {c.name}
                    </th>
                    <td>
                      <ValueField cookie={c} browser={browser.name} onCommit={(value) => onSet(c.name, value)} />
                    </td>
                    <td className="mono">{c.path}</td>
                    <td title={c.expires === null ? undefined : formatClock(c.expires)}>{c.expires === null ? 'Session' : formatRelative(c.expires - now)}</td>
                    <td>{c.httpOnly ? '✓' : <span className="sim-muted">—</span>}</td>
                    <td>{origin === null ? <span className="sim-muted">none: copied or set by hand</span> : <code className="sim-cookie-raw">{origin}</code>}</td>
                  </tr>
                )
              })}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={6} className="sim-muted">
                    No cookie matches the filter.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {!hasSession && <ForgeSession browser={browser.name} onSet={onSet} />}
    </div>
  )
}

/** With no session cookie in the jar, a field to write one by hand (a forged or planted id). */
function ForgeSession({ browser, onSet }: { browser: string; onSet: (name: string, value: string) => string | null }) {
  const id = useId()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      className="sim-forge"
      onSubmit={(event) => {
        event.preventDefault()
        const problem = onSet(COOKIE_NAME, value.trim())
        setError(problem)
        if (problem === null) setValue('')
      }}
    >
      <label htmlFor={id} className="sim-muted">
        Write a {COOKIE_NAME} for {browser}
      </label>
      <input id={id} className="mono" value={value} placeholder="session id" spellCheck={false} autoComplete="off" onChange={(event) => setValue(event.target.value)} />
      <button type="submit" className="button sim-small-button" disabled={value.trim() === ''}>
        Set cookie
      </button>
      <ErrorNote message={error} />
    </form>
  )
}

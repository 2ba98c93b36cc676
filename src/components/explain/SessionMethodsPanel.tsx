import './explain.css'
import { useId, useState } from 'react'
import { useSimulation, useSimulationStore } from '../../state/index.ts'
import { ScrollTable } from '../ui/ScrollTable.tsx'
import type { ExchangeRecord, SendSpec } from '../../sim/index.ts'
import { sessionCookieOf } from './session-cookie.ts'
import { formatClock, formatSinceStart, shortHex } from '../ui/format.ts'

type Method = 'touch' | 'destroy' | 'regenerate'

const REQUESTS: Record<Method, { spec: (browser: string) => SendSpec; how: string }> = {
  touch: { spec: () => ({ method: 'GET', path: '/' }), how: 'GET /: the middleware loads the session and calls touch()' },
  destroy: { spec: () => ({ method: 'POST', path: '/logout' }), how: 'POST /logout: the demo app calls req.session.destroy()' },
  regenerate: {
    spec: (browser) => ({ method: 'POST', path: `/login?regenerate=1&user=${encodeURIComponent(browser)}` }),
    how: 'POST /login?regenerate=1: the demo app calls req.session.regenerate()',
  },
}

interface Snapshot {
  readonly id: string | null
  readonly key: string | null
  readonly lastAccess: number | null
}

interface Outcome {
  readonly method: Method
  readonly browser: string
  readonly before: Snapshot
  readonly record: ExchangeRecord
}

/** What a method did, in words, from the decisions the library reported for the request that called it. */
function didWhat(o: Outcome): string {
  const steps = o.record.steps
  if (o.record.error !== null) return `The request failed: ${o.record.error.message}.`
  const lookup = steps.find((s) => s.type === 'lookup')
  if (lookup?.type === 'lookup' && lookup.result === 'miss') return 'The store had no session under this browser’s key, so the middleware started a new one instead.'
  if (lookup === undefined) return 'The browser had no session cookie, so the middleware started a new session.'
  switch (o.method) {
    case 'touch': {
      const touch = steps.find((s) => s.type === 'touch')
      return touch?.type === 'touch' ? 'Loaded and touched: lastAccess moved to now; the session was saved again and its cookie’s expiry pushed forward.' : 'The session was not touched.'
    }
    case 'destroy': {
      const d = steps.find((s) => s.type === 'destroy')
      const skipped = steps.some((s) => s.type === 'skip-commit')
      return d?.type === 'destroy'
        ? `Destroyed: callback(null, ${String(d.destroyed)}). ${skipped ? 'Nothing was saved and no Set-Cookie was sent; the browser keeps a cookie that no longer opens anything.' : ''}`
        : 'Nothing was destroyed.'
    }
    case 'regenerate': {
      const r = steps.find((s) => s.type === 'regenerate')
      return r?.type === 'regenerate' ? 'Regenerated: the old entry was removed and a new id, under a new key, was saved and sent in a Set-Cookie.' : 'Nothing was regenerated.'
    }
  }
}

function afterOf(o: Outcome): Snapshot {
  const r = o.record
  const touch = [...r.steps].reverse().find((s) => s.type === 'touch')
  const commit = r.steps.find((s) => s.type === 'commit')
  const lastAccess = commit?.type === 'commit' && typeof commit.data?.lastAccess === 'number' ? commit.data.lastAccess : touch?.type === 'touch' ? touch.lastAccess : null
  return { id: r.sessionId, key: r.sessionKey, lastAccess }
}

function SnapshotRow({ label, s }: { label: string; s: Snapshot }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="mono">{s.id === null ? '—' : shortHex(s.id)}</td>
      <td className="mono">{s.key === null ? '—' : shortHex(s.key)}</td>
      <td className="mono">{s.lastAccess === null ? '—' : formatClock(s.lastAccess, { millis: true })}</td>
    </tr>
  )
}

/**
 * The Session section's panel: pick a browser's session and call touch, destroy or regenerate on it (each through
 * the request that makes the demo app call it), then see its id, key and lastAccess before and after, and what the
 * library reported doing.
 */
export function SessionMethodsPanel() {
  const browsers = useSimulation((s) => s.view.browsers)
  const sessions = useSimulation((s) => s.view.sessions)
  const start = useSimulation((s) => s.view.startTime)
  const store = useSimulationStore()
  const [picked, setPicked] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const selectId = useId()
  const browser = browsers.some((b) => b.name === picked) ? picked : (browsers[0]?.name ?? '')
  const holder = browsers.find((b) => b.name === browser)
  const cookie = holder === undefined ? null : sessionCookieOf(holder)
  const row = cookie === null ? undefined : sessions.find((s) => s.id === cookie)

  const run = async (method: Method): Promise<void> => {
    const before: Snapshot = { id: row?.id ?? cookie, key: row?.key ?? null, lastAccess: row?.lastAccess ?? null }
    setBusy(true)
    const record = await store.getState().actions.send(browser, REQUESTS[method].spec(browser))
    setBusy(false)
    if (record !== null) setOutcome({ method, browser, before, record })
  }

  return (
    <div className="session-methods" role="group" aria-label="Session methods">
      <div className="session-pick">
        <div className="field">
          <label htmlFor={selectId}>Session of</label>
          <select id={selectId} value={browser} onChange={(e) => setPicked(e.target.value)}>
            {browsers.map((b) => {
              const c = sessionCookieOf(b)
              return (
                <option key={b.name} value={b.name}>
                  {b.name}: {c === null ? 'no session yet' : `id ${shortHex(c)}`}
                </option>
              )
            })}
          </select>
        </div>
        <p className="field-hint">
          {row !== undefined
            ? `In the store under ${shortHex(row.key)}, last access ${formatClock(row.lastAccess, { millis: true })} (${formatSinceStart(row.lastAccess, start)}).`
            : cookie !== null
              ? 'The browser holds a cookie, but the store has no session for it any more.'
              : 'No session yet: any button starts one.'}
        </p>
      </div>
      <div className="button-row button-row-tight">
        {(Object.keys(REQUESTS) as Method[]).map((m) => (
          <button key={m} type="button" className="button button-small" disabled={busy || browser === ''} onClick={() => void run(m)} title={REQUESTS[m].how}>
            {m}()
          </button>
        ))}
      </div>
      <div className="session-outcome" aria-live="polite">
        {outcome === null ? (
          <p className="muted">Each button sends the request that makes the demo app call that method, then shows what changed.</p>
        ) : (
          <>
            <p>
              <strong>
                {outcome.method}() on {outcome.browser}’s session
              </strong>{' '}
              — {REQUESTS[outcome.method].how}. {didWhat(outcome)}
            </p>
            <ScrollTable className="mini-table">
              <caption className="visually-hidden">The session before and after {outcome.method}()</caption>
              <thead>
                <tr>
                  <td />
                  <th scope="col">id</th>
                  <th scope="col">key</th>
                  <th scope="col">lastAccess</th>
                </tr>
              </thead>
              <tbody>
                <SnapshotRow label="before" s={outcome.before} />
                <SnapshotRow label="after" s={afterOf(outcome)} />
              </tbody>
            </ScrollTable>
          </>
        )}
      </div>
    </div>
  )
}

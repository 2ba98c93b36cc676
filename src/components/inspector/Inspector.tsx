import './inspector.css'
import { useId, type ReactNode } from 'react'
import type { ExchangeRecord, SessionView, Step } from '../../sim/index.ts'
import { offeredFingerprint, savedFingerprint } from '../../state/index.ts'
import { DecisionTrace } from '../explain/DecisionTrace.tsx'
import { formatClock, shortHex } from '../ui/format.ts'

/** What the Inspector shows: plain data, so any widget (the playground, a comparison, a cluster) can hand it some. */
export interface InspectorProps {
  /** The request to show: its decision trace, fingerprint and Set-Cookie. */
  readonly record?: ExchangeRecord | null
  /** The session id the request's cookie named (null: it sent none). */
  readonly cookieId?: string | null
  /** The exchange that last saved the session the cookie named: its fingerprint inputs are the saved ones. */
  readonly saved?: ExchangeRecord | null
  /** The session as the store holds it. */
  readonly session?: SessionView | null
  /** The browsers whose jar holds the session's id. */
  readonly holders?: readonly string[]
  /** Why something asked for is not shown (gone from the store or the trace). */
  readonly missing?: string | null
  /** Shown when nothing is inspected yet. */
  readonly empty?: ReactNode
  /** Closes the inspector (a Close button appears when given). */
  readonly onClose?: () => void
  /** The heading level of the Inspector's title (its sections are one below). */
  readonly level?: 2 | 3
}

/** The request's fingerprint inputs beside those the named session was saved under, input by input. */
function FingerprintCompare({ record, cookieId, saved, h }: { record: ExchangeRecord; cookieId: string | null; saved: ExchangeRecord | null; h: 'h3' | 'h4' }) {
  const H = h
  const now = offeredFingerprint(record)
  const then = saved === null ? null : savedFingerprint(saved)
  let body: ReactNode
  if (cookieId === null) body = <p className="insp-note">The request sent no session cookie, so there was no saved session to compare it with.</p>
  else if (now === null) body = <p className="insp-note">No fingerprint was computed for this request (the middleware stopped before it).</p>
  else if (now.inputs === null || (then !== null && then.inputs === null)) {
    body = (
      <p className="insp-note">
        This fingerprint does not name its inputs (a custom function). Keys: <code>{shortHex(now.key, 12)}</code> now
        {then !== null && (
          <>
            , <code>{shortHex(then.key, 12)}</code> when saved
          </>
        )}
        .
      </p>
    )
  } else {
    const names = [...new Set([...Object.keys(now.inputs), ...Object.keys(then?.inputs ?? {})])]
    const same = then !== null && then.key === now.key
    body = (
      <>
        <table className="insp-table" aria-label="Fingerprint inputs compared">
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col">This request</th>
              <th scope="col">{saved === null ? 'Saved session' : `Saved by #${saved.exchange} (${saved.browser})`}</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const a = now.inputs?.[name] ?? ''
              const b = then?.inputs?.[name]
              const differs = b !== undefined && a !== b
              return (
                <tr key={name} className={differs ? 'insp-differs' : undefined}>
                  <th scope="row">{name}</th>
                  <td>
                    <code>{a === '' ? '(empty)' : a}</code>
                  </td>
                  <td>
                    {b === undefined ? <span className="insp-muted">—</span> : <code>{b === '' ? '(empty)' : b}</code>}
                    {differs && <span className="insp-flag"> differs</span>}
                  </td>
                </tr>
              )
            })}
            <tr>
              <th scope="row">store key</th>
              <td>
                <code>{shortHex(now.key, 12)}</code>
              </td>
              <td>{then === null ? <span className="insp-muted">—</span> : <code>{shortHex(then.key, 12)}</code>}</td>
            </tr>
          </tbody>
        </table>
        <p className="insp-note">
          {then === null
            ? `No save of session ${shortHex(cookieId)} is left in the trace to compare with: the id may be forged, or the save is older than the trace keeps.`
            : same
              ? 'Every input matches, so the key is the same: the store finds the saved session.'
              : 'An input differs, so the key differs: the store finds nothing under it, and the request gets a new session.'}
        </p>
      </>
    )
  }
  return (
    <section className="insp-section">
      <H className="insp-heading">Fingerprint inputs against the saved session's</H>
      {body}
    </section>
  )
}

function SetCookieSent({ record, h }: { record: ExchangeRecord; h: 'h3' | 'h4' }) {
  const H = h
  const commit = record.steps.find((s): s is Extract<Step, { type: 'commit' }> => s.type === 'commit')
  return (
    <section className="insp-section">
      <H className="insp-heading">Set-Cookie sent</H>
      {record.response.setCookie.length === 0 ? (
        <p className="insp-note">{commit?.withheld === 'insecure-connection' ? 'None: the cookie is Secure and the connection was not.' : 'None: the response set no cookie.'}</p>
      ) : (
        <ul className="insp-list">
          {record.response.setCookie.map((h, i) => (
            <li key={i}>
              <code className="insp-raw">{h}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function SessionData({ session, holders, h }: { session: SessionView; holders: readonly string[]; h: 'h3' | 'h4' }) {
  const H = h
  return (
    <section className="insp-section">
      <H className="insp-heading">The session's data</H>
      <dl className="insp-facts">
        <dt>Session id</dt>
        <dd>
          <code>{session.id}</code>
        </dd>
        <dt>Fingerprint (store key)</dt>
        <dd>
          <code>{session.key}</code>
        </dd>
        <dt>Last access</dt>
        <dd>{formatClock(session.lastAccess)}</dd>
        <dt>Cookie held by</dt>
        <dd>{holders.length === 0 ? 'no browser' : holders.join(', ')}</dd>
      </dl>
      <pre className="insp-json" aria-label="Stored data" tabIndex={0}>
        {JSON.stringify(session.data, null, 2)}
      </pre>
    </section>
  )
}

/**
 * Everything about one request or one stored session: the decision trace, the fingerprint inputs against those the
 * named session was saved under, the Set-Cookie sent, and the session's data with the browsers holding its cookie.
 * A region named "Inspector" (the UI contract); it reads nothing but its props.
 */
export function Inspector({ record = null, cookieId = null, saved = null, session = null, holders = [], missing = null, empty, onClose, level = 2 }: InspectorProps) {
  const titleId = useId()
  const H = level === 2 ? 'h2' : 'h3'
  const h = level === 2 ? 'h3' : 'h4'
  const subject =
    record !== null ? `Request #${record.exchange}: ${record.browser} ${record.request.method} ${record.request.path} → ${record.response.status}` : session !== null ? `Session ${shortHex(session.id)}` : null
  return (
    <section className="insp" role="region" aria-labelledby={titleId}>
      <header className="insp-head">
        <H id={titleId} className="insp-title">
          Inspector
        </H>
        {onClose !== undefined && (record !== null || session !== null || missing !== null) && (
          <button type="button" className="button sim-small-button" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      {subject !== null && <p className="insp-subject">{subject}{record !== null && <span className="insp-muted"> · {formatClock(record.sentAt)}</span>}</p>}
      {missing !== null && <p className="insp-note insp-missing">{missing}</p>}
      {record === null && session === null && missing === null && <div className="insp-empty">{empty ?? <p className="insp-note">Nothing to inspect yet.</p>}</div>}
      {record !== null && (
        <section className="insp-section">
          {h === 'h3' ? <h3 className="insp-heading">Decision trace</h3> : <h4 className="insp-heading">Decision trace</h4>}
          <DecisionTrace record={record} />
        </section>
      )}
      {record !== null && <FingerprintCompare record={record} cookieId={cookieId} saved={saved} h={h} />}
      {record !== null && <SetCookieSent record={record} h={h} />}
      {session !== null && <SessionData session={session} holders={holders} h={h} />}
    </section>
  )
}

import './explain.css'
import { useId, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import type { ExchangeRecord, Step } from '../../sim/index.ts'
import { exchangesOf } from './read-trace.ts'
import { formatClock, shortHex } from '../ui/format.ts'

/** The colour family of a decision: the three verbs, plus new sessions and failures. */
type Tone = 'fingerprint' | 'touch' | 'reap' | 'new' | 'plain'

interface Line {
  readonly tone: Tone
  readonly label: string
  readonly detail: string
}

const REASONS = { 'no-cookie': 'no cookie was sent', 'store-miss': 'the store had no session under that key', regenerate: 'the application asked to regenerate' } as const

/** Puts one library decision into words; nothing is inferred beyond what the step says. */
function lineOf(step: Step): Line {
  switch (step.type) {
    case 'fingerprint':
      return { tone: 'fingerprint', label: 'fingerprint', detail: `id ${shortHex(step.id)} → key ${shortHex(step.key)}` }
    case 'lookup':
      return step.result === 'hit'
        ? { tone: 'touch', label: 'store hit', detail: `get(${shortHex(step.key)}) found a session` }
        : { tone: 'reap', label: 'store miss', detail: `get(${shortHex(step.key)}) found nothing` }
    case 'generate':
      return { tone: 'new', label: 'new session', detail: `id ${shortHex(step.id)}, because ${REASONS[step.reason]}` }
    case 'load':
      return { tone: 'touch', label: 'loaded', detail: `the stored data became req.session (id ${shortHex(step.id)})` }
    case 'touch':
      return { tone: 'touch', label: 'touched', detail: 'lastAccess set to now' }
    case 'commit':
      return step.setCookie === null
        ? { tone: 'plain', label: 'saved', detail: `under ${shortHex(step.key)}; no Set-Cookie (${step.withheld ?? 'withheld'})` }
        : { tone: 'new', label: 'Set-Cookie', detail: `saved under ${shortHex(step.key)}; ${step.setCookie.split(';')[0]}` }
    case 'skip-commit':
      return { tone: 'reap', label: 'not saved', detail: 'the session was destroyed, so nothing is saved and no Set-Cookie is sent' }
    case 'destroy':
      return { tone: 'reap', label: 'destroyed', detail: `set(${shortHex(step.key)}, null): ${step.destroyed ? 'removed' : 'nothing was there'}` }
    case 'regenerate':
      return { tone: 'new', label: 'regenerated', detail: `${step.oldId === null ? 'no session' : shortHex(step.oldId)} → ${shortHex(step.id)}` }
    case 'error':
      return { tone: 'reap', label: 'error', detail: `${step.name}: ${step.message} (while ${step.stage === 'decode' ? 'reading cookies' : step.stage})` }
  }
}

/** The first line: what the browser offered. */
function cookieLine(record: ExchangeRecord): Line {
  const sid = record.request.cookie?.match(/(?:^|;\s*)connect\.sid=([^;]*)/)?.[1]
  return sid === undefined
    ? { tone: 'plain', label: 'no cookie', detail: 'the browser had no connect.sid to send' }
    : { tone: 'plain', label: 'cookie sent', detail: `connect.sid=${shortHex(sid)}` }
}

/** Saved data in a line: long ids shortened, lastAccess as a clock time. */
function dataText(data: Readonly<Record<string, unknown>>): string {
  return Object.entries(data)
    .map(([k, v]) => `${k}: ${k === 'lastAccess' && typeof v === 'number' ? formatClock(v, { millis: true }) : typeof v === 'string' ? JSON.stringify(shortHex(v)) : JSON.stringify(v)}`)
    .join(', ')
}

function storeChanges(record: ExchangeRecord): string[] {
  const out: string[] = []
  for (const s of record.steps) {
    if (s.type === 'commit') out.push(`set ${shortHex(s.key)} ← { ${s.data === null ? '…' : dataText(s.data)} }`)
    if (s.type === 'destroy' && s.destroyed) out.push(`removed ${shortHex(s.key)}`)
  }
  return out
}

/**
 * One request's decision chain, from the trace: what the browser sent, each decision the middleware announced (in
 * order, coloured by verb) and what changed in the store, as three separate labelled steps. The latest request is
 * shown unless the reader picks another.
 */
export function DecisionTrace({ browser }: { browser?: string }) {
  const trace = useSimulation((s) => s.trace)
  const all = exchangesOf(trace, browser)
  const [picked, setPicked] = useState<number | null>(null)
  const selectId = useId()
  const record = (picked === null ? undefined : all.find((r) => r.exchange === picked)) ?? all.at(-1) ?? null
  if (record === null) {
    return (
      <div className="decision-trace" role="group" aria-label="Decision trace">
        <p className="muted">Send a request to see each decision the middleware makes about it.</p>
      </div>
    )
  }
  const decisions = [cookieLine(record), ...record.steps.map(lineOf)]
  const changes = storeChanges(record)
  return (
    <div className="decision-trace" role="group" aria-label="Decision trace">
      <div className="field decision-pick">
        <label htmlFor={selectId}>Request</label>
        <select id={selectId} value={record.exchange} onChange={(e) => setPicked(e.target.value === String(all.at(-1)?.exchange) ? null : Number(e.target.value))}>
          {all
            .slice(-30)
            .reverse()
            .map((r, i) => (
              <option key={r.exchange} value={r.exchange}>
                #{r.exchange} {r.browser} {r.request.method} {r.request.path} → {r.response.status}
                {i === 0 ? ' (latest)' : ''}
              </option>
            ))}
        </select>
      </div>
      <ol className="decision-phases">
        <li className="decision-phase">
          <h4 className="decision-phase-title">The browser sends</h4>
          <p className="mono decision-request">
            {record.request.method} {record.request.path}
          </p>
          <p className="decision-detail">
            from {record.request.ip}, Cookie: <span className="mono">{record.request.cookie ?? '(none)'}</span>
          </p>
        </li>
        <li className="decision-phase">
          <h4 className="decision-phase-title">The middleware decides</h4>
          <ol className="decision-steps">
            {decisions.map((line, i) => (
              <li key={i} className={`decision-step tone-${line.tone}`}>
                <span className="decision-label">{line.label}</span>
                <span className="decision-detail">{line.detail}</span>
              </li>
            ))}
          </ol>
        </li>
        <li className="decision-phase">
          <h4 className="decision-phase-title">The store changes</h4>
          {changes.length === 0 ? (
            <p className="decision-detail">Nothing was saved or removed.</p>
          ) : (
            <ul className="decision-changes">
              {changes.map((c, i) => (
                <li key={i} className="mono">
                  {c}
                </li>
              ))}
            </ul>
          )}
          <p className="decision-detail">
            Response: <span className="mono">{record.response.status}</span> {record.response.body.split('\n')[0]}
          </p>
        </li>
      </ol>
    </div>
  )
}

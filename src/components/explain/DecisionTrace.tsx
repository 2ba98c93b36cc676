import './explain.css'
import { useId, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import type { ExchangeRecord, Step } from '../../sim/index.ts'
import { exchangesOf } from './read-trace.ts'
import { formatClock, shortHex } from '../ui/format.ts'
import { stepWords, type StepWords } from '../ui/step-words.ts'

type Line = Pick<StepWords, 'tone' | 'label' | 'detail'>

/** The first line: what the browser offered. */
function cookieLine(record: ExchangeRecord): Line {
  const sid = record.request.cookie?.match(/(?:^|;\s*)connect\.sid=([^;]*)/)?.[1]
  return sid === undefined
    ? { tone: 'plain', label: 'no cookie', detail: 'the browser had no connect.sid to send' }
    : { tone: 'plain', label: 'cookie sent', detail: `connect.sid=${shortHex(sid)}` }
}

/**
 * In a cluster, the fingerprint's line also names the address it was computed from: behind a proxy that is the
 * proxy's, unless its X-Forwarded-For is trusted.
 */
function withAddress(line: StepWords, step: Step, record: ExchangeRecord): Line {
  if (record.server === undefined || step.type !== 'fingerprint' || step.inputs?.remoteAddress === undefined) return line
  return { ...line, detail: `${line.detail}, from address ${step.inputs.remoteAddress}` }
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

/** The heading level of the three phases' titles: one below the heading the trace sits under. */
export type PhaseLevel = 3 | 4 | 5

/**
 * One request's decision chain, from the trace: what the browser sent, each decision the middleware announced (in
 * order, coloured by verb) and what changed in the store, as three separate labelled steps. The latest request is
 * shown unless the reader picks another; given a `record`, that request alone (plain data, no simulation needed).
 * `level` fits the phases' titles into the page's outline (4 unless told: under an h3).
 */
export function DecisionTrace({ browser, record, sharedStore, level = 4 }: { browser?: string; record?: ExchangeRecord; sharedStore?: boolean; level?: PhaseLevel }) {
  if (record !== undefined) return <DecisionPhases record={record} sharedStore={sharedStore} level={level} />
  return <LiveDecisionTrace browser={browser} level={level} />
}

function LiveDecisionTrace({ browser, level }: { browser?: string; level: PhaseLevel }) {
  const trace = useSimulation((s) => s.trace)
  const sharedStore = useSimulation((s) => s.view.config.cluster.store === 'shared')
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
                #{r.exchange} {r.browser} {r.request.method} {r.request.path} → {r.server === undefined ? '' : `${r.server} · `}
                {r.response.status}
                {i === 0 ? ' (latest)' : ''}
              </option>
            ))}
        </select>
      </div>
      <ExchangeDecisions record={record} sharedStore={sharedStore} level={level} />
    </div>
  )
}

/** One given request's three phases, in a group of its own. */
function DecisionPhases({ record, sharedStore, level }: { record: ExchangeRecord; sharedStore: boolean | undefined; level: PhaseLevel }) {
  return (
    <div className="decision-trace" role="group" aria-label="Decision trace">
      <ExchangeDecisions record={record} sharedStore={sharedStore} level={level} />
    </div>
  )
}

/**
 * One exchange's three steps (the browser sends, the middleware decides, the store changes), from its record; in a
 * cluster the middleware's step names the server, and the store's step whose store (or the shared one) changed;
 * without `sharedStore` the store's step does not say which store it was.
 */
export function ExchangeDecisions({ record, sharedStore, level = 4 }: { record: ExchangeRecord; sharedStore?: boolean; level?: PhaseLevel }) {
  const H = `h${level}` as const
  const decisions = [cookieLine(record), ...record.steps.map((step) => withAddress(stepWords(step), step, record))]
  const changes = storeChanges(record)
  return (
    <ol className="decision-phases">
      <li className="decision-phase">
        <H className="decision-phase-title">The browser sends</H>
        <p className="mono decision-request">
          {record.request.method} {record.request.path}
        </p>
        <p className="decision-detail">
          from {record.request.ip}, Cookie: <span className="mono">{record.request.cookie ?? '(none)'}</span>
        </p>
      </li>
      <li className="decision-phase">
        <H className="decision-phase-title">The middleware decides{record.server === undefined ? '' : ` on ${record.server}`}</H>
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
        <H className="decision-phase-title">
          {record.server === undefined || sharedStore === undefined ? 'The store changes' : sharedStore ? 'The shared store changes' : `${record.server}'s store changes`}
        </H>
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
  )
}

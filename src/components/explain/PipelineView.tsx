import './explain.css'
import '../ui/ui.css'
import { useId, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import type { ExchangeRecord, StackOrder } from '../../sim/index.ts'
import { latestExchange } from './read-trace.ts'

export type Layer = 'decoder' | 'session' | 'app' | 'errors'

const ORDER_LABELS: Record<StackOrder, string> = {
  'decoder-first': 'cookieDecoder above session (as the NOTE says)',
  'decoder-after': 'cookieDecoder below session',
  'decoder-missing': 'cookieDecoder missing',
}

function layersOf(order: StackOrder): Layer[] {
  if (order === 'decoder-first') return ['decoder', 'session', 'app', 'errors']
  if (order === 'decoder-after') return ['session', 'decoder', 'app', 'errors']
  return ['session', 'app', 'errors']
}

function codeOf(layer: Layer, reapInterval: number): string {
  switch (layer) {
    case 'decoder':
      return 'cookieDecoder(),'
    case 'session':
      return `session({ store: new MemoryStore({ reapInterval: ${reapInterval === 600_000 ? '60000 * 10' : reapInterval} }) }),`
    case 'app':
      return 'app,'
    case 'errors':
      return 'errorPage,'
  }
}

const LAYER_NOTES: Record<Layer, string> = {
  decoder: 'parses the Cookie header into req.cookies',
  session: 'finds or starts req.session',
  app: 'counts views, logs in and out',
  errors: 'turns an error into a 500',
}

/**
 * Where the latest request went, from its trace: which layers it passed through, which one raised an error (if one
 * did) and which one answered. The session layer is reached when the library reported anything; an error it reported
 * is raised there and sends the request to the error page; a 500 from further down was raised by the application.
 */
export function pathOf(record: ExchangeRecord, layers: readonly Layer[]): { visited: Set<Layer>; answered: Layer; failed: Layer | null } {
  const visited = new Set<Layer>()
  const sessionFailed = record.error !== null
  for (const layer of layers) {
    visited.add(layer)
    if (layer === 'session' && sessionFailed) {
      visited.add('errors')
      return { visited, answered: 'errors', failed: 'session' }
    }
    if (layer === 'app') {
      if (record.response.status >= 500) {
        visited.add('errors')
        return { visited, answered: 'errors', failed: 'app' }
      }
      return { visited, answered: 'app', failed: null }
    }
  }
  return { visited, answered: 'errors', failed: null }
}

/** What a layer's badge says about the latest request. */
export function layerState(layer: Layer, path: { visited: Set<Layer>; answered: Layer; failed: Layer | null } | null): string {
  if (path === null) return ''
  if (path.failed === layer) return 'failed'
  if (path.answered === layer) return 'answered'
  return path.visited.has(layer) ? 'passed' : 'not reached'
}

/**
 * The live stack `createServer(cookieDecoder(), session({ store }), app)` drawn as layers, the layers the latest
 * request went through lit and the one that answered marked; a switch moves cookieDecoder below session or takes it
 * out, and the error the library then reports is shown as it happened.
 */
export function PipelineView({ browser }: { browser?: string }) {
  const order = useSimulation((s) => s.view.config.stackOrder)
  const reapInterval = useSimulation((s) => s.view.reapInterval)
  const record = useSimulation((s) => latestExchange(s.trace, browser))
  const actions = useSimulation((s) => s.actions)
  const name = useId()
  const layers = layersOf(order)
  // The trace does not say which stack a request went through, so remember the order in force when each newest
  // request first appeared; after a switch, the old request's path is not drawn on the new stack.
  const [stamp, setStamp] = useState<{ seq: number; order: StackOrder } | null>(null)
  if (record !== null && stamp?.seq !== record.seq) setStamp({ seq: record.seq, order })
  const sameStack = record !== null && (stamp?.seq !== record.seq || stamp.order === order)
  const path = record === null || !sameStack ? null : pathOf(record, layers)
  return (
    <div className="pipeline" role="group" aria-label="Pipeline">
      <fieldset className="pipeline-switch ui-group">
        <legend>Where is cookieDecoder?</legend>
        {(Object.keys(ORDER_LABELS) as StackOrder[]).map((o) => (
          <label key={o} className="radio">
            <input type="radio" name={name} value={o} checked={order === o} onChange={() => actions.configure({ stackOrder: o })} />
            <span>{ORDER_LABELS[o]}</span>
          </label>
        ))}
      </fieldset>
      <div className="pipeline-stack">
        <div className="pipeline-code mono pipeline-frame">createServer(</div>
        <div role="list" aria-label="Layers of the stack, top to bottom" className="pipeline-layers">
        {layers.map((layer, i) => {
          const lit = path?.visited.has(layer) ?? false
          const answered = path?.answered === layer
          const failed = path?.failed === layer
          return (
            <div key={layer} role="listitem" className={`pipeline-layer${lit ? ' is-lit' : ''}${answered ? ' is-answer' : ''}${failed ? ' is-failed' : ''}`} style={{ ['--i' as string]: i }}>
              <span className="pipeline-code mono">{codeOf(layer, reapInterval)}</span>
              <span className="pipeline-note">{LAYER_NOTES[layer]}</span>
              <span className="pipeline-state">{layerState(layer, path)}</span>
            </div>
          )
        })}
        </div>
        <div className="pipeline-code mono pipeline-frame">)</div>
      </div>
      <div aria-live="polite" className="pipeline-result">
        {record !== null && !sameStack ? <p className="pipeline-stale">The stack has changed since request #{record.exchange}. Send a request to see the new one at work.</p> : null}
        {record === null ? (
          <p className="muted">Send a request and watch which layers it passes.</p>
        ) : record.error !== null ? (
          <div className="pipeline-error" role="alert">
            <p className="pipeline-error-status">
              {record.response.status} Internal Server Error — request #{record.exchange}
            </p>
            <p className="pipeline-error-message mono">
              {record.error.name}: {record.error.message}
            </p>
            <p className="pipeline-error-note">No session was created, nothing was stored and no Set-Cookie was sent.</p>
          </div>
        ) : (
          <p className="pipeline-ok">
            Request #{record.exchange}: <span className="mono">{record.response.status}</span> {record.response.body}
            {record.newSession ? ' — a new session, with a Set-Cookie' : record.sessionId !== null ? ' — the session was found and saved again' : ''}.
          </p>
        )}
      </div>
    </div>
  )
}

import './explain.css'
import { useSimulation } from '../../state/index.ts'
import type { ExchangeRecord, Step } from '../../sim/index.ts'
import { FingerprintPicker, STRATEGY_LABELS } from '../ui/FingerprintPicker.tsx'
import { committedFingerprint, compareInputs, fingerprintSteps, latestExchange, previousExchange, type InputChange } from './read-trace.ts'

type FingerprintStep = Extract<Step, { type: 'fingerprint' }>

const INPUT_LABELS: Record<string, string> = { id: 'session id', remoteAddress: 'IP address', userAgent: 'User-Agent' }

function Chain({ step, changes, title }: { step: FingerprintStep; changes: InputChange[] | null; title: string }) {
  return (
    <figure className="fp-chain">
      <figcaption className="fp-chain-title">{title}</figcaption>
      {changes === null ? (
        <p className="fp-custom">
          A custom fingerprint function computed this key. The library cannot see inside it, so it has no inputs to show; the
          string it returned is the key, unhashed.
        </p>
      ) : (
        <>
          <div className="fp-row">
            <span className="fp-stage">Inputs</span>
            <ul className="fp-inputs" aria-label="Inputs">
              {changes.map((c, i) => (
                <li key={c.name} className={`fp-input fp-input-${i % 3}${c.was !== null ? ' fp-changed' : ''}`} data-input={c.name}>
                  <span className="fp-input-name">{INPUT_LABELS[c.name] ?? c.name}</span>
                  <span className="fp-input-value mono">{c.value === '' ? '(empty)' : c.value}</span>
                  {c.was !== null ? (
                    <span className="fp-change-note">
                      changed, was <span className="mono">{c.was === '' ? '(empty)' : c.was}</span>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
          <div className="fp-row">
            <span className="fp-stage">Joined</span>
            <p className="fp-concat mono" aria-label="Concatenation">
              {changes.map((c, i) => (
                <span key={c.name} className={`fp-part fp-input-${i % 3}${c.was !== null ? ' fp-changed' : ''}`}>
                  {c.value}
                </span>
              ))}
            </p>
          </div>
          <div className="fp-row">
            <span className="fp-stage">md5</span>
            <p className="fp-md5">the joined string, hashed into 32 lowercase hex digits</p>
          </div>
        </>
      )}
      <div className="fp-row">
        <span className="fp-stage">Store key</span>
        <p className="fp-key mono" data-testid="fingerprint-key">
          {step.key}
        </p>
      </div>
    </figure>
  )
}

function outcomeOf(record: ExchangeRecord, step: FingerprintStep, index: number): string {
  const lookup = record.steps.find((s) => s.type === 'lookup' && s.key === step.key)
  const generated = record.steps.find((s) => s.type === 'generate' && s.key === step.key)
  if (lookup?.type === 'lookup') return lookup.result === 'hit' ? 'The store had this key: the session was loaded.' : 'The store had no such key: a miss.'
  if (generated?.type === 'generate') {
    if (generated.reason === 'no-cookie') return 'No cookie came with the request, so this is a new session under a new key.'
    if (generated.reason === 'regenerate') return 'The session was regenerated: a new id, so a new key.'
    return 'After the miss the middleware started a new session: new id, new key.'
  }
  return index === 0 ? '' : 'A further key computed during this request.'
}

/**
 * For one browser's latest request, the fingerprint chain the library reported: inputs → joined → md5 → store key,
 * each input coloured, an input that differs from the browser's previous request outlined and marked "changed".
 */
export function FingerprintExplainer({ browser, picker = false }: { browser?: string; picker?: boolean }) {
  const record = useSimulation((s) => latestExchange(s.trace, browser))
  const previous = useSimulation((s) => (record === null ? null : previousExchange(s.trace, record)))
  const steps = record === null ? [] : fingerprintSteps(record)
  const before = previous === null ? null : committedFingerprint(previous)
  return (
    <div className="fingerprint-explainer" role="group" aria-label="Fingerprint explainer">
      {picker ? <FingerprintPicker /> : null}
      {record === null ? (
        <p className="muted">Send a request and its fingerprint is taken apart here.</p>
      ) : (
        <>
          <p className="fp-summary">
            Request #{record.exchange} from <strong>{record.browser}</strong>, strategy <code>{record.strategy}</code>
            {record.strategy in STRATEGY_LABELS ? <> — {STRATEGY_LABELS[record.strategy as keyof typeof STRATEGY_LABELS]}</> : null}.
          </p>
          {steps.length === 0 ? (
            <p className="muted">
              No fingerprint was computed for this request{record.error !== null ? `: ${record.error.message}` : ''}.
            </p>
          ) : (
            steps.map((step, i) => (
              <div key={`${i}-${step.key}`} className="fp-block">
                <Chain
                  step={step}
                  changes={compareInputs(step, before)}
                  title={i === 0 ? (record.request.cookie === null ? 'Fingerprint of the new session' : 'Fingerprint of the id the cookie carried') : 'Fingerprint of the new session'}
                />
                <p className="fp-outcome">{outcomeOf(record, step, i)}</p>
              </div>
            ))
          )}
        </>
      )}
    </div>
  )
}

import './ui.css'
import { useId, useState } from 'react'
import { FINGERPRINT_BUDGET_MS, FINGERPRINT_NAMES, loadFingerprintSandbox, type FingerprintStrategy } from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'
import { ErrorNote } from './ErrorNote.tsx'
import { useAct } from './use-act.ts'

type Named = (typeof FINGERPRINT_NAMES)[number]

/** The fingerprint strategies as the picker and the explainers name them. */
export const STRATEGY_LABELS: Record<Named | 'custom', string> = {
  default: 'md5(id + IP address + User-Agent), the 2010 default',
  'user-agent': 'md5(id + User-Agent): the address left out',
  'ip-only': 'md5(id + address): the User-Agent left out',
  none: 'md5(id): no binding at all',
  custom: 'your own function',
}

/** The example a reader starts from when writing their own fingerprint. */
export const EXAMPLE_FINGERPRINT = "(req) => md5(req.session.id + (req.headers['user-agent'] || ''))"

/**
 * Picks the fingerprint strategy of the nearest simulation (labelled **Fingerprint**): a named one, or, with
 * `allowCustom`, a function the reader writes.
 */
export function FingerprintPicker({ allowCustom = false }: { allowCustom?: boolean }) {
  const fingerprint = useSimulation((s) => s.view.config.fingerprint)
  const act = useAct()
  const id = useId()
  const sourceId = useId()
  const current = typeof fingerprint === 'string' ? fingerprint : 'custom'
  const [source, setSource] = useState(typeof fingerprint === 'string' ? EXAMPLE_FINGERPRINT : (fingerprint.source ?? ''))
  const [error, setError] = useState<string | null>(null)
  const [editing, setEditing] = useState(false)
  const [loading, setLoading] = useState(false)
  const useCustom = () => {
    // The sandbox (QuickJS as WebAssembly) is fetched on the first use of custom code, never before.
    setLoading(true)
    loadFingerprintSandbox().then(
      ({ compileFingerprint }) => {
        setLoading(false)
        let strategy: FingerprintStrategy
        try {
          strategy = compileFingerprint(source)
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err))
          return
        }
        setError(act((a) => a.configure({ fingerprint: strategy })))
      },
      (err: unknown) => {
        setLoading(false)
        setError(`the sandbox that runs custom code could not be loaded (${err instanceof Error ? err.message : String(err)}); reload the page to try again`)
      },
    )
  }
  return (
    <div className="field ui-field">
      <label htmlFor={id}>Fingerprint</label>
      <select
        id={id}
        value={editing ? 'custom' : current}
        onChange={(event) => {
          const value = event.target.value
          if (value === 'custom') {
            setEditing(true)
            return
          }
          setEditing(false)
          setError(act((a) => a.configure({ fingerprint: value as Named })))
        }}
      >
        {FINGERPRINT_NAMES.map((k) => (
          <option key={k} value={k}>
            {STRATEGY_LABELS[k]}
          </option>
        ))}
        {(allowCustom || current === 'custom') && (
          <option value="custom" disabled={!allowCustom}>
            {allowCustom ? `${STRATEGY_LABELS.custom}…` : STRATEGY_LABELS.custom}
          </option>
        )}
      </select>
      <p className="field-hint">Takes effect from the next request. Sessions already stored keep the keys they were saved under.</p>
      {(editing || current === 'custom') && allowCustom && (
        <div className="field ui-field">
          <label htmlFor={sourceId}>Fingerprint function source</label>
          <textarea id={sourceId} rows={3} value={source} spellCheck={false} onChange={(event) => setSource(event.target.value)} />
          <p className="field-hint">
            A function of the request returning the store key; <code>md5</code> is in scope. It runs in a sandbox, not in
            this page: it reads <code>req.session.id</code>, <code>req.remoteAddress</code>, <code>req.headers</code>,{' '}
            <code>req.method</code> and <code>req.url</code>, and is stopped after {FINGERPRINT_BUDGET_MS} ms.
          </p>
          <div>
            <button type="button" className="button button-small" onClick={useCustom} disabled={loading}>
              Use this function
            </button>
            {loading && <span role="status"> Loading the sandbox…</span>}
            {!loading && typeof fingerprint === 'object' && fingerprint.source === source && <span role="status"> This function is in force.</span>}
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </div>
  )
}

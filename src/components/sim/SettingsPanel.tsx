import './sim.css'
import { useId, useMemo, useState } from 'react'
import { FINGERPRINT_BUDGET_MS, loadFingerprintSandbox, type FingerprintStrategy, type StackOrder, type WorldConfig } from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'
import { DURATION_UNITS, bestUnit, formatDuration, parseAmount, unitMs, type DurationUnit } from './format.ts'
import { useAct, useDraft } from './use-act.ts'
import { ErrorNote } from './ErrorNote.tsx'

/** The world's configuration, re-read whenever the world changes (and only then). */
export function useWorldConfig(): WorldConfig {
  const world = useSimulation((s) => s.world)
  const version = useSimulation((s) => s.view.version)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version is the world's change counter: the config is read again when it moves
  return useMemo(() => world.config(), [world, version])
}

/** A duration setting: a number and a unit, applied on Enter, on leaving the field, or on a change of unit. */
function DurationSetting({ name, value, hint, onApply }: { name: string; value: number; hint: string; onApply: (ms: number) => string | null }) {
  const id = useId()
  const unitId = useId()
  const hintId = useId()
  const errorId = useId()
  const initial = bestUnit(value)
  const { draft, setDraft, error, setError, settle } = useDraft<{ amount: string; unit: DurationUnit }>()
  const shown = draft ?? { amount: String(initial.amount), unit: initial.unit }
  const apply = (next: { amount: string; unit: DurationUnit }) => {
    const n = parseAmount(next.amount)
    if (n === null) {
      setError(`${name} needs a number`)
      return
    }
    const ms = Math.round(n * unitMs(next.unit))
    settle(ms === value, () => onApply(ms))
  }
  return (
    <div className="field sim-field">
      <label htmlFor={id} className="mono">
        {name}
      </label>
      <div className="sim-duration">
        <input
          id={id}
          type="number"
          step="any"
          inputMode="decimal"
          value={shown.amount}
          aria-invalid={error !== null}
          aria-describedby={`${hintId}${error !== null ? ` ${errorId}` : ''}`}
          onChange={(event) => setDraft({ amount: event.target.value, unit: shown.unit })}
          onBlur={() => draft !== null && apply(draft)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && draft !== null) apply(draft)
          }}
        />
        <select
          id={unitId}
          aria-label={`Unit for ${name}`}
          value={shown.unit}
          onChange={(event) => {
            const next = { amount: shown.amount, unit: event.target.value as DurationUnit }
            setDraft(next)
            apply(next)
          }}
        >
          {DURATION_UNITS.map((u) => (
            <option key={u.unit} value={u.unit}>
              {u.label}
            </option>
          ))}
        </select>
      </div>
      <p id={hintId} className="field-hint">
        In force: <span className="mono">{value.toLocaleString('en')} ms</span> ({value < 0 ? 'off' : formatDuration(value)}). {hint}
      </p>
      <ErrorNote message={error} id={errorId} />
    </div>
  )
}

/** A number setting for the store faults, applied on Enter or on leaving the field. */
function NumberSetting({ label, value, step, onApply }: { label: string; value: number; step: string; onApply: (n: number) => string | null }) {
  const id = useId()
  const errorId = useId()
  const { draft, setDraft, error, settle } = useDraft<string>()
  const apply = () => {
    if (draft === null) return
    const n = parseAmount(draft)
    settle(false, () => (n === null ? `${label} needs a number` : onApply(n)))
  }
  return (
    <div className="field sim-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        min={0}
        value={draft ?? String(value)}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply()
        }}
      />
      <ErrorNote message={error} id={errorId} />
    </div>
  )
}

/** The named fingerprint strategies, as the picker offers them. */
export const STRATEGY_LABELS: Record<'default' | 'user-agent' | 'none', string> = {
  default: 'id + IP + User-Agent (the 2010 default)',
  'user-agent': 'id + User-Agent only',
  none: 'id only (no binding)',
}

const ORDER_LABELS: Record<StackOrder, string> = {
  'decoder-first': 'above session() (correct)',
  'decoder-after': 'below session()',
  'decoder-missing': 'missing',
}

/** The example a reader starts from when writing their own fingerprint. */
export const EXAMPLE_FINGERPRINT = "(req) => md5(req.session.id + (req.headers['user-agent'] || ''))"

/** The fingerprint picker: a named strategy, or (with `allowCustom`) a function the reader writes. */
export function FingerprintPicker({ allowCustom = false }: { allowCustom?: boolean }) {
  const config = useWorldConfig()
  const act = useAct()
  const id = useId()
  const sourceId = useId()
  const current = typeof config.fingerprint === 'string' ? config.fingerprint : 'custom'
  const [source, setSource] = useState(typeof config.fingerprint === 'string' ? EXAMPLE_FINGERPRINT : (config.fingerprint.source ?? ''))
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
    <div className="field sim-field">
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
          setError(act((a) => a.configure({ fingerprint: value as 'default' | 'user-agent' | 'none' })))
        }}
      >
        {(Object.keys(STRATEGY_LABELS) as (keyof typeof STRATEGY_LABELS)[]).map((k) => (
          <option key={k} value={k}>
            {STRATEGY_LABELS[k]}
          </option>
        ))}
        {(allowCustom || current === 'custom') && <option value="custom">your own function…</option>}
      </select>
      {(editing || current === 'custom') && allowCustom && (
        <div className="field sim-field">
          <label htmlFor={sourceId}>Fingerprint function source</label>
          <textarea id={sourceId} rows={3} value={source} spellCheck={false} onChange={(event) => setSource(event.target.value)} />
          <p className="field-hint">
            A function of the request returning the store key; <code>md5</code> is in scope. It runs in a sandbox, not in
            this page: it reads <code>req.session.id</code>, <code>req.remoteAddress</code>, <code>req.headers</code>,{' '}
            <code>req.method</code> and <code>req.url</code>, and is stopped after {FINGERPRINT_BUDGET_MS} ms.
          </p>
          <div>
            <button type="button" className="button sim-small-button" onClick={useCustom} disabled={loading}>
              Use this function
            </button>
            {loading && <span role="status"> Loading the sandbox…</span>}
            {!loading && typeof config.fingerprint === 'object' && config.fingerprint.source === source && (
              <span role="status"> This function is in force.</span>
            )}
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </div>
  )
}

/**
 * Every setting of the simulated server: reapInterval and maxAge with units, the fingerprint strategy, where
 * cookieDecoder sits, and store faults. A value the library refuses shows its message and changes nothing.
 */
export function SettingsPanel({ faults = true, allowCustom = false }: { faults?: boolean; allowCustom?: boolean }) {
  const config = useWorldConfig()
  const act = useAct()
  const orderId = useId()
  const [orderError, setOrderError] = useState<string | null>(null)
  return (
    <div className="sim-settings">
      <div className="sim-settings-grid">
        <DurationSetting
          name="reapInterval"
          value={config.reapInterval}
          hint="How often the reaper sweeps; −1 turns it off."
          onApply={(ms) => act((a) => a.configure({ reapInterval: ms }))}
        />
        <DurationSetting name="maxAge" value={config.maxAge} hint="Idle time after which a sweep removes a session." onApply={(ms) => act((a) => a.configure({ maxAge: ms }))} />
        <FingerprintPicker allowCustom={allowCustom} />
        <div className="field sim-field">
          <label htmlFor={orderId}>cookieDecoder placement</label>
          <select
            id={orderId}
            value={config.stackOrder}
            onChange={(event) => setOrderError(act((a) => a.configure({ stackOrder: event.target.value as StackOrder })))}
          >
            {(Object.keys(ORDER_LABELS) as StackOrder[]).map((k) => (
              <option key={k} value={k}>
                {ORDER_LABELS[k]}
              </option>
            ))}
          </select>
          <ErrorNote message={orderError} />
        </div>
      </div>
      {faults && (
        <fieldset className="sim-faults">
          <legend>Store faults</legend>
          <div className="sim-settings-grid">
            <NumberSetting label="Latency (ms)" step="1" value={config.faults.latency} onApply={(n) => act((a) => a.fault({ latency: n }))} />
            <NumberSetting label="Fail next gets" step="1" value={config.faults.failNextGet} onApply={(n) => act((a) => a.fault({ failNextGet: n }))} />
            <NumberSetting label="Fail next sets" step="1" value={config.faults.failNextSet} onApply={(n) => act((a) => a.fault({ failNextSet: n }))} />
            <NumberSetting label="Failure rate (0–1)" step="0.05" value={config.faults.failureRate} onApply={(n) => act((a) => a.fault({ failureRate: n }))} />
          </div>
        </fieldset>
      )}
    </div>
  )
}

import './sim.css'
import { useId, useState } from 'react'
import type { StackOrder } from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'
import { settingRefusal } from '../ui/setting-refusal.ts'
import { DurationField, TextField } from '../ui/fields.tsx'
import { FingerprintPicker } from '../ui/FingerprintPicker.tsx'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { parseAmount } from '../ui/format.ts'
import { useAct } from '../ui/use-act.ts'

/** A number setting for the store faults, applied on Enter or on leaving the field. */
function NumberSetting({ label, value, step, onApply }: { label: string; value: number; step: string; onApply: (n: number) => string | null }) {
  return (
    <TextField
      label={label}
      type="number"
      step={step}
      min={0}
      value={String(value)}
      onCommit={(text) => {
        const n = parseAmount(text)
        return n === null ? `${label} needs a number` : onApply(n)
      }}
    />
  )
}

const ORDER_LABELS: Record<StackOrder, string> = {
  'decoder-first': 'above session() (correct)',
  'decoder-after': 'below session()',
  'decoder-missing': 'missing',
}

/**
 * Every setting of the simulated server: reapInterval and maxAge with units, the fingerprint strategy, where
 * cookieDecoder sits, and store faults. A value the library refuses shows its message and changes nothing.
 */
export function SettingsPanel({ faults = true, allowCustom = false }: { faults?: boolean; allowCustom?: boolean }) {
  const config = useSimulation((s) => s.view.config)
  const act = useAct()
  const orderId = useId()
  const [orderError, setOrderError] = useState<string | null>(null)
  return (
    <div className="sim-settings">
      <div className="sim-settings-grid">
        <DurationField
          name="reapInterval"
          value={config.reapInterval}
          allowOff
          inForce
          hint="How often the reaper sweeps; −1 turns it off."
          check={(ms) => settingRefusal({ reapInterval: ms })}
          onCommit={(ms) => act((a) => a.configure({ reapInterval: ms }))}
        />
        <DurationField
          name="maxAge"
          value={config.maxAge}
          inForce
          hint="Idle time after which a sweep removes a session."
          check={(ms) => settingRefusal({ maxAge: ms })}
          onCommit={(ms) => act((a) => a.configure({ maxAge: ms }))}
        />
        <FingerprintPicker allowCustom={allowCustom} />
        <div className="field ui-field">
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
        <fieldset className="sim-faults ui-group">
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

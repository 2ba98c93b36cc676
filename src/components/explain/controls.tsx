// Small pieces the explainer widgets share: duration fields, the demo's error line, reading a browser's cookie.
import { useId, useState, type ReactNode } from 'react'
import { useSimulation } from '../../state/index.ts'
import type { BrowserView } from '../../sim/index.ts'
import { splitDuration, UNITS, unitMs, type Unit } from './format.ts'

/** The value of a browser's session cookie, or null. */
export function sessionCookieOf(browser: BrowserView): string | null {
  return browser.cookies.find((c) => c.name === 'connect.sid')?.value ?? null
}

/** A duration entered as an amount and a unit; `onCommit` gets milliseconds. */
export function DurationField({ label, value, onCommit, hint, allowOff = false }: { label: string; value: number; onCommit: (ms: number) => void; hint?: ReactNode; allowOff?: boolean }) {
  const split = splitDuration(value)
  const [draft, setDraft] = useState<{ amount: string; unit: Unit } | null>(null)
  const amount = draft?.amount ?? (value === -1 ? '' : String(split.amount))
  const unit = draft?.unit ?? split.unit
  const id = useId()
  const unitId = useId()
  const hintId = useId()
  const commit = (a: string, u: Unit): void => {
    const n = Number(a)
    if (a.trim() !== '' && Number.isFinite(n) && n > 0) {
      onCommit(Math.round(n * unitMs(u)))
      setDraft(null)
    } else {
      setDraft({ amount: a, unit: u })
    }
  }
  return (
    <div className="field duration-field">
      <label htmlFor={id}>
        <code>{label}</code>
      </label>
      <div className="duration-inputs">
        <input
          id={id}
          type="number"
          min={1}
          step="any"
          inputMode="decimal"
          value={amount}
          placeholder={allowOff && value === -1 ? 'off' : undefined}
          aria-describedby={hint === undefined ? undefined : hintId}
          onChange={(e) => commit(e.target.value, unit)}
        />
        <select aria-label={`${label} unit`} id={unitId} value={unit} onChange={(e) => commit(amount, e.target.value as Unit)}>
          {UNITS.map((u) => (
            <option key={u.unit} value={u.unit}>
              {u.unit}
            </option>
          ))}
        </select>
      </div>
      {hint === undefined ? null : (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  )
}

/** The simulation's last refusal, if any, where the reader is looking. */
export function SimError() {
  const error = useSimulation((s) => s.error)
  const actions = useSimulation((s) => s.actions)
  if (error === null) return null
  return (
    <div className="explain-error" role="alert">
      <span>{error}</span>
      <button type="button" className="button button-small" onClick={() => actions.clearError()}>
        Dismiss
      </button>
    </div>
  )
}

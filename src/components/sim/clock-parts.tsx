// The parts every clock shares: the virtual time as an output, and the "Advance by" field with its unit.
import { useId, useState } from 'react'
import { OptionList } from '../ui/fields.tsx'
import { DURATION_UNITS, formatClock, formatDuration, formatElapsed, formatInstant, parseAmount, unitMs, type DurationUnit } from '../ui/format.ts'

/** The virtual time: the instant, and how long since the world began. */
export function VirtualTime({ now, startTime }: { now: number; startTime: number }) {
  return (
    <output className="sim-now" aria-label="Virtual time">
      <span className="sim-now-instant">{formatInstant(now)}</span>
      <span className="sim-now-elapsed">{formatElapsed(now - startTime)}</span>
    </output>
  )
}

/**
 * "Advance by" an amount in a unit, on Enter or the Advance button: `onAdvance` gets the milliseconds, `onInvalid`
 * the message for an amount that is not a number ≥ 0.
 */
export function AdvanceField({ describedBy, onAdvance, onInvalid }: { describedBy: string; onAdvance: (ms: number) => void; onInvalid: (message: string) => void }) {
  const [amount, setAmount] = useState('1')
  const [unit, setUnit] = useState<DurationUnit>('min')
  const ids = { amount: useId(), unit: useId() }
  const advance = () => {
    const n = parseAmount(amount)
    if (n === null || n < 0) onInvalid('Enter an amount of time ≥ 0 to advance by.')
    else onAdvance(n * unitMs(unit))
  }
  return (
    <div className="sim-inline-field">
      <label htmlFor={ids.amount}>Advance by</label>
      <input
        id={ids.amount}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') advance()
        }}
        aria-describedby={describedBy}
      />
      <label htmlFor={ids.unit} className="visually-hidden">
        Unit to advance in
      </label>
      <select id={ids.unit} value={unit} onChange={(event) => setUnit(event.target.value as DurationUnit)}>
        <OptionList items={DURATION_UNITS} valueOf={(u) => u.unit} labelOf={(u) => u.label} />
      </select>
      <button type="button" className="button" onClick={advance}>
        Advance
      </button>
    </div>
  )
}

/** Below a clock: when the next reap is due (or that reaping is off), and the clock's last refusal, announced. */
export function ClockNotes({ now, nextReapAt, messageId, message }: { now: number; nextReapAt: number | null; messageId: string; message: string | null }) {
  return (
    <>
      <p className="sim-next sim-muted">
        {nextReapAt === null ? 'Reaping is off.' : `Next reap at ${formatClock(nextReapAt)}, in ${formatDuration(nextReapAt - now)}.`}
      </p>
      <p id={messageId} className="sim-error" role="status">
        {message}
      </p>
    </>
  )
}

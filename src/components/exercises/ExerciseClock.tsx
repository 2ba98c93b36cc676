import { useId, useState } from 'react'
import { useSimulation } from '../../state/index.ts'
import { OptionList } from '../ui/fields.tsx'
import { DURATION_UNITS, formatClock, formatDuration, formatElapsed, formatInstant, parseAmount, unitMs, type DurationUnit } from '../ui/format.ts'
import { useAct } from '../ui/use-act.ts'

/**
 * The clock of an exercise: the time, advance by an amount, step to the next reap. Time only moves forward here (no
 * timeline to scrub back, no Play): each move is one action that Undo can take back.
 */
export function ExerciseClock() {
  const now = useSimulation((s) => s.view.now)
  const startTime = useSimulation((s) => s.view.startTime)
  const nextReapAt = useSimulation((s) => s.view.nextReapAt)
  const act = useAct()
  const [amount, setAmount] = useState('1')
  const [unit, setUnit] = useState<DurationUnit>('min')
  const [message, setMessage] = useState<string | null>(null)
  const ids = { amount: useId(), unit: useId(), message: useId() }
  const advance = () => {
    const n = parseAmount(amount)
    if (n === null || n < 0) {
      setMessage('Enter an amount of time ≥ 0 to advance by.')
      return
    }
    setMessage(act((a) => a.advance(n * unitMs(unit))))
  }
  return (
    <div className="sim-clock ex-clock" role="group" aria-label="Clock">
      <div className="sim-clock-row">
        <output className="sim-now" aria-label="Virtual time">
          <span className="sim-now-instant">{formatInstant(now)}</span>
          <span className="sim-now-elapsed">{formatElapsed(now - startTime)}</span>
        </output>
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
            aria-describedby={ids.message}
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
        <button type="button" className="button" onClick={() => setMessage(act((a) => a.stepToNextReap()))}>
          Step to next reap
        </button>
      </div>
      <p className="sim-next sim-muted">
        {nextReapAt === null ? 'Reaping is off.' : `Next reap at ${formatClock(nextReapAt)}, in ${formatDuration(nextReapAt - now)}.`}
      </p>
      <p id={ids.message} className="sim-error" role="status">
        {message}
      </p>
    </div>
  )
}

// The kit's fields. Each keeps the reader's edit as a draft and applies it on Enter or on leaving the field, never on
// every keystroke; a refusal shows beside the field and keeps the text, so nothing typed is lost.
import './ui.css'
import { useId, useLayoutEffect, useRef, type FocusEvent, type InputHTMLAttributes, type ReactNode } from 'react'
import { ErrorNote } from './ErrorNote.tsx'
import { bestUnit, DURATION_UNITS, formatDuration, formatNumber, type DurationUnit } from './format.ts'
import { readDuration, type DurationText } from './duration.ts'
import { useDraft } from './use-draft.ts'

/** The input attributes a draft input leaves to its caller (the rest it sets itself). */
type DraftInputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'onKeyDown' | 'aria-invalid' | 'aria-describedby'>

/** Tells the form around a field whether it shows a refusal now (null: none), and null when the field goes away. */
export type RefusalReport = (message: string | null) => void

/**
 * Reports a field's refusal to `onRefusal` whenever it changes: a form that runs on what its fields hold (rather than
 * on what they show) can then refuse to run while one shows text that was not applied.
 */
function useReportedRefusal(message: string | null, onRefusal: RefusalReport | undefined): void {
  const report = useRef(onRefusal)
  // Layout effects, so the form hears of a refusal in the same task as the blur that made it: a click on its Run
  // button, which blurred the field, then finds the button already disabled.
  useLayoutEffect(() => {
    report.current = onRefusal
  })
  useLayoutEffect(() => {
    report.current?.(message)
  }, [message])
  useLayoutEffect(() => () => report.current?.(null), [])
}

/**
 * An input bound to a draft of `value`: the edit applies on Enter or blur, Escape drops it, and a refusal (what
 * `onCommit` returns, or null) shows below it with the typed text kept. `after` sits between the input and the refusal.
 */
export function DraftInput({
  value,
  onCommit,
  after,
  onRefusal,
  ...attributes
}: { value: string; onCommit: (next: string) => string | null; after?: ReactNode; onRefusal?: RefusalReport } & DraftInputAttributes) {
  const errorId = useId()
  const { draft, setDraft, error, settle } = useDraft<string>(value)
  useReportedRefusal(error, onRefusal)
  const commit = () => settle(draft === null || draft === value, () => onCommit(draft as string))
  return (
    <>
      <input
        spellCheck={false}
        autoComplete="off"
        {...attributes}
        value={draft ?? value}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit()
          if (event.key === 'Escape' && draft !== null) settle(true, () => null)
        }}
      />
      {after}
      <ErrorNote message={error} id={errorId} />
    </>
  )
}

/**
 * A one-line field (text, or a number with `type="number"`) whose edit applies on Enter or blur; Escape drops the
 * edit. `onCommit` returns the refusal to show, or null.
 */
export function TextField({
  label,
  value,
  onCommit,
  hint,
  type = 'text',
  mono = type === 'text',
  step,
  min,
  onRefusal,
}: {
  label: ReactNode
  value: string
  onCommit: (next: string) => string | null
  hint?: ReactNode
  type?: 'text' | 'number'
  mono?: boolean
  step?: string
  min?: number
  onRefusal?: RefusalReport
}) {
  const id = useId()
  return (
    <div className="field ui-field">
      <label htmlFor={id}>{label}</label>
      <DraftInput id={id} type={type} className={mono ? 'mono' : undefined} step={step} min={min} value={value} onCommit={onCommit} after={hint} onRefusal={onRefusal} />
    </div>
  )
}

/** The options of a select: one per item, its value and its label read from the item. */
export function OptionList<T>({ items, valueOf, labelOf }: { items: readonly T[]; valueOf: (item: T) => string; labelOf: (item: T) => string }) {
  return (
    <>
      {items.map((item) => (
        <option key={valueOf(item)} value={valueOf(item)}>
          {labelOf(item)}
        </option>
      ))}
    </>
  )
}

function textOf(value: number): DurationText {
  if (value === -1) return { amount: '-1', unit: 'ms' }
  const best = bestUnit(value)
  return { amount: String(best.amount), unit: best.unit }
}

/**
 * A duration: an amount and a unit. What is typed is checked as it is typed (the reason shows at once: not a number,
 * 0, −1 where the setting cannot be turned off, or the library's own limit through `check`), and applied on Enter,
 * on leaving the field, or on a change of unit. With `allowOff`, −1 turns the setting off.
 */
export function DurationField({
  name,
  value,
  onCommit,
  check,
  hint,
  allowOff = false,
  inForce = false,
  onRefusal,
}: {
  name: string
  value: number
  onCommit: (ms: number) => string | null
  /** The library's verdict on a value, or null when it takes it. */
  check?: (ms: number) => string | null
  hint?: ReactNode
  allowOff?: boolean
  /** Also say the value in force in milliseconds. */
  inForce?: boolean
  onRefusal?: RefusalReport
}) {
  const id = useId()
  const hintId = useId()
  const errorId = useId()
  const { draft, setDraft, error, setError, settle } = useDraft<DurationText>(value)
  const shown = draft ?? textOf(value)
  const verdict = (text: DurationText): { ms: number } | { error: string } => {
    const read = readDuration(text, { name, allowOff })
    if ('error' in read) return read
    const refusal = check?.(read.ms) ?? null
    return refusal === null ? read : { error: refusal }
  }
  // As-you-type: the reason a draft would be refused, before it is applied.
  const live = draft === null ? null : verdict(draft)
  const message = error ?? (live !== null && 'error' in live ? live.error : null)
  useReportedRefusal(message, onRefusal)
  const apply = (text: DurationText) => {
    const read = verdict(text)
    if ('error' in read) {
      setError(read.error)
      return
    }
    settle(read.ms === value, () => onCommit(read.ms))
  }
  const leave = (event: FocusEvent<HTMLDivElement>) => {
    // Moving between the amount and its unit is not leaving the field.
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
    if (draft !== null) apply(draft)
  }
  const describedBy = [hint !== undefined || inForce ? hintId : null, message !== null ? errorId : null].filter((x) => x !== null).join(' ')
  return (
    <div className="field ui-field ui-duration" onBlur={leave}>
      <label htmlFor={id}>
        <code>{name}</code>
      </label>
      <div className="ui-duration-inputs">
        <input
          id={id}
          type="number"
          step="any"
          inputMode="decimal"
          value={shown.amount}
          aria-invalid={message !== null}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          onChange={(event) => {
            setError(null)
            setDraft({ amount: event.target.value, unit: shown.unit })
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && draft !== null) apply(draft)
            if (event.key === 'Escape' && draft !== null) settle(true, () => null)
          }}
        />
        <select
          aria-label={`Unit for ${name}`}
          value={shown.unit}
          onChange={(event) => {
            const next = { amount: shown.amount, unit: event.target.value as DurationUnit }
            setDraft(next)
            apply(next)
          }}
        >
          <OptionList items={DURATION_UNITS} valueOf={(u) => u.unit} labelOf={(u) => u.label} />
        </select>
      </div>
      {(hint !== undefined || inForce) && (
        <p id={hintId} className="field-hint">
          {inForce && (
            <>
              In force: <span className="mono">{formatNumber(value)} ms</span> ({value < 0 ? 'off' : formatDuration(value)}).{' '}
            </>
          )}
          {hint}
        </p>
      )}
      <ErrorNote message={message} id={errorId} />
    </div>
  )
}

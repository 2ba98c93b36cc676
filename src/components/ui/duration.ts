// Reading a duration a reader typed, with the reason when it cannot be one.
import { DURATION_UNITS, parseAmount, unitMs, type DurationUnit } from './format.ts'

/** What a duration field holds: the amount as typed and its unit. */
export interface DurationText {
  readonly amount: string
  readonly unit: DurationUnit
}

/** The typed duration in milliseconds, or why it is refused: not a number, 0, −1 where nothing can be turned off. */
export function readDuration(text: DurationText, { name, allowOff }: { name: string; allowOff: boolean }): { ms: number } | { error: string } {
  const n = parseAmount(text.amount)
  if (n === null) {
    const typed = text.amount.trim()
    return { error: typed === '' ? `Enter how long ${name} is, in ${unitList()}.` : `“${shorten(typed)}” is not a number; enter how long ${name} is.` }
  }
  if (n === -1) return allowOff ? { ms: -1 } : { error: `${name} cannot be turned off: −1 only works for reapInterval. Enter more than 0.` }
  if (n === 0) return { error: `0 would mean no ${name} at all: enter more than 0${allowOff ? ', or −1 to turn it off' : ''}.` }
  if (n < 0) return { error: `${name} must be more than 0${allowOff ? ', or −1 to turn it off' : ''}.` }
  const ms = Math.round(n * unitMs(text.unit))
  if (ms === 0) return { error: `${n} ${text.unit} rounds to 0 ms: enter at least 1 ms.` }
  return { ms }
}

function unitList(): string {
  return DURATION_UNITS.map((u) => u.label).join(', ')
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 23)}…` : text
}

// One table that puts each library decision (a trace step) into words, for every widget that shows one: the event
// log and announcements take the brief form, the decision trace the label and detail. Nothing is inferred beyond
// what the step says.
import type { Step } from '../../sim/index.ts'
import { shortHex } from './format.ts'

/** The colour family of a decision: the three verbs, plus new sessions and failures. */
export type StepTone = 'fingerprint' | 'touch' | 'reap' | 'new' | 'plain'

/** A decision in words: a short label, a sentence of detail, and a brief form for one-line logs. */
export interface StepWords {
  readonly tone: StepTone
  readonly label: string
  readonly detail: string
  readonly brief: string
}

const REASONS = {
  'no-cookie': { brief: 'no cookie', long: 'no cookie was sent' },
  'store-miss': { brief: 'store miss', long: 'the store had no session under that key' },
  regenerate: { brief: 'regenerate', long: 'the application asked to regenerate' },
} as const

/** Puts one library decision into words. */
export function stepWords(step: Step): StepWords {
  switch (step.type) {
    case 'fingerprint':
      return { tone: 'fingerprint', label: 'fingerprint', detail: `id ${shortHex(step.id)} → key ${shortHex(step.key)}`, brief: `fingerprint ${shortHex(step.key)}` }
    case 'lookup':
      return step.result === 'hit'
        ? { tone: 'touch', label: 'store hit', detail: `get(${shortHex(step.key)}) found a session`, brief: 'store hit' }
        : { tone: 'reap', label: 'store miss', detail: `get(${shortHex(step.key)}) found nothing`, brief: 'store miss' }
    case 'generate': {
      const reason = REASONS[step.reason]
      return { tone: 'new', label: 'new session', detail: `id ${shortHex(step.id)}, because ${reason.long}`, brief: `new session ${shortHex(step.id)} (${reason.brief})` }
    }
    case 'load':
      return { tone: 'touch', label: 'loaded', detail: `the stored data became req.session (id ${shortHex(step.id)})`, brief: `loaded ${shortHex(step.id)}` }
    case 'touch':
      return { tone: 'touch', label: 'touched', detail: 'lastAccess set to now', brief: 'touched' }
    case 'commit':
      return step.setCookie === null
        ? { tone: 'plain', label: 'saved', detail: `under ${shortHex(step.key)}; no Set-Cookie (${step.withheld ?? 'withheld'})`, brief: step.withheld !== null ? 'Set-Cookie withheld' : 'saved' }
        : { tone: 'new', label: 'Set-Cookie', detail: `saved under ${shortHex(step.key)}; ${step.setCookie.split(';')[0]}`, brief: 'Set-Cookie' }
    case 'skip-commit':
      return { tone: 'reap', label: 'not saved', detail: 'the session was destroyed, so nothing is saved and no Set-Cookie is sent', brief: 'not saved (destroyed)' }
    case 'destroy':
      return {
        tone: 'reap',
        label: 'destroyed',
        detail: `set(${shortHex(step.key)}, null): ${step.destroyed ? 'removed' : 'nothing was there'}`,
        brief: step.destroyed ? 'destroyed' : 'destroy found nothing',
      }
    case 'regenerate':
      return {
        tone: 'new',
        label: 'regenerated',
        detail: `${step.oldId === null ? 'no session' : shortHex(step.oldId)} → ${shortHex(step.id)}`,
        brief: `regenerated → ${shortHex(step.id)}`,
      }
    case 'error':
      return {
        tone: 'reap',
        label: 'error',
        detail: `${step.name}: ${step.message} (while ${step.stage === 'decode' ? 'reading cookies' : step.stage})`,
        brief: `error in ${step.stage}: ${step.message}`,
      }
  }
}

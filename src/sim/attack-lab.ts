// The attacker lab's reading of a world: the fingerprint a victim's saved session was stored under, the one a
// thief's request presented, and what the library's own 2010 fingerprint makes of a forged id from another address
// (the concatenation ambiguity). Keys come from the library's `defaultFingerprint`, never from a copy of its formula.
import { defaultFingerprint, type Request } from '../connect/index.ts'
import type { ExchangeRecord, Step, TraceRecord } from './trace.ts'

type FingerprintStep = Extract<Step, { type: 'fingerprint' }>

/** The three inputs of the 2010 fingerprint, the string they join into, and its md5 (the store key). */
export interface FingerprintParts {
  readonly id: string
  readonly ip: string
  readonly userAgent: string
  /** id + ip + User-Agent, joined with nothing between them, as the library joins them. */
  readonly joined: string
  /** The store key: the library's fingerprint of a request carrying these inputs. */
  readonly key: string
}

/** The library's 2010 fingerprint of a request with this session id, remote address and User-Agent. */
export function fingerprintParts(id: string, ip: string, userAgent: string): FingerprintParts {
  // A request as the middleware sees it once the id is on req.session: only the three fields the fingerprint reads.
  const req = { headers: { 'user-agent': userAgent }, socket: { remoteAddress: ip }, session: { id } } as unknown as Request
  const inputs = defaultFingerprint.inputs?.(req) ?? { id, remoteAddress: ip, userAgent }
  const joined = Object.values(inputs).join('')
  return { id, ip, userAgent, joined, key: defaultFingerprint(req) }
}

function partsOf(step: FingerprintStep): FingerprintParts | null {
  const inputs = step.inputs
  if (inputs === null || inputs.remoteAddress === undefined || inputs.userAgent === undefined) return null
  return { id: step.id, ip: inputs.remoteAddress, userAgent: inputs.userAgent, joined: Object.values(inputs).join(''), key: step.key }
}

function latestOf(trace: readonly TraceRecord[], browser: string, pick: (r: ExchangeRecord) => FingerprintStep | null): FingerprintStep | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind !== 'exchange' || r.browser !== browser) continue
    const step = pick(r)
    if (step !== null) return step
  }
  return null
}

/**
 * The fingerprint the browser's session was last saved under, as the library reported it: the fingerprint step whose
 * key the browser's newest committing request stored. Null before it has a session, or for a custom fingerprint.
 */
export function savedFingerprint(trace: readonly TraceRecord[], browser: string): FingerprintParts | null {
  const step = latestOf(trace, browser, (r) => {
    if (r.sessionKey === null || !r.steps.some((s) => s.type === 'commit')) return null
    return r.steps.find((s): s is FingerprintStep => s.type === 'fingerprint' && s.key === r.sessionKey) ?? null
  })
  return step === null ? null : partsOf(step)
}

/**
 * The fingerprint of the id the browser's newest cookie-carrying request presented (the key its lookup asked for).
 * Null when the browser never sent a session cookie.
 */
export function presentedFingerprint(trace: readonly TraceRecord[], browser: string): FingerprintParts | null {
  const step = latestOf(trace, browser, (r) => {
    const first = r.steps[0]
    return first?.type === 'fingerprint' && r.steps[1]?.type === 'lookup' ? first : null
  })
  return step === null ? null : partsOf(step)
}

/** The concatenation ambiguity, worked through for one saved session and a thief's address and User-Agent. */
export interface Ambiguity {
  /** The victim's saved session, recomputed with the library's function from its reported inputs. */
  readonly victim: FingerprintParts
  /** The forged id (the victim's without its last character) from the thief's address and User-Agent. */
  readonly forged: FingerprintParts
  /** The address that would make both strings equal: the dropped character put in front of the victim's address. */
  readonly matchingIp: string
  /** Both joined strings, and so both keys, are equal. */
  readonly same: boolean
}

/**
 * Moves the victim id's last character into the address: id `…1` from `1.2.3.4` and id `…` from `11.2.3.4` join to
 * the same string, so md5 gives the same key. Null for an id too short to shorten.
 */
export function concatenationAmbiguity(victim: FingerprintParts, thiefIp: string, thiefUserAgent: string): Ambiguity | null {
  if (victim.id.length < 2) return null
  const recomputed = fingerprintParts(victim.id, victim.ip, victim.userAgent)
  const forged = fingerprintParts(victim.id.slice(0, -1), thiefIp, thiefUserAgent)
  return { victim: recomputed, forged, matchingIp: victim.id.slice(-1) + victim.ip, same: forged.key === recomputed.key }
}

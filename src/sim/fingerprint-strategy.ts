import { md5, type Fingerprint, type Request } from '../connect/index.ts'
import { quote } from './quote.ts'

/** A custom fingerprint: the function, and optionally its source text for display. */
export interface CustomFingerprint {
  readonly custom: (req: Request) => string
  readonly source?: string
}

/**
 * How the store key is derived from a request:
 * - `'default'`: the 2010 formula, md5(id + remoteAddress + User-Agent), computed by the library itself (so its
 *   events carry the inputs);
 * - `'user-agent'`: md5(id + User-Agent): binding to the browser but not the address (0.2.2's choice);
 * - `'ip-only'`: md5(id + remoteAddress): binding to the network but not the browser;
 * - `'none'`: md5(id): no binding at all, whoever presents the id gets the session;
 * - `{ custom }`: any function of the request; its return value is the key as is.
 * Named strategies keep the key a 32-hex md5 so keys look alike whichever is chosen.
 */
export type FingerprintStrategy = 'default' | 'user-agent' | 'ip-only' | 'none' | CustomFingerprint

/** The named strategies (a custom function is the fourth kind). */
export const FINGERPRINT_NAMES = ['default', 'user-agent', 'ip-only', 'none'] as const

function idOf(req: Request): string {
  return String(req.session?.id ?? '')
}

function userAgentOf(req: Request): string {
  const ua = req.headers['user-agent']
  return ua === undefined ? '' : Array.isArray(ua) ? ua.join(', ') : ua
}

// Each named strategy tells the library what it joined, so the trace can show the inputs as for the default.
const byUserAgent: Fingerprint = Object.assign((req: Request) => md5(idOf(req) + userAgentOf(req)), {
  inputs: (req: Request) => ({ id: idOf(req), userAgent: userAgentOf(req) }),
})
function addressOf(req: Request): string {
  return req.socket?.remoteAddress ?? ''
}

const byAddress: Fingerprint = Object.assign((req: Request) => md5(idOf(req) + addressOf(req)), {
  inputs: (req: Request) => ({ id: idOf(req), remoteAddress: addressOf(req) }),
})
const unbound: Fingerprint = Object.assign((req: Request) => md5(idOf(req)), {
  inputs: (req: Request) => ({ id: idOf(req) }),
})

/** The `fingerprint` option for `session()`: undefined for the library's own default. */
export function fingerprintOption(strategy: FingerprintStrategy): Fingerprint | undefined {
  if (strategy === 'default') return undefined
  if (strategy === 'user-agent') return byUserAgent
  if (strategy === 'ip-only') return byAddress
  if (strategy === 'none') return unbound
  return strategy.custom
}

/** A short name for a strategy, for traces and displays. */
export function strategyName(strategy: FingerprintStrategy): 'default' | 'user-agent' | 'ip-only' | 'none' | 'custom' {
  return typeof strategy === 'string' ? strategy : 'custom'
}

/** Checks a strategy value, naming the problem. */
export function checkStrategy(value: unknown): FingerprintStrategy {
  if (value === 'default' || value === 'user-agent' || value === 'ip-only' || value === 'none') return value
  if (typeof value === 'object' && value !== null && typeof (value as CustomFingerprint).custom === 'function') {
    const source = (value as CustomFingerprint).source
    if (source !== undefined && typeof source !== 'string') throw new TypeError('fingerprint.source must be a string')
    return value as CustomFingerprint
  }
  throw new TypeError(`fingerprint must be one of ${FINGERPRINT_NAMES.join(', ')} or { custom: (req) => string }; got ${describe(value)}`)
}

function describe(value: unknown): string {
  return typeof value === 'string' ? quote(value) : typeof value
}

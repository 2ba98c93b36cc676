import type { FingerprintInputs } from './events.ts'
import type { Request } from './http-types.ts'
import { md5, md5Latin1 } from './md5.ts'
import type { ClientAddress } from './trusted-proxy.ts'

/**
 * Computes the store key of a request whose `req.session.id` holds the candidate id. It may carry `inputs(req)`,
 * naming what it joined, so that tools watching the events can show them.
 */
export type Fingerprint = ((req: Request) => string) & { inputs?: (req: Request) => FingerprintInputs }

/** The 2010 fingerprint: lowercase hex md5 of session id + remote address + User-Agent, joined with nothing. */
export const defaultFingerprint: Fingerprint = Object.assign(
  function defaultFingerprint(req: Request): string {
    return md5(String(req.session?.id ?? '') + (req.socket?.remoteAddress ?? '') + userAgentOf(req))
  },
  {
    inputs: (req: Request): FingerprintInputs => ({
      id: String(req.session?.id ?? ''),
      remoteAddress: req.socket?.remoteAddress ?? '',
      userAgent: userAgentOf(req),
    }),
  },
)

/**
 * The 2010 fingerprint over the client address `addressOf(req)` gives instead of the direct peer's: what
 * `session({ trustProxy })` uses behind a reverse proxy. The default fingerprint stays a separate function, so a
 * server without a proxy pays nothing for the option.
 */
export function fingerprintWithAddress(addressOf: ClientAddress, hash: (text: string) => string = md5): Fingerprint {
  return Object.assign(
    function proxiedFingerprint(req: Request): string {
      return hash(String(req.session?.id ?? '') + addressOf(req) + userAgentOf(req))
    },
    {
      inputs: (req: Request): FingerprintInputs => ({
        id: String(req.session?.id ?? ''),
        remoteAddress: addressOf(req),
        userAgent: userAgentOf(req),
      }),
    },
  )
}

/** The request's User-Agent as one string (repeated headers joined as Node joins them), '' when absent. */
function userAgentOf(req: Request): string {
  const ua = req.headers['user-agent']
  return ua === undefined ? '' : Array.isArray(ua) ? ua.join(', ') : ua
}

/** The 2010 fingerprint hashed as Node 0.2 hashed it, each character's low 8 bits (quirk `latin1-fingerprint`). */
export function latin1Fingerprint(addressOf: ClientAddress = directAddress): Fingerprint {
  return fingerprintWithAddress(addressOf, md5Latin1)
}

function directAddress(req: Request): string {
  return req.socket?.remoteAddress ?? ''
}

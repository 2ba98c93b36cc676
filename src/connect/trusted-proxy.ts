import type { Request } from './http-types.ts'
import { canonicalAddress } from './ip-address.ts'

/**
 * Which direct peers may tell the library the client's address through `X-Forwarded-For`: the proxies' addresses
 * (IPv4 or IPv6, written any usual way), or a function that says whether an address (the peer at hop 0, then each
 * forwarded address from the right, canonical: IPv4-mapped IPv6 as IPv4) is a proxy of yours; only `true` is yes.
 */
export type TrustProxy = readonly string[] | ((address: string, hop: number) => boolean)

/** Finds the address of the client behind a request. */
export type ClientAddress = (req: Request) => string

/** Forwarded hops examined at most; a longer chain of trusted proxies ends at the last one examined. */
const MAX_HOPS = 32

/** Validates a trustProxy setting and returns the test it stands for; throws a TypeError naming the bad entry. */
function trustTest(spec: unknown, option: string): (address: string, hop: number) => boolean {
  if (typeof spec === 'function') {
    const test = spec as (address: string, hop: number) => unknown
    return (address, hop) => test(hop === 0 ? (canonicalAddress(address) ?? address) : address, hop) === true
  }
  const hint = "list your proxies' addresses, e.g. ['127.0.0.1', '::1'], or pass a function (address, hop) => boolean"
  if (spec === true) {
    throw new TypeError(`${option}: true would let every client choose the address it is keyed by (spoofing); ${hint}`)
  }
  if (!Array.isArray(spec) || spec.length === 0) throw new TypeError(`${option} must be a non-empty array of addresses or a function; ${hint}`)
  const trusted = new Set<string>()
  for (const entry of spec as unknown[]) {
    const canonical = typeof entry === 'string' ? canonicalAddress(entry.trim()) : null
    if (canonical === null) throw new TypeError(`${option}: ${JSON.stringify(entry) ?? String(entry)} is not an IPv4 or IPv6 address; ${hint}`)
    trusted.add(canonical)
    trusted.add(entry as string)
  }
  // The peer is usually written exactly as configured, so the set is tried as is before parsing the address.
  return (address) => trusted.has(address) || trusted.has(canonicalAddress(address) ?? '')
}

/**
 * Builds the function that finds a request's client address: the direct peer (`req.socket.remoteAddress`), unless
 * that peer is a trusted proxy; then `X-Forwarded-For` is read from the right, each trusted proxy skipped, and the
 * first address that is not one is the client. A header from an untrusted peer is ignored (anyone can send one); an
 * entry that is not an IP address ends the walk at the last trusted hop.
 */
export function trustedProxy(spec: TrustProxy, option = 'trustProxy'): ClientAddress {
  const trusts = trustTest(spec, option)
  return function clientAddress(req: Request): string {
    const peer = req.socket?.remoteAddress ?? ''
    if (!trusts(peer, 0)) return peer
    const header = req.headers['x-forwarded-for']
    if (header === undefined) return peer
    const list = Array.isArray(header) ? header.join(',') : header
    let address = peer
    let end = list.length
    for (let hop = 1; hop <= MAX_HOPS && end > 0; hop++) {
      const comma = list.lastIndexOf(',', end - 1)
      const entry = canonicalAddress(list.slice(comma + 1, end).trim())
      if (entry === null) return address
      if (!trusts(entry, hop)) return entry
      address = entry
      end = comma === -1 ? 0 : comma
    }
    return address
  }
}

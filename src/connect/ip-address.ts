// IP addresses as text, parsed without Node (the library also runs in the browser): enough to compare a request's
// peer with configured proxies however each side happens to write the address.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const HEX_GROUP = /^[0-9a-f]{1,4}$/

/**
 * The canonical form of an IPv4 or IPv6 address, or null when `text` is not one: IPv4 in dotted decimal; IPv6 as
 * eight lowercase groups without leading zeros; an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, as Node reports
 * IPv4 peers of a dual-stack server) as its IPv4 address. Zone ids (`%eth0`) and prefixes are refused.
 */
export function canonicalAddress(text: string): string | null {
  if (IPV4.test(text)) return text
  if (text.length > 45 || !text.includes(':')) return null
  const lower = text.toLowerCase()
  let tail: string[] = []
  let head = lower
  // An IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = lower.lastIndexOf(':')
  const maybeV4 = lower.slice(lastColon + 1)
  if (maybeV4.includes('.')) {
    if (!IPV4.test(maybeV4)) return null
    const octets = maybeV4.split('.').map(Number) as [number, number, number, number]
    tail = [((octets[0] << 8) | octets[1]).toString(16), ((octets[2] << 8) | octets[3]).toString(16)]
    head = lower.slice(0, lastColon)
    if (head.endsWith(':')) head += ':' // the tail followed a '::'
  }
  const groups = expandGroups(head, 8 - tail.length)
  if (groups === null) return null
  const all = [...groups, ...tail].map((g) => parseInt(g, 16).toString(16))
  if (all.slice(0, 5).every((g) => g === '0') && all[5] === 'ffff') {
    const a = parseInt(all[6]!, 16)
    const b = parseInt(all[7]!, 16)
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`
  }
  return all.join(':')
}

/** Splits IPv6 text (without an IPv4 tail) into `want` hex groups, expanding one `::`; null when malformed. */
function expandGroups(text: string, want: number): string[] | null {
  const parts = text.split('::')
  if (parts.length > 2) return null
  const side = (s: string): string[] | null => {
    if (s === '') return []
    const groups = s.split(':')
    return groups.every((g) => HEX_GROUP.test(g)) ? groups : null
  }
  const left = side(parts[0]!)
  if (left === null) return null
  if (parts.length === 1) return left.length === want ? left : null
  const right = side(parts[1]!)
  if (right === null || left.length + right.length >= want) return null
  return [...left, ...new Array<string>(want - left.length - right.length).fill('0'), ...right]
}

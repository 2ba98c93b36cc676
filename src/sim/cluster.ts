// The shape of the simulated deployment: how many app servers run the library, how a balancer spreads requests over
// them, whether they share one store, and whether a reverse proxy stands in front. Plain data and pure functions; the
// engine builds the servers from it.
import { quote } from './quote.ts'

/** How the balancer picks a server: in turn, by the address it sees, or by a cookie it sets. */
export const BALANCERS = ['round-robin', 'sticky-address', 'sticky-cookie'] as const

/** One of the balancer's rules. */
export type Balancer = (typeof BALANCERS)[number]

/** Each server with its own MemoryStore, or all of them on one store. */
export const STORE_MODES = ['per-server', 'shared'] as const

/** Where the servers keep sessions. */
export type StoreMode = (typeof STORE_MODES)[number]

/** A reverse proxy in front of the balancer: every request reaches the servers from `address`. */
export interface ProxySettings {
  /** The proxy's own address: the `remoteAddress` every server sees. */
  readonly address: string
  /** The servers trust this proxy's `X-Forwarded-For` (the library's `trustProxy`), so the fingerprint sees clients again. */
  readonly trusted: boolean
}

/** The deployment. The default, one server and no proxy, is the world as it always was. */
export interface ClusterSettings {
  /** App servers, each its own `createServer(cookieDecoder(), session(), app)`; 1 to MAX_SERVERS. */
  readonly servers: number
  readonly balancer: Balancer
  readonly store: StoreMode
  /** A reverse proxy in front, or null for none. */
  readonly proxy: ProxySettings | null
}

/** What a configure action may give: any part; the rest takes the defaults. */
export type ClusterInput = Partial<Omit<ClusterSettings, 'proxy'>> & { readonly proxy?: (Partial<ProxySettings> & object) | null }

/** The most app servers a world may run. */
export const MAX_SERVERS = 8

/** The proxy's address when none is given (a private address no simulated browser uses by default). */
export const DEFAULT_PROXY_ADDRESS = '10.0.0.1'

/** The cookie a sticky-by-cookie balancer sets to remember the server (HAProxy's customary name). */
export const BALANCER_COOKIE = 'SERVERID'

/** One server, no proxy: the world as it was before clusters. */
export const DEFAULT_CLUSTER: ClusterSettings = Object.freeze({ servers: 1, balancer: 'round-robin', store: 'per-server', proxy: null })

const KEYS = ['servers', 'balancer', 'store', 'proxy']
const PROXY_KEYS = ['address', 'trusted']
const ADDRESS = /^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:.]*:[0-9a-f:.]*$/i

/** Checks a cluster setting and fills what it leaves out with the defaults; throws a TypeError/RangeError saying what to write. */
export function checkCluster(value: unknown): ClusterSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`cluster must be an object like { servers: 3, balancer: 'round-robin', store: 'per-server', proxy: null }; got ${quote(value)}`)
  }
  const input = value as Record<string, unknown>
  for (const key of Object.keys(input)) {
    if (!KEYS.includes(key)) throw new TypeError(`unknown cluster setting ${quote(key)}; cluster settings are ${KEYS.join(', ')}`)
  }
  const servers = input.servers ?? DEFAULT_CLUSTER.servers
  if (typeof servers !== 'number' || !Number.isInteger(servers) || servers < 1 || servers > MAX_SERVERS) {
    throw new RangeError(`cluster.servers must be a whole number from 1 to ${MAX_SERVERS}; got ${quote(servers)}`)
  }
  const balancer = input.balancer ?? DEFAULT_CLUSTER.balancer
  if (!(BALANCERS as readonly unknown[]).includes(balancer)) throw new TypeError(`cluster.balancer must be one of ${BALANCERS.join(', ')}; got ${quote(balancer)}`)
  const store = input.store ?? DEFAULT_CLUSTER.store
  if (!(STORE_MODES as readonly unknown[]).includes(store)) throw new TypeError(`cluster.store must be one of ${STORE_MODES.join(', ')}; got ${quote(store)}`)
  return Object.freeze({ servers, balancer: balancer as Balancer, store: store as StoreMode, proxy: checkProxy(input.proxy) })
}

function checkProxy(value: unknown): ProxySettings | null {
  if (value === undefined || value === null || value === false) return null
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`cluster.proxy must be null (no proxy) or { address?, trusted? }; got ${quote(value)}`)
  const input = value as Record<string, unknown>
  for (const key of Object.keys(input)) {
    if (!PROXY_KEYS.includes(key)) throw new TypeError(`unknown proxy setting ${quote(key)}; proxy settings are ${PROXY_KEYS.join(', ')}`)
  }
  const address = input.address ?? DEFAULT_PROXY_ADDRESS
  if (typeof address !== 'string' || !ADDRESS.test(address)) throw new TypeError(`cluster.proxy.address must be an IPv4 or IPv6 address such as ${DEFAULT_PROXY_ADDRESS}; got ${quote(address)}`)
  const trusted = input.trusted ?? false
  if (typeof trusted !== 'boolean') throw new TypeError(`cluster.proxy.trusted must be true or false; got ${quote(trusted)}`)
  return Object.freeze({ address, trusted })
}

/** True for the deployment of a world without a cluster: one server, nothing in front (the fast path). */
export function isSingleServer(c: ClusterSettings): boolean {
  return c.servers === 1 && c.proxy === null
}

/** True when two settings describe the same deployment. */
export function sameCluster(a: ClusterSettings, b: ClusterSettings): boolean {
  return (
    a.servers === b.servers &&
    a.balancer === b.balancer &&
    a.store === b.store &&
    (a.proxy === b.proxy || (a.proxy !== null && b.proxy !== null && a.proxy.address === b.proxy.address && a.proxy.trusted === b.proxy.trusted))
  )
}

/** The name of server `index` (from 0): app-1, app-2, … */
export function serverName(index: number): string {
  return SERVER_NAMES[index] ?? `app-${index + 1}`
}

const SERVER_NAMES = Array.from({ length: MAX_SERVERS }, (_, i) => `app-${i + 1}`)

/** Which server a sticky-by-address balancer sends `address` to: a stable hash (FNV-1a), so the same address always lands on the same server. */
export function serverForAddress(address: string, servers: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < address.length; i++) {
    h ^= address.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % servers
}

/** The server a sticky-by-cookie balancer's cookie names in a Cookie header, or -1 when it names none that runs. */
export function serverFromCookie(cookieHeader: string, servers: number): number {
  const at = cookieHeader.indexOf(`${BALANCER_COOKIE}=app-`)
  if (at === -1 || (at > 0 && cookieHeader[at - 1] !== ' ' && cookieHeader[at - 1] !== ';')) return -1
  const digits = /^\d+/.exec(cookieHeader.slice(at + BALANCER_COOKIE.length + 5))
  const n = digits === null ? NaN : Number(digits[0])
  return n >= 1 && n <= servers ? n - 1 : -1
}

/** The Set-Cookie a sticky-by-cookie balancer adds to a response from server `index`. */
export function balancerSetCookie(index: number): string {
  return `${BALANCER_COOKIE}=${serverName(index)}; Path=/`
}

/** A short description of a deployment, for captions and logs. */
export function describeCluster(c: ClusterSettings): string {
  if (isSingleServer(c)) return 'one server'
  const servers = `${c.servers} server${c.servers === 1 ? '' : 's'}`
  const store = c.servers === 1 ? '' : c.store === 'shared' ? ', one shared store' : ', a MemoryStore each'
  const balancer = c.servers === 1 ? '' : ` behind a ${c.balancer} balancer`
  const proxy = c.proxy === null ? '' : `, a reverse proxy at ${c.proxy.address} in front${c.proxy.trusted ? ' (its X-Forwarded-For trusted)' : ''}`
  return `${servers}${balancer}${store}${proxy}`
}

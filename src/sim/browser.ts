import { CookieJar, type Cookie, type JarSnapshot } from './cookie-jar.ts'
import type { ActionBody } from './checkpoint.ts'
import type { MirrorEntry } from './store-mirror.ts'
import { quote } from './quote.ts'
import type { SentRequest } from './trace.ts'

type SendAction = Extract<ActionBody, { kind: 'send' }>

/** What defines a simulated browser when it is added to a world. */
export interface BrowserSpec {
  readonly name: string
  readonly userAgent: string
  readonly ip: string
}

/** A browser as the world reports it: its identity and the cookies it holds now. */
export interface BrowserView extends BrowserSpec {
  readonly cookies: readonly Cookie[]
}

/** A browser for a checkpoint, but its cookies' expiries (which the checkpoint keeps apart: see CookieJar). */
export interface BrowserSnapshot extends BrowserSpec {
  readonly jar: JarSnapshot
}

/**
 * A simulated browser: a name, the User-Agent it sends, the IP address its requests come from (several browsers
 * may share one, as behind a NAT) and its cookie jar. Everything but the name can change while the world runs.
 */
export class Browser {
  readonly name: string
  #userAgent: string
  #ip: string
  readonly jar: CookieJar
  // The last snapshot and the jar shape it saw: expiries aside, most browsers are unchanged between checkpoints (a
  // rolling session cookie only moves its expiry), so theirs is reused.
  #snapshot: BrowserSnapshot | undefined
  #snapshotJar = -1
  /**
   * The last request the engine traced for this browser (frozen); reused while the browser repeats it, so trace
   * records share one object. Not part of the browser's state: a rebuilt browser starts without it.
   */
  lastSent: SentRequest | undefined = undefined
  /** The store mirror's entry for the session this browser's last request saved (a hint, not browser state). */
  mirrorEntry: MirrorEntry | undefined = undefined
  /** The world's log entry for this browser's last send, checked once and shared by repeats (not browser state either). */
  sendAction: SendAction | undefined = undefined
  /** How the store-calls log names this browser's last request (`alice · GET /`), and the request it was made for. */
  storeCaller = ''
  storeCallerFor: SentRequest | undefined = undefined

  constructor(spec: BrowserSpec, jar: CookieJar = new CookieJar()) {
    checkBrowserSpec(spec)
    this.name = spec.name
    this.#userAgent = spec.userAgent
    this.#ip = spec.ip
    this.jar = jar
  }

  /** The User-Agent header the browser sends (may be empty: the header is then left out). */
  get userAgent(): string {
    return this.#userAgent
  }

  set userAgent(value: string) {
    this.#userAgent = checkUserAgent(value)
    this.#snapshot = undefined
  }

  /** The address the server sees as `req.socket.remoteAddress`. */
  get ip(): string {
    return this.#ip
  }

  set ip(value: string) {
    this.#ip = checkIp(value)
    this.#snapshot = undefined
  }

  /** Copies the cookie called `name` from another browser's jar into this one, expiry and all. */
  copyCookieFrom(other: Browser, name: string, now: number): void {
    const cookie = other.jar.get(name, now)
    if (cookie === undefined) throw new Error(`browser ${quote(other.name)} holds no live cookie called ${quote(name)} to copy`)
    this.jar.add(cookie)
  }

  /**
   * Gives the live cookie called `name` a new value, keeping its Path, expiry and flags; without one, adds a session
   * cookie for Path=/ (a cookie written by hand in DevTools).
   */
  setCookieValue(name: string, value: string, now: number): void {
    const held = this.jar.get(name, now)
    this.jar.add(held === undefined ? { name, value, path: '/', expires: null, httpOnly: false, secure: false } : { ...held, value })
  }

  /** The browser's identity and live cookies at `now`. */
  view(now: number): BrowserView {
    return { name: this.name, userAgent: this.#userAgent, ip: this.#ip, cookies: this.jar.list(now) }
  }

  /** Everything needed to rebuild the browser but its cookies' expiries (`jar.writeExpiries`). */
  snapshot(): BrowserSnapshot {
    const shape = this.jar.shape
    if (this.#snapshot === undefined || this.#snapshotJar !== shape) {
      this.#snapshot = { name: this.name, userAgent: this.#userAgent, ip: this.#ip, jar: this.jar.snapshot() }
      this.#snapshotJar = shape
    }
    return this.#snapshot
  }

  /** A browser rebuilt from a snapshot and the expiries written for its jar from `at`. */
  static from(snapshot: BrowserSnapshot, expiries: ArrayLike<number>, at: number): Browser {
    return new Browser(snapshot, CookieJar.from(snapshot.jar, expiries, at))
  }
}

/** Checks a browser spec, naming the bad field. */
export function checkBrowserSpec(spec: unknown): asserts spec is BrowserSpec {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('a browser needs { name, userAgent, ip }')
  const s = spec as Record<string, unknown>
  if (typeof s.name !== 'string' || s.name.trim() === '') throw new TypeError('a browser needs a non-empty name')
  checkUserAgent(s.userAgent)
  checkIp(s.ip)
}

/** Checks a User-Agent value: a string that a header can carry. */
export function checkUserAgent(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`a User-Agent must be a string; got ${typeof value}`)
  // A header value cannot carry a line break; Node would refuse it too.
  if (/[\r\n\0]/.test(value)) throw new TypeError('a User-Agent must not contain CR, LF or NUL')
  return value
}

// The longest textual IPv6 address (eight groups, the last two written as IPv4) is 45 characters.
const MAX_IP_LENGTH = 45
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/

/** True for an IPv6 address in text form: eight hex groups, or fewer around one `::`, the last two maybe as IPv4. */
function isIpv6(value: string): boolean {
  const halves = value.split('::')
  if (halves.length > 2) return false
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0] as string)
  const tail = halves.length === 2 ? groups(halves[1] as string) : []
  const all = [...head, ...tail]
  let slots = all.length
  const last = all[all.length - 1]
  // An embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups.
  if (last !== undefined && last.includes('.')) {
    if (!IPV4.test(last)) return false
    all.pop()
    slots++
  }
  if (!all.every((g) => HEX_GROUP.test(g))) return false
  return halves.length === 2 ? slots <= 7 : slots === 8
}

/** Checks an IP address: IPv4 (dotted quad) or IPv6 text, as a socket's remoteAddress would read. */
export function checkIp(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`an IP address must be a string; got ${quote(value)}`)
  if (value.length > MAX_IP_LENGTH || /[\r\n\0]/.test(value) || !(IPV4.test(value) || isIpv6(value))) {
    throw new TypeError(`${quote(value)} is not an IP address: use IPv4 like 192.0.2.1 or IPv6 like 2001:db8::1`)
  }
  return value
}

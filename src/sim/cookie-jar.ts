/** A cookie as a browser keeps it. */
export interface Cookie {
  readonly name: string
  readonly value: string
  readonly path: string
  /** Epoch ms at which the cookie dies; null for a session cookie (kept until the jar is cleared). */
  readonly expires: number | null
  readonly httpOnly: boolean
  readonly secure: boolean
}

/**
 * What identifies a held cookie, immutable: everything but the expiry, which a rolling session cookie changes on
 * every response. Keeping the expiry apart lets an unchanged cookie be the same object from one response to the
 * next, so checkpoints of idle and busy browsers alike share it instead of each holding a copy.
 */
export interface HeldCookie {
  readonly name: string
  readonly value: string
  readonly path: string
  readonly httpOnly: boolean
  readonly secure: boolean
  /** Jar-local creation order: RFC 6265 sends older cookies first among equal paths, and a replace keeps it. */
  readonly created: number
  /** `name=value` as sent, made once per value rather than once per request. */
  readonly pair: string
}

/**
 * A jar entry: its cookie and its current expiry (this object belongs to the jar and is never shared). The expiry is
 * always a number, +Infinity for a session cookie (`session`): a field that only ever holds numbers is updated in
 * place, where one that is sometimes null takes a newly allocated number on every response.
 */
interface Slot {
  held: HeldCookie
  expires: number
  /** Kept until the jar is cleared (no Expires or Max-Age). */
  session: boolean
}

/** A slot for a cookie with this expiry (null: a session cookie). */
function slotOf(held: HeldCookie, expires: number | null): Slot {
  return { held, expires: expires ?? Number.POSITIVE_INFINITY, session: expires === null }
}

/** Gives a slot a new expiry (null: none). */
function setExpiry(slot: Slot, expires: number | null): void {
  slot.expires = expires ?? Number.POSITIVE_INFINITY
  slot.session = expires === null
}

/**
 * What a jar needs to be rebuilt exactly, creation order included, but its expiries: those change with nearly every
 * response, so a checkpoint keeps them apart (see `writeExpiries`) and shares this while the cookies stay the same.
 * One cookie (the usual case) takes no array.
 */
export type JarSnapshot = { readonly counter: number; readonly one: HeldCookie } | { readonly counter: number; readonly cookies: readonly HeldCookie[] }

/**
 * A browser's cookie jar for one site, following RFC 6265 as browsers do: a cookie is identified by name + path
 * (a new one replaces the old and keeps its creation time); `Max-Age` beats `Expires`; an expiry at or before
 * now deletes; expired cookies are dropped and never sent (checked against the caller's virtual time); only
 * cookies whose path matches the request are sent, longest path first. `Domain` is ignored (there is one host).
 */
export class CookieJar {
  // Key: name + NUL + path. NUL cannot occur in either, so keys cannot collide.
  readonly #slots = new Map<string, Slot>()
  // The same slots in insertion order: walked on every request, where a Map iterator would be an allocation each time.
  readonly #list: Slot[] = []
  #counter = 0
  #version = 0
  // Changes with #version except when only an expiry moved.
  #shape = 0
  // The last Cookie header worked out and what it holds for: a browser nearly always repeats its request, and this
  // answers it without walking the cookies (a few objects each, which the CPU must fetch from memory for every one of
  // thousands of browsers). It holds while the path, the channel and the shape are the same and `now` is before
  // the earliest expiry held: until then nothing expires, so the walk would drop nothing either. That instant is kept
  // as whole seconds from MEMO_EPOCH, rounded down (the memo just ends a little early), so the field stays a small
  // integer that V8 stores in the jar itself rather than in a separate number object.
  #memoPath: string | null = null
  #memoSecure = false
  #memoShape = -1
  #memoHeader = ''
  #memoUntilSec = 0
  // The only cookie, when there is exactly one (the usual case), with what `receive` compares copied out of it.
  #one: Slot | null = null
  #onePair = ''
  #onePath = ''
  #oneFlags = 0

  /** Applies one Set-Cookie header value received for a request to `requestPath` at virtual time `now`. */
  receive(setCookie: string, requestPath: string, now: number): void {
    // The common case: a rolling session cookie, the same name=value as held, only the expiry moves on.
    const one = this.#one
    if (one !== null) {
      const n = this.#onePair.length
      if (setCookie.charCodeAt(n) === 59 /* ; */ && setCookie.startsWith(this.#onePair)) {
        const attrs = attributesAt(setCookie, n)
        if ((attrs.path ?? defaultPath(requestPath)) === this.#onePath && flagsOf(attrs.httpOnly, attrs.secure) === this.#oneFlags) {
          this.#moveExpiry(one, expiryOf(attrs, now), now)
          return
        }
      }
    } else {
      for (const slot of this.#list) {
        const held = slot.held
        const n = held.pair.length
        if (setCookie.charCodeAt(n) !== 59 /* ; */ || !setCookie.startsWith(held.pair)) continue
        const attrs = attributesAt(setCookie, n)
        if ((attrs.path ?? defaultPath(requestPath)) !== held.path || attrs.httpOnly !== held.httpOnly || attrs.secure !== held.secure) break
        this.#moveExpiry(slot, expiryOf(attrs, now), now)
        return
      }
    }
    const parsed = parseSetCookie(setCookie, requestPath, now)
    if (parsed === null) return
    this.#put(parsed, parsed.expires !== null && parsed.expires <= now)
  }

  /** A held cookie re-sent with only its expiry changed: moves it, or deletes the cookie if that is now past. */
  #moveExpiry(slot: Slot, expires: number | null, now: number): void {
    this.#version++
    if (expires !== null && expires <= now) {
      this.#remove(slot.held.name + '\0' + slot.held.path)
      return
    }
    setExpiry(slot, expires)
    // The memo's header is unchanged; only when its cookies expire moved (with several, work it out again).
    if (this.#list.length === 1) this.#memoUntilSec = memoSeconds(slot.expires)
    else this.#memoShape = -1
  }

  /** The Cookie header a request to `path` sends at `now` ('' when none applies); drops expired cookies. */
  cookieHeader(path: string, now: number, secureChannel = false): string {
    if (path === this.#memoPath && secureChannel === this.#memoSecure && this.#memoShape === this.#shape && now < MEMO_EPOCH + this.#memoUntilSec * 1000) return this.#memoHeader
    const list = this.#list
    let single: HeldCookie | undefined
    let matches: HeldCookie[] | undefined
    let expired: string[] | undefined
    let until = Number.POSITIVE_INFINITY
    for (let i = 0; i < list.length; i++) {
      const slot = list[i] as Slot
      const c = slot.held
      const expires = slot.expires
      if (expires <= now) {
        ;(expired ??= []).push(c.name + '\0' + c.path)
        continue
      }
      if (expires < until) until = expires
      if ((c.secure && !secureChannel) || !pathMatches(path, c.path)) continue
      if (single === undefined) single = c
      else (matches ??= [single]).push(c)
    }
    if (expired !== undefined) {
      for (const id of expired) this.#remove(id)
      this.#version++
    }
    let header = ''
    if (matches !== undefined) {
      matches.sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      for (const c of matches) header += (header === '' ? '' : '; ') + c.pair
    } else if (single !== undefined) header = single.pair
    this.#memoPath = path
    this.#memoSecure = secureChannel
    this.#memoShape = this.#shape
    this.#memoHeader = header
    this.#memoUntilSec = memoSeconds(until)
    return header
  }

  /** The cookies held and alive at `now` (all held when `now` is omitted), in creation order. */
  list(now?: number): Cookie[] {
    const out: Slot[] = []
    for (const slot of this.#list) if (now === undefined || slot.expires > now) out.push(slot)
    out.sort((a, b) => a.held.created - b.held.created)
    return out.map(publicCopy)
  }

  /** The cookie called `name` (the one with the longest path when several), or undefined. */
  get(name: string, now?: number): Cookie | undefined {
    let best: Slot | undefined
    for (const slot of this.#list) {
      if (slot.held.name !== name || (now !== undefined && slot.expires <= now)) continue
      if (best === undefined || slot.held.path.length > best.held.path.length) best = slot
    }
    return best === undefined ? undefined : publicCopy(best)
  }

  /** Puts a copy of a cookie in the jar as is, expiry included (copying one from another browser: a theft). */
  add(cookie: Cookie): void {
    if (typeof cookie.name !== 'string' || cookie.name === '' || typeof cookie.value !== 'string') {
      throw new TypeError('a cookie needs a non-empty name and a string value')
    }
    const path = typeof cookie.path === 'string' && cookie.path.startsWith('/') ? cookie.path : '/'
    const expires = typeof cookie.expires === 'number' ? cookie.expires : null
    this.#put({ name: cookie.name, value: cookie.value, path, expires, httpOnly: cookie.httpOnly === true, secure: cookie.secure === true }, false)
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#slots.clear()
    this.#list.length = 0
    this.#version++
    this.#reshaped()
  }

  /** Changes whenever the jar's contents do. */
  get version(): number {
    return this.#version
  }

  /** Changes whenever the jar's contents do other than by an expiry moving: a snapshot stays valid until then. */
  get shape(): number {
    return this.#shape
  }

  /** Number of cookies held, expired ones not yet dropped included. */
  get size(): number {
    return this.#slots.size
  }

  /** The jar's cookies for a checkpoint, without their expiries (valid while `shape` stays the same). */
  snapshot(): JarSnapshot {
    if (this.#list.length === 1) return { counter: this.#counter, one: (this.#list[0] as Slot).held }
    return { counter: this.#counter, cookies: this.#list.map((slot) => slot.held) }
  }

  /**
   * Writes the cookies' expiries (NaN for none), in the snapshot's order, from `at`; returns the index after them, or
   * -1 when `out` has no room for them all (and then writes nothing).
   */
  writeExpiries(out: Float64Array, at: number): number {
    const one = this.#one
    if (one !== null) {
      if (at >= out.length) return -1
      out[at] = one.session ? Number.NaN : one.expires
      return at + 1
    }
    const list = this.#list
    if (at + list.length > out.length) return -1
    for (let i = 0; i < list.length; i++) {
      const slot = list[i] as Slot
      out[at + i] = slot.session ? Number.NaN : slot.expires
    }
    return at + list.length
  }

  /** A jar rebuilt from a snapshot and the expiries `writeExpiries` wrote for it from `at`. */
  static from(snapshot: JarSnapshot, expiries: ArrayLike<number>, at: number): CookieJar {
    const jar = new CookieJar()
    const cookies = 'one' in snapshot ? [snapshot.one] : snapshot.cookies
    for (let i = 0; i < cookies.length; i++) {
      const held = cookies[i] as HeldCookie
      const expires = expiries[at + i] as number
      const slot = slotOf(held, Number.isNaN(expires) ? null : expires)
      jar.#slots.set(held.name + '\0' + held.path, slot)
      jar.#list.push(slot)
    }
    jar.#counter = snapshot.counter
    jar.#reshaped()
    return jar
  }

  /** Stores (or, when `expired`, deletes) a cookie, reusing the held one when only its expiry changed. */
  #put(c: Cookie, expired: boolean): void {
    const id = c.name + '\0' + c.path
    const slot = this.#slots.get(id)
    this.#version++
    if (expired) {
      // An expiry in the past is how a server deletes a cookie.
      this.#remove(id)
      return
    }
    const prior = slot?.held
    if (slot !== undefined && prior !== undefined && prior.value === c.value && prior.httpOnly === c.httpOnly && prior.secure === c.secure) {
      // A rolling expiry re-sends the same id every time: keep the held cookie (and the strings it already holds; a
      // freshly parsed value is a slice of the whole header and would keep that alive in every checkpoint).
      setExpiry(slot, c.expires)
      this.#memoShape = -1
      return
    }
    const held: HeldCookie = {
      name: c.name,
      value: c.value,
      path: c.path,
      httpOnly: c.httpOnly,
      secure: c.secure,
      created: prior === undefined ? this.#counter++ : prior.created,
      pair: c.name + '=' + c.value,
    }
    if (slot === undefined) {
      const fresh = slotOf(held, c.expires)
      this.#slots.set(id, fresh)
      this.#list.push(fresh)
    } else {
      slot.held = held
      setExpiry(slot, c.expires)
    }
    this.#reshaped()
  }

  #remove(id: string): void {
    const slot = this.#slots.get(id)
    if (slot === undefined) return
    this.#slots.delete(id)
    this.#list.splice(this.#list.indexOf(slot), 1)
    this.#reshaped()
  }

  /** After any change but an expiry moving: a new shape, and the single-cookie copy brought up to date. */
  #reshaped(): void {
    this.#shape++
    const one = this.#list.length === 1 ? (this.#list[0] as Slot) : null
    this.#one = one
    this.#onePair = one === null ? '' : one.held.pair
    this.#onePath = one === null ? '' : one.held.path
    this.#oneFlags = one === null ? 0 : flagsOf(one.held.httpOnly, one.held.secure)
  }
}

const MEMO_EPOCH = Date.UTC(2000, 0, 1)
// Small integers on every platform (31-bit where V8 compresses pointers).
const MEMO_SECONDS_MAX = 2 ** 30 - 1

function memoSeconds(until: number): number {
  const seconds = Math.floor((until - MEMO_EPOCH) / 1000)
  return seconds > MEMO_SECONDS_MAX ? MEMO_SECONDS_MAX : seconds < -MEMO_SECONDS_MAX ? -MEMO_SECONDS_MAX : seconds
}

function flagsOf(httpOnly: boolean, secure: boolean): number {
  return (httpOnly ? 1 : 0) | (secure ? 2 : 0)
}

function publicCopy(slot: Slot): Cookie {
  const c = slot.held
  return { name: c.name, value: c.value, path: c.path, expires: slot.session ? null : slot.expires, httpOnly: c.httpOnly, secure: c.secure }
}

/** RFC 6265 §5.1.4: a cookie path matches the request path itself and everything below it. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath.charCodeAt(cookiePath.length) === 47 /* / */
}

/** RFC 6265 §5.1.4: the directory of the request path, used when Set-Cookie gives no usable Path. */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/'
  const last = requestPath.lastIndexOf('/')
  return last <= 0 ? '/' : requestPath.slice(0, last)
}

interface Attributes {
  readonly path: string | null
  readonly expires: number | null
  /** Max-Age in seconds (it is relative to when the cookie arrives), or null. */
  readonly maxAge: number | null
  readonly httpOnly: boolean
  readonly secure: boolean
}

// The attributes after the first ';' repeat from one response to the next (same path and flags, and the same expiry
// text within a virtual second), so the last ones parsed are kept and compared before parsing again.
let lastSuffix = ''
let lastAttributes: Attributes | null = null

/** Parses a Set-Cookie value into a cookie (expiry resolved against `now`), or null when a browser would ignore it. */
export function parseSetCookie(header: string, requestPath: string, now: number): Cookie | null {
  const semi = header.indexOf(';')
  const pair = semi === -1 ? header : header.slice(0, semi)
  const eq = pair.indexOf('=')
  // Nameless cookies exist in the wild, but nothing in this simulation sends one; ignoring them keeps ids clear.
  if (eq <= 0) return null
  const name = pair.slice(0, eq).trim()
  const value = pair.slice(eq + 1).trim()
  if (name === '') return null
  const attrs = semi === -1 ? NO_ATTRIBUTES : attributesAt(header, semi)
  return { name, value, path: attrs.path ?? defaultPath(requestPath), expires: expiryOf(attrs, now), httpOnly: attrs.httpOnly, secure: attrs.secure }
}

/** The attributes of a Set-Cookie value whose first ';' is at `semi`, from the last parse when they repeat it. */
function attributesAt(header: string, semi: number): Attributes {
  if (lastAttributes !== null && header.length - semi === lastSuffix.length && header.endsWith(lastSuffix)) return lastAttributes
  lastSuffix = header.slice(semi)
  lastAttributes = parseAttributes(lastSuffix)
  return lastAttributes
}

/** When a cookie with these attributes, received at `now`, expires: Max-Age wins over Expires; null for never. */
function expiryOf(attrs: Attributes, now: number): number | null {
  if (attrs.maxAge === null) return attrs.expires
  return attrs.maxAge <= 0 ? Number.NEGATIVE_INFINITY : now + attrs.maxAge * 1000
}

const NO_ATTRIBUTES: Attributes = Object.freeze({ path: null, expires: null, maxAge: null, httpOnly: false, secure: false })

function parseAttributes(suffix: string): Attributes {
  let path: string | null = null
  let expires: number | null = null
  let maxAge: number | null = null
  let httpOnly = false
  let secure = false
  const parts = suffix.split(';')
  // parts[0] is what preceded the first ';' (nothing: the suffix starts with it).
  for (let i = 1; i < parts.length; i++) {
    const attr = parts[i] as string
    const at = attr.indexOf('=')
    const key = (at === -1 ? attr : attr.slice(0, at)).trim().toLowerCase()
    const val = at === -1 ? '' : attr.slice(at + 1).trim()
    switch (key) {
      case 'path':
        // RFC 6265: a Path that does not start with '/' is ignored, leaving the default.
        path = val.startsWith('/') ? val : null
        break
      case 'expires': {
        const t = parseDate(val)
        if (!Number.isNaN(t)) expires = t
        break
      }
      case 'max-age':
        if (/^-?\d+$/.test(val)) maxAge = Number(val)
        break
      case 'httponly':
        httpOnly = true
        break
      case 'secure':
        secure = true
        break
    }
  }
  return { path, expires, maxAge, httpOnly, secure }
}

// Every response in the same virtual second carries the same expires text; parsing it once saves a Date.parse each.
let lastDateText = ''
let lastDateValue = NaN

function parseDate(text: string): number {
  if (text !== lastDateText) {
    lastDateText = text
    lastDateValue = Date.parse(text)
  }
  return lastDateValue
}

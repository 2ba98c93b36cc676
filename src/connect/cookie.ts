import type { CookieMap } from './http-types.ts'
import { emptyRecord } from './empty-record.ts'

const SEPARATOR = /[;,] */
const HEX = /^[0-9a-fA-F]{2}$/
// RFC 7230 token: what a cookie name may be made of when we write one.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Characters that would end an attribute or the header line early.
const UNSAFE_ATTRIBUTE = /[;\r\n\0]/

const utf8 = new TextDecoder('utf-8')

/** Decodes `+` as a space and `%XX` escapes as UTF-8 bytes, keeping malformed escapes literally (as 2010's parser did). */
export function decodeCookieValue(value: string): string {
  if (value.indexOf('%') === -1) return value.indexOf('+') === -1 ? value : value.replaceAll('+', ' ')
  let out = ''
  let bytes: number[] = []
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string
    if (ch === '%' && HEX.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16))
      i += 2
      continue
    }
    if (bytes.length > 0) {
      out += utf8.decode(new Uint8Array(bytes))
      bytes = []
    }
    out += ch === '+' ? ' ' : ch
  }
  if (bytes.length > 0) out += utf8.decode(new Uint8Array(bytes))
  return out
}

/** An empty map for cookies, without any inherited names. */
export function emptyCookieMap(): CookieMap {
  // No inherited names, so `__proto__`, `constructor` and `toString` are ordinary cookie names (fixes Q6/Q7).
  return emptyRecord<string>()
}

/**
 * Parses a Cookie header by 2010's rules: split on `;` or `,`, names trimmed and lowercased, values trimmed,
 * one leading quote strips the first and last character, first occurrence wins. Never throws.
 */
export function parseCookie(header: string): CookieMap {
  const cookies = emptyCookieMap()
  const text = String(header)
  const n = text.length
  // The pieces `text.split(SEPARATOR)` gives, found with indexOf rather than a regular expression and an array:
  // this runs on every request, and most headers hold one cookie. (indexOf also flattens a concatenated string
  // once, where reading it a character at a time would walk its parts on every read.)
  let semi = text.indexOf(';')
  let comma = text.indexOf(',')
  for (let start = 0; ; ) {
    if (semi !== -1 && semi < start) semi = text.indexOf(';', start)
    if (comma !== -1 && comma < start) comma = text.indexOf(',', start)
    const end = semi === -1 ? (comma === -1 ? n : comma) : comma === -1 || semi < comma ? semi : comma
    addCookie(cookies, text.slice(start, end))
    if (end >= n) break
    start = end + 1
    while (start < n && text.charCodeAt(start) === 32) start++
  }
  return cookies
}

/** Adds one `name=value` piece of a Cookie header by 2010's rules, unless its name came earlier. */
function addCookie(cookies: CookieMap, piece: string): void {
  const eq = piece.indexOf('=')
  const name = eq === -1 ? '' : piece.slice(0, eq).trim().toLowerCase()
  if (Object.hasOwn(cookies, name)) return
  let value = (eq === -1 ? piece : piece.slice(eq + 1)).trim()
  if (value.charCodeAt(0) === 34 /* " */) value = value.slice(1, -1)
  cookies[name] = decodeCookieValue(value)
}

/**
 * connect 0.2.1's parseCookie (quirk `prototype-cookie-names`, Q7): the same rules as parseCookie, but into an
 * ordinary object whose "first occurrence wins" test also sees Object.prototype, so `__proto__` and `constructor`
 * are dropped, and `map`, which connect 0.2.1 added to every object (emulated here without touching the prototype).
 */
export function parseCookie2010(header: string): CookieMap {
  const cookies: CookieMap = {}
  for (const piece of String(header).split(SEPARATOR)) {
    const eq = piece.indexOf('=')
    const name = eq === -1 ? '' : piece.slice(0, eq).trim().toLowerCase()
    if (cookies[name] !== undefined || name === 'map') continue
    let value = (eq === -1 ? piece : piece.slice(eq + 1)).trim()
    if (value.charCodeAt(0) === 34 /* " */) value = value.slice(1, -1)
    cookies[name] = decodeCookieValue(value)
  }
  return cookies
}

/** Cookie attributes in the order they are written; `true` writes a bare flag, `false`/`null`/`undefined` nothing. */
export type CookieOptions = Record<string, string | number | boolean | Date | null | undefined>

/** Renders one attribute as `; key=value` (or `; key` for true, nothing for false/null/undefined), checking it. */
function renderAttribute(key: string, attr: CookieOptions[string]): string {
  if (attr === false || attr === null || attr === undefined) return ''
  if (!TOKEN.test(key)) throw new TypeError(`cookie attribute name ${JSON.stringify(key)} is not a valid token`)
  if (attr === true) return `; ${key}`
  const text = attr instanceof Date ? attr.toUTCString() : String(attr)
  if (UNSAFE_ATTRIBUTE.test(text)) {
    throw new TypeError(`cookie attribute ${key} must not contain ';', CR, LF or NUL (got ${JSON.stringify(text)})`)
  }
  return `; ${key}=${text}`
}

/**
 * Writes a Set-Cookie value: `name=<encodeURIComponent(value)>` then each attribute in key order, as 2010 did,
 * but rejects names and attribute values that would corrupt the header.
 */
export function serializeCookie(name: string, value: unknown, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new TypeError(`cookie name ${JSON.stringify(name)} is not a valid token`)
  let out = `${name}=${encodeCookieValue(String(value))}`
  for (const key of Object.keys(options)) out += renderAttribute(key, options[key])
  return out
}

// 1 for the characters encodeURIComponent leaves as they are: A-Z a-z 0-9 - _ . ! ~ * ' ( )
const UNRESERVED = new Uint8Array(128)
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()") UNRESERVED[c.charCodeAt(0)] = 1

/** Percent-encodes a cookie value; text with a lone surrogate (no UTF-8 form) gets an error that says where. */
function encodeCookieValue(value: string): string {
  // Session ids are made of characters that need no escape: telling so costs a few reads per character, where the
  // encodeURIComponent call was one of the dearest steps of a response.
  // (In 2010 mode the id can be any value, a function say: only a string is scanned, anything else goes to
  // encodeURIComponent, which converts it as it always did.)
  if (typeof value === 'string') {
    let i = 0
    while (i < value.length && UNRESERVED[value.charCodeAt(i)] === 1) i++
    if (i === value.length) return value
  }
  try {
    return encodeURIComponent(value)
  } catch {
    const at = loneSurrogateIndex(value)
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    throw new TypeError(
      `cookie value ${JSON.stringify(shown)} has a lone surrogate (an unpaired UTF-16 half) at index ${at}, ` +
        'which has no UTF-8 form to percent-encode; remove it or pair it',
    )
  }
}

function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
      else return i
    } else if (c >= 0xdc00 && c <= 0xdfff) return i
  }
  return -1
}

// The latest instant a Date can hold; past it the text is "Invalid Date", so such instants are never shared.
const MAX_TIME = 8.64e15

/** The attributes of a session cookie around its `expires`, rendered once per options object. */
interface CookieTemplate {
  readonly before: string
  readonly after: string
}

/**
 * Writes session cookies for one session() instance: the same text serializeCookie would give with
 * `{ ...options, expires }`, but with the fixed attributes rendered once per frozen options object and the expiry
 * text once per instant. Its memo is its own, so instances never share mutable state.
 */
export class SessionCookieWriter {
  readonly #templates = new WeakMap<Readonly<CookieOptions>, CookieTemplate>()
  // The options of the last write and their template: a store's options change rarely, so most writes match them
  // by identity and skip the WeakMap lookup.
  #lastOptions: Readonly<CookieOptions> | null = null
  #lastTemplate: CookieTemplate = { before: '', after: '' }
  #lastExpiresMs = Number.NaN
  #lastExpiresText = ''

  /** Writes `name=<value>` with the options and `expires` at `expiresMs` (which the caller has checked is a Date). */
  write(name: string, value: string, options: Readonly<CookieOptions>, expiresMs: number): string {
    let template = options === this.#lastOptions ? this.#lastTemplate : this.#templates.get(options)
    if (template === undefined) {
      if (!TOKEN.test(name)) throw new TypeError(`cookie name ${JSON.stringify(name)} is not a valid token`)
      let before = ''
      let after = ''
      let seen = false
      for (const key of Object.keys(options)) {
        if (key === 'expires') seen = true
        else if (seen) after += renderAttribute(key, options[key])
        else before += renderAttribute(key, options[key])
      }
      template = { before, after }
      if (Object.isFrozen(options)) this.#templates.set(options, template)
    }
    if (options !== this.#lastOptions && Object.isFrozen(options)) {
      this.#lastOptions = options
      this.#lastTemplate = template
    }
    // The text has whole seconds: requests a few ms apart share it, so it is remade only when the second changes.
    if (expiresMs !== this.#lastExpiresMs && !(expiresMs >= 0 && expiresMs < MAX_TIME && Math.floor(expiresMs / 1000) === Math.floor(this.#lastExpiresMs / 1000))) {
      this.#lastExpiresText = new Date(expiresMs).toUTCString()
    }
    this.#lastExpiresMs = expiresMs
    return `${name}=${encodeCookieValue(value)}${template.before}; expires=${this.#lastExpiresText}${template.after}`
  }
}

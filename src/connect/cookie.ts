import type { CookieMap } from './http-types.ts'

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

/**
 * Parses a Cookie header by 2010's rules: split on `;` or `,`, names trimmed and lowercased, values trimmed,
 * one leading quote strips the first and last character, first occurrence wins. Never throws.
 */
export function parseCookie(header: string): CookieMap {
  // Null prototype: `__proto__`, `constructor` and `toString` are ordinary names here (fixes Q6/Q7).
  const cookies: CookieMap = Object.create(null) as CookieMap
  const pieces = String(header).split(SEPARATOR)
  for (const piece of pieces) {
    const eq = piece.indexOf('=')
    const name = eq === -1 ? '' : piece.slice(0, eq).trim().toLowerCase()
    if (Object.hasOwn(cookies, name)) continue
    let value = (eq === -1 ? piece : piece.slice(eq + 1)).trim()
    if (value.charCodeAt(0) === 34 /* " */) value = value.slice(1, -1)
    cookies[name] = decodeCookieValue(value)
  }
  return cookies
}

/** Cookie attributes in the order they are written; `true` writes a bare flag, `false`/`null`/`undefined` nothing. */
export type CookieOptions = Record<string, string | number | boolean | Date | null | undefined>

/**
 * Writes a Set-Cookie value: `name=<encodeURIComponent(value)>` then each attribute in key order, as 2010 did,
 * but rejects names and attribute values that would corrupt the header.
 */
export function serializeCookie(name: string, value: unknown, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new TypeError(`cookie name ${JSON.stringify(name)} is not a valid token`)
  let out = `${name}=${encodeURIComponent(String(value))}`
  for (const key of Object.keys(options)) {
    const attr = options[key]
    if (attr === false || attr === null || attr === undefined) continue
    if (!TOKEN.test(key)) throw new TypeError(`cookie attribute name ${JSON.stringify(key)} is not a valid token`)
    if (attr === true) {
      out += `; ${key}`
      continue
    }
    const text = attr instanceof Date ? attr.toUTCString() : String(attr)
    if (UNSAFE_ATTRIBUTE.test(text)) {
      throw new TypeError(`cookie attribute ${key} must not contain ';', CR, LF or NUL (got ${JSON.stringify(text)})`)
    }
    out += `; ${key}=${text}`
  }
  return out
}

import { emptyCookieMap, parseCookie, parseCookie2010 } from './cookie.ts'
import type { CookieMap, Handler, Request } from './http-types.ts'
import { resolveQuirks, type QuirksOption } from './quirks.ts'

/** Options of cookieDecoder. */
export interface CookieDecoderOptions {
  /**
   * 2010 mode: `'2010'` or a list of quirk ids (prototype-cookie-names, async-decoder, decoder-deletes-header;
   * others are ignored here). Default: none.
   */
  quirks?: QuirksOption
}

/** Reads the request's Cookie header into `req.cookies`; synchronous, leaves the header in place, idempotent. */
export function cookieDecoder(options: CookieDecoderOptions = {}): Handler {
  if (typeof options !== 'object' || options === null) throw new TypeError('cookieDecoder(options): options must be an object')
  const quirks = resolveQuirks(options.quirks, 'cookieDecoder', 'cookieDecoder')
  if (quirks.size > 0) return cookieDecoder2010(quirks.has('prototype-cookie-names'), quirks.has('async-decoder'), quirks.has('decoder-deletes-header'))
  return function cookieDecoder(req, _res, next) {
    req.cookies = cookiesOf(req)
    next()
  }
}

/** The parsed cookies of a request's Cookie header (repeated headers are joined as Node joins them). */
export function cookiesOf(req: Request): CookieMap {
  const header = req.headers.cookie
  if (header === undefined || header === '') return emptyCookieMap()
  return parseCookie(Array.isArray(header) ? header.join('; ') : header)
}

// Node 0.2's process.nextTick where there is one; a microtask in a browser.
const later: (fn: () => void) => void =
  typeof process !== 'undefined' && typeof process.nextTick === 'function' ? (fn) => process.nextTick(fn) : (fn) => queueMicrotask(fn)

/** connect 0.2.1's decoder, with each of its three quirks on or off. */
function cookieDecoder2010(prototypeNames: boolean, async: boolean, deletesHeader: boolean): Handler {
  return function cookieDecoder(req, _res, next) {
    const header = req.headers.cookie
    // Q19: whatever an earlier decoder found is discarded first.
    if (deletesHeader) req.cookies = prototypeNames ? ({} as CookieMap) : emptyCookieMap()
    if (header === undefined || header === '') {
      if (!deletesHeader) req.cookies = emptyCookieMap()
      next()
      return
    }
    const decode = (): void => {
      const text = Array.isArray(header) ? header.join(', ') : header
      req.cookies = prototypeNames ? parseCookie2010(text) : parseCookie(text)
      if (deletesHeader) delete req.headers.cookie
      next()
    }
    // Q18: with a header, next() came on a later tick; without one, at once.
    if (async) later(decode)
    else decode()
  }
}

import { emptyCookieMap, parseCookie } from './cookie.ts'
import type { CookieMap, Handler, Request } from './http-types.ts'


/** Reads the request's Cookie header into `req.cookies`; synchronous, leaves the header in place, idempotent. */
export function cookieDecoder(): Handler {
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

// Where a cookie in a jar came from: the raw Set-Cookie of the response that set it, read from the browser's
// exchanges in the trace. A cookie no response set (copied from another browser, or written by hand) has none.
import type { Cookie, TraceRecord } from '../sim/index.ts'

/** The Set-Cookie header value that gave `browser` this cookie's current value, newest first; null when none did. */
export function setCookieOrigin(trace: readonly TraceRecord[], browser: string, cookie: Pick<Cookie, 'name' | 'value'>): string | null {
  const pair = `${cookie.name}=${cookie.value}`
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind !== 'exchange' || r.browser !== browser) continue
    for (const header of r.response.setCookie) {
      if (header === pair || header.startsWith(`${pair};`)) return header
    }
    // The browser's latest response for this name set another value: this one came from elsewhere.
    if (r.response.setCookie.some((h) => h.startsWith(`${cookie.name}=`))) return null
  }
  return null
}

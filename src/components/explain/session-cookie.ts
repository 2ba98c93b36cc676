import { COOKIE_NAME } from '../../connect/index.ts'
import type { BrowserView } from '../../sim/index.ts'

/** The value of a browser's session cookie, or null. */
export function sessionCookieOf(browser: BrowserView): string | null {
  return browser.cookies.find((c) => c.name === COOKIE_NAME)?.value ?? null
}

import type { Clock } from './clock.ts'
import type { Request } from './http-types.ts'
import { Session } from './session-class.ts'

/**
 * Loads stored data the way connect 0.2.1 did (quirk `data-shadows-methods`, Q21): every own key is copied onto the
 * session as a plain property, so a saved `touch`, `destroy` or `regenerate` replaces the method of that name, and a
 * key `req` is dropped without a word. Data that is not an object (a plain-object store can hand out an inherited
 * function, Q6) becomes the session's id, which is then touched, as `new Session(req, id)` did.
 */
export function loadSession2010(req: Request, data: unknown, clock: Clock): Session {
  if (typeof data !== 'object' || data === null) {
    const session = new Session(req, 'placeholder', clock)
    Object.defineProperty(session, 'id', { value: data, writable: true, enumerable: true, configurable: true })
    return session
  }
  const session = new Session(req, {}, clock)
  for (const key of Object.keys(data)) {
    if (key === 'req') continue
    Object.defineProperty(session, key, { value: (data as Record<string, unknown>)[key], writable: true, enumerable: true, configurable: true })
  }
  return session
}

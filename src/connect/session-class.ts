import { systemClock, type Clock } from './clock.ts'
import type { Request } from './http-types.ts'
import { contextOf } from './request-context.ts'
import { destroyIn, regenerateIn, type DestroyCallback, type Callback } from './store.ts'

/** Names session data can never use: they are the Session's methods or its request link (fixes Q21). */
export const RESERVED_SESSION_KEYS: ReadonlySet<string> = new Set(['touch', 'destroy', 'regenerate', 'req', 'toJSON', '__proto__'])

/**
 * A request's session: its id, lastAccess and the application's data as own enumerable keys, plus methods that
 * data can never shadow. Stores see only the data (a plain copy), never the request.
 */
export class Session {
  declare id: string
  declare lastAccess: number;
  [key: string]: unknown

  readonly #req: Request

  /** `new Session(req, id)` starts a session (keys `id`, `lastAccess`); `new Session(req, data)` loads stored data. */
  constructor(req: Request, idOrData: string | Readonly<Record<string, unknown>>, clock?: Clock) {
    this.#req = req
    if (typeof idOrData === 'string') {
      this.id = idOrData
      this.lastAccess = (clock ?? contextOf(req)?.clock ?? systemClock).now()
      return
    }
    if (typeof idOrData !== 'object' || idOrData === null) {
      throw new TypeError(`a Session needs an id string or stored data; got ${typeof idOrData}`)
    }
    // Own enumerable keys in Object.keys order, walked without making the array (this runs on every request).
    for (const key in idOrData) {
      // Stored data from a foreign store may carry reserved names; they are left out rather than break the session.
      if (Object.hasOwn(idOrData, key) && !RESERVED_SESSION_KEYS.has(key)) this[key] = idOrData[key]
    }
  }

  /** The request this session belongs to. */
  get req(): Request {
    return this.#req
  }

  set req(_value: Request) {
    throw new TypeError("'req' links a Session to its request and cannot hold session data; use another key")
  }

  /** Sets lastAccess to now. */
  touch(): this {
    const ctx = contextOf(this.#req)
    this.lastAccess = (ctx?.clock ?? systemClock).now()
    if (ctx !== undefined && ctx.events.active) {
      ctx.events.emit({ type: 'touch', time: this.lastAccess, req: this.#req, id: this.id, lastAccess: this.lastAccess })
    }
    return this
  }

  /** Removes this session from the request and the store; calls back `(err, destroyed)`. */
  destroy(callback?: DestroyCallback): void {
    const req = this.#req
    if (req.session === this) delete req.session
    destroyIn(req, callback)
  }

  /** Replaces this session with a new one (new id, new key); calls back `(err)` once the old one is gone. */
  regenerate(callback?: Callback): void {
    regenerateIn(this.#req, callback)
  }

  /** The session's data as stores see it. */
  toJSON(): Record<string, unknown> {
    return { ...this }
  }
}

// Methods live on the prototype as accessors, so assigning data to one of these names fails loudly instead of
// silently replacing the method for the rest of the request.
for (const name of ['touch', 'destroy', 'regenerate', 'toJSON'] as const) {
  const method = Session.prototype[name]
  Object.defineProperty(Session.prototype, name, {
    get: () => method,
    set() {
      throw new TypeError(`'${name}' is a Session method and cannot hold session data; use another key`)
    },
    enumerable: false,
    configurable: false,
  })
}

import type { Clock } from './clock.ts'
import type { Emitter, GenerateReason, SessionEvent } from './events.ts'
import type { Request } from './http-types.ts'

/** What a request needs from the session() instance that handled it, so no store holds a shared mutable hook (Q22). */
export interface SessionContext {
  readonly clock: Clock
  readonly events: Emitter<SessionEvent>
  /** Gives the request a fresh session with a new id and its key; returns the error when genid or the fingerprint fails. */
  generate(req: Request, reason: GenerateReason): Error | null
}

const CONTEXT = Symbol('sessionscope.context')

type WithContext = Request & { [CONTEXT]?: SessionContext }

/** Binds a request to the session() instance handling it. */
export function bindContext(req: Request, ctx: SessionContext): void {
  ;(req as WithContext)[CONTEXT] = ctx
}

/** The session() instance that handled a request, if any. */
export function contextOf(req: Request): SessionContext | undefined {
  return (req as WithContext)[CONTEXT]
}

import type { CookieOptions, SessionCookieWriter } from './cookie.ts'
import type { Next, OutgoingHeaders, Request, Response } from './http-types.ts'
import { CommitEvent } from './events.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'
import type { SessionContext } from './request-context.ts'
import { holdOutput, type HeldOutput } from './response-state.ts'
import { checkExpiry, DEFAULT_COOKIE, DEFAULT_MAX_AGE } from './options.ts'
import { asError, type Store } from './store.ts'

export const COOKIE_NAME = 'connect.sid'

type Method = (...args: unknown[]) => unknown
type Kind = 'writeHead' | 'write' | 'end'
export type Op = { kind: Kind; args: unknown[] }
type Hooked = Record<Kind, Method | undefined>

/** The middleware's side of a commit. */
export interface CommitContext extends SessionContext {
  readonly store: Store
  /** This middleware's writer of session cookies. */
  readonly cookies: SessionCookieWriter
  /** Saves data the middleware has just copied and will not touch again (a store may keep it without copying). */
  save(key: string, data: PlainData, callback: (err: Error | null) => void): void
}

// The queue of a commit that holds nothing: shared and never written to (see hold), so that a response whose store
// answers at once, the usual case, allocates one small array for its one held call rather than an empty one that
// then grows to room for seventeen.
const NO_OPS: Op[] = []

/**
 * One response's commit: holds the first head/body call, saves the session, then lets the held calls through with
 * the cookie added. A class rather than closures, because one is made per request on the hot path.
 */
export class Commit implements HeldOutput {
  state: 'open' | 'saving' | 'done' | 'failed' = 'open'
  queue: Op[] = NO_OPS
  lastResult: unknown
  started = false
  ended = false
  readonly original: Record<Kind, Method | undefined>

  constructor(
    readonly req: Request,
    readonly res: Response,
    readonly ctx: CommitContext,
    readonly next: Next,
  ) {
    const target = res as unknown as Hooked
    this.original = { writeHead: target.writeHead, write: target.write, end: target.end }
  }

  /** Handles a call to one of the hooked methods. */
  intercept(kind: Kind, args: unknown[]): unknown {
    if (this.state === 'done') return (this.original[kind] as Method).apply(this.res, args)
    if (this.state === 'failed') {
      // The error handlers answer; what the application still writes after their answer ended must not reach a
      // finished response (Node would raise ERR_STREAM_WRITE_AFTER_END where nobody can catch it).
      if (!isFinished(this.res)) return (this.original[kind] as Method).apply(this.res, args)
      this.report(new Error(`res.${kind}() after a failed save was ignored: the error handlers answered instead`))
      return kind === 'write' ? false : this.res
    }
    if (this.ended) {
      // Sent as is, it would fail once the held output goes out (ERR_HTTP_HEADERS_SENT, write after end).
      this.report(new Error(`res.${kind}() after res.end() was ignored: the response the application ended stands`))
      return kind === 'write' ? false : this.res
    }
    this.started = true
    if (kind === 'end') this.ended = true
    this.hold({ kind, args })
    if (this.state === 'open') this.begin()
    // A synchronous store has already answered and the held call has run.
    if ((this.state as string) === 'done') return this.lastResult
    // Held until the store answers: report success to the caller, as a buffered stream would.
    return kind === 'write' ? true : this.res
  }

  /** Adds a call to the held ones. */
  hold(op: Op): void {
    if (this.queue === NO_OPS) this.queue = [op]
    else this.queue.push(op)
  }

  restore(): void {
    const target = this.res as unknown as Hooked
    target.writeHead = this.original.writeHead
    target.write = this.original.write
    target.end = this.original.end
  }

  begin(): void {
    this.state = 'saving'
    const { req, ctx } = this
    const session = req.session
    const key = req.sessionHash
    if (session === undefined || key === undefined) {
      if (ctx.events.active) ctx.events.emit({ type: 'skip-commit', time: ctx.clock.now(), req, key, reason: 'destroyed' })
      this.flush(null)
      return
    }
    let data: PlainData
    try {
      data = copyPlainData(session)
    } catch (err) {
      this.fail(asError(err))
      return
    }
    let called = false
    try {
      ctx.save(key, data, (err) => {
        if (called) return
        called = true
        if (err) return this.fail(asError(err))
        this.saved(session.id, key, data)
      })
    } catch (err) {
      // A store that throws instead of calling back: the save failed, unless it had already answered.
      if (called) this.report(asError(err))
      else {
        called = true
        this.fail(asError(err))
      }
    }
  }

  saved(id: string, key: string, data: PlainData): void {
    const { req, ctx } = this
    const store = ctx.store
    const now = ctx.clock.now()
    const options: Readonly<CookieOptions> = store.cookie ?? DEFAULT_COOKIE
    const insecure = isSecureCookie(options) && req.socket?.encrypted !== true
    const setCookie = insecure ? null : this.sessionCookie(id, options, now)
    if (setCookie instanceof Error) return this.fail(setCookie)
    if (ctx.events.active) {
      ctx.events.emit(new CommitEvent(now, req, id, key, statusOf(this.res, this.queue), setCookie, data, insecure ? 'insecure-connection' : undefined))
    }
    this.flush(setCookie)
  }

  /** The Set-Cookie header that carries `id`, expiring with the store's maxAge; or the error writing it raised. */
  sessionCookie(id: string, options: Readonly<CookieOptions>, now: number): string | Error {
    const { ctx } = this
    try {
      const maxAge = typeof ctx.store.maxAge === 'number' ? ctx.store.maxAge : DEFAULT_MAX_AGE
      return ctx.cookies.write(COOKIE_NAME, id, options, checkExpiry(now, maxAge))
    } catch (e) {
      return asError(e)
    }
  }

  flush(setCookie: string | null): void {
    this.state = 'done'
    this.restore()
    const ops = this.queue
    this.queue = NO_OPS
    if (setCookie !== null) addSetCookie(this.res, ops, setCookie)
    this.run(ops)
  }

  /** Lets held calls through to the response's own methods, in order. */
  run(ops: Op[]): void {
    for (const op of ops) {
      try {
        this.lastResult = (this.original[op.kind] as Method).apply(this.res, op.args)
      } catch (err) {
        // Thrown where the application cannot catch it (often in a store's callback): it must not crash the process.
        if (this.res.headersSent) {
          this.report(asError(err))
          continue
        }
        // Nothing went out yet: the error goes to the stack as if the application's call had thrown.
        this.started = this.ended = false
        clearHeaders(this.res)
        this.next(asError(err))
        return
      }
    }
  }

  /** A failed save: the held output is dropped with every header the application set, and the error goes on. */
  fail(error: Error): void {
    // Hooks stay in place, so that the application's calls after the error page are dropped (see intercept).
    this.state = 'failed'
    this.queue = NO_OPS
    this.started = this.ended = false
    clearHeaders(this.res)
    const { ctx, req } = this
    if (ctx.events.active) ctx.events.emit({ type: 'error', time: ctx.clock.now(), req, stage: 'commit', error })
    this.next(error)
  }

  /** An error that cannot change the response any more: announced, never thrown. */
  report(error: Error): void {
    const { ctx, req } = this
    if (ctx.events.active) ctx.events.emit({ type: 'error', time: ctx.clock.now(), req, stage: 'response', error })
  }
}

/**
 * Hooks the response so that, when its head is about to be written, the session is saved under its key and the
 * cookie added. Output is held until the store calls back (fixes Q12); a failed save goes to `next(err)` with
 * nothing sent, not even the application's headers (fixes Q16), and a destroyed session is neither saved nor sent
 * (fixes Q3). Whatever the application or the store throws on the way is reported, never let out of a callback.
 */
export function installCommit(req: Request, res: Response, ctx: CommitContext, next: Next): void {
  hookResponse(res, new Commit(req, res, ctx, next))
}

/** Routes a response's writeHead, write and end through a commit. */
export function hookResponse(res: Response, commit: Commit): void {
  const target = res as unknown as Hooked
  target.writeHead = (...args: unknown[]) => commit.intercept('writeHead', args)
  if (commit.original.write !== undefined) target.write = (...args: unknown[]) => commit.intercept('write', args)
  target.end = (...args: unknown[]) => commit.intercept('end', args)
  holdOutput(res, commit)
}

/** True once a response has been ended (Node's writableEnded, or finished on response-like objects). */
function isFinished(res: Response): boolean {
  const r = res as { writableEnded?: boolean; finished?: boolean }
  return r.writableEnded === true || r.finished === true
}

/** Removes every header set on the response so far. */
function clearHeaders(res: Response): void {
  if (typeof res.getHeaders !== 'function' || typeof res.removeHeader !== 'function') return
  for (const name of Object.keys(res.getHeaders())) res.removeHeader(name)
}

export function isSecureCookie(options: Readonly<CookieOptions>): boolean {
  return options.secure === true || options.secure === 'true'
}

export function statusOf(res: Response, ops: Op[]): number {
  const head = ops[0]
  if (head !== undefined && head.kind === 'writeHead' && typeof head.args[0] === 'number') return head.args[0]
  return res.statusCode
}

/** Adds our Set-Cookie after any the application already set, where the head will take it from. */
function addSetCookie(res: Response, ops: Op[], cookie: string): void {
  const head = ops[0]
  if (head !== undefined && head.kind === 'writeHead') {
    const args = head.args
    const at = typeof args[1] === 'object' && args[1] !== null ? 1 : typeof args[2] === 'object' && args[2] !== null ? 2 : -1
    // writeHead's own Set-Cookie replaces one given to setHeader, so ours must join the list passed there.
    const appended = at === -1 ? null : appendToHeaders(args[at] as OutgoingHeaders, cookie)
    if (appended !== null) {
      args[at] = appended
      return
    }
  }
  res.setHeader('Set-Cookie', withCookie(res.getHeader('Set-Cookie'), cookie))
}

/** A Set-Cookie header's values as strings, then `cookie`. */
function withCookie(prior: string | number | readonly string[] | undefined, cookie: string): string[] {
  // The usual case, no cookie set yet, in an array made at its size (one grown by push starts with room for 17).
  if (prior === undefined) return [cookie]
  return [...(Array.isArray(prior) ? prior : [prior]).map(String), cookie]
}

/** A copy of writeHead's headers with the cookie appended to their Set-Cookie, or null when they have none. */
function appendToHeaders(headers: OutgoingHeaders, cookie: string): OutgoingHeaders | null {
  if (Array.isArray(headers)) {
    const list = headers as readonly unknown[]
    const pairs = list.length > 0 && Array.isArray(list[0])
    const names = pairs ? list.map((p) => (p as unknown[])[0]) : list.filter((_, i) => i % 2 === 0)
    if (!names.some((n) => String(n).toLowerCase() === 'set-cookie')) return null
    return pairs ? [...list, ['Set-Cookie', cookie]] : [...list, 'Set-Cookie', cookie]
  }
  const record = headers as Record<string, string | number | string[] | undefined>
  // A loop rather than Object.keys().find: no array and no closure on every response.
  let name: string | undefined
  for (const k in record) {
    if (Object.hasOwn(record, k) && k.length === 10 && k.toLowerCase() === 'set-cookie') {
      name = k
      break
    }
  }
  if (name === undefined) return null
  return { ...record, [name]: withCookie(record[name], cookie) }
}

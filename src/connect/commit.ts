import { serializeCookie, type CookieOptions } from './cookie.ts'
import type { Next, OutgoingHeaders, Request, Response } from './http-types.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'
import type { SessionContext } from './request-context.ts'
import { asError, DEFAULT_COOKIE, DEFAULT_MAX_AGE, type Store } from './store.ts'

export const COOKIE_NAME = 'connect.sid'

type Method = (...args: unknown[]) => unknown
type Op = { kind: 'writeHead' | 'write' | 'end'; args: unknown[] }

/** The middleware's side of a commit. */
export interface CommitContext extends SessionContext {
  readonly store: Store
}

/**
 * Hooks the response so that, when its head is about to be written, the session is saved under its key and the
 * cookie added. Output is held until the store calls back (fixes Q12); a failed save goes to `next(err)` with
 * nothing sent (fixes Q16), and a destroyed session is neither saved nor sent (fixes Q3).
 */
export function installCommit(req: Request, res: Response, ctx: CommitContext, next: Next): void {
  const target = res as unknown as Record<'writeHead' | 'write' | 'end', Method | undefined>
  const original = { writeHead: target.writeHead, write: target.write, end: target.end }
  let state: 'open' | 'saving' | 'done' = 'open'
  let queue: Op[] = []
  let lastResult: unknown
  const isDone = (): boolean => state === 'done'

  const restore = (): void => {
    target.writeHead = original.writeHead
    target.write = original.write
    target.end = original.end
  }

  const flush = (setCookie: string | null): void => {
    state = 'done'
    restore()
    const ops = queue
    queue = []
    if (setCookie !== null) addSetCookie(res, ops, setCookie)
    for (const op of ops) lastResult = (original[op.kind] as Method).apply(res, op.args)
  }

  const fail = (error: Error): void => {
    state = 'done'
    restore()
    queue = []
    if (ctx.events.active) ctx.events.emit({ type: 'error', time: ctx.clock.now(), req, stage: 'commit', error })
    next(error)
  }

  const begin = (): void => {
    state = 'saving'
    const session = req.session
    const key = req.sessionHash
    if (session === undefined || key === undefined) {
      if (ctx.events.active) ctx.events.emit({ type: 'skip-commit', time: ctx.clock.now(), req, key, reason: 'destroyed' })
      flush(null)
      return
    }
    let data: PlainData
    try {
      data = copyPlainData(session)
    } catch (err) {
      fail(asError(err))
      return
    }
    const store = ctx.store
    let called = false
    store.set(key, data, (err) => {
      if (called) return
      called = true
      if (err) return fail(asError(err))
      const now = ctx.clock.now()
      const insecure = isSecureCookie(store.cookie) && req.socket?.encrypted !== true
      let setCookie: string | null = null
      try {
        if (!insecure) setCookie = serializeCookie(COOKIE_NAME, session.id, cookieFor(store, now))
      } catch (e) {
        return fail(asError(e))
      }
      if (ctx.events.active) {
        ctx.events.emit({
          type: 'commit',
          time: now,
          req,
          id: session.id,
          key,
          status: statusOf(res, queue),
          setCookie,
          data,
          ...(insecure ? { withheld: 'insecure-connection' as const } : {}),
        })
      }
      flush(setCookie)
    })
  }

  const hook = (kind: Op['kind']): Method =>
    function (this: unknown, ...args: unknown[]) {
      if (isDone()) return (original[kind] as Method).apply(res, args)
      queue.push({ kind, args })
      if (state === 'open') begin()
      // A synchronous store has already answered and the held call has run.
      if (isDone()) return lastResult
      // Held until the store answers: report success to the caller, as a buffered stream would.
      return kind === 'write' ? true : res
    }

  target.writeHead = hook('writeHead')
  if (original.write !== undefined) target.write = hook('write')
  target.end = hook('end')
}

function isSecureCookie(options: Readonly<CookieOptions>): boolean {
  return options.secure === true || options.secure === 'true'
}

/** This response's cookie attributes: the store's, with `expires` rolled to now + maxAge. */
function cookieFor(store: Store, now: number): CookieOptions {
  const base = store.cookie ?? DEFAULT_COOKIE
  const maxAge = typeof store.maxAge === 'number' ? store.maxAge : DEFAULT_MAX_AGE
  return { ...base, expires: new Date(now + maxAge) }
}

function statusOf(res: Response, ops: Op[]): number {
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
  const existing = res.getHeader('Set-Cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)]
  list.push(cookie)
  res.setHeader('Set-Cookie', list)
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
  const name = Object.keys(record).find((k) => k.toLowerCase() === 'set-cookie')
  if (name === undefined) return null
  const prior = record[name]
  const values = prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)]
  return { ...record, [name]: [...values, cookie] }
}

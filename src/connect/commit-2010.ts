// The commit of a session() built with commit quirks: the same held-output machinery as commit.ts, with 2010's
// behaviour brought back where a quirk asks for it. Only middlewares built with one of these quirks use this class,
// so the default commit pays nothing for them.
import { Commit, hookResponse, isSecureCookie, statusOf, type CommitContext, type Op } from './commit.ts'
import type { CookieOptions } from './cookie.ts'
import { CommitEvent } from './events.ts'
import type { Next, OutgoingHeaders, Request, Response } from './http-types.ts'
import { DEFAULT_COOKIE } from './options.ts'
import { copyPlainData, type PlainData } from './plain-data.ts'
import type { QuirkSet } from './quirks.ts'
import { asError } from './store.ts'

/** The commit quirks, read once when session() is built. */
export interface CommitQuirks {
  /** Q3: after destroy, save `undefined` under the key and throw reading the missing session's id. */
  readonly destroyAnswers500: boolean
  /** Q11: forward writeHead's first two arguments only and overwrite Set-Cookie in the caller's own object. */
  readonly dropsHeaders: boolean
  /** Q12: call set without a callback and let the response go on at once. */
  readonly fireAndForget: boolean
  /** Q13/Q14: hand the store the live session object, not a copy of its data. */
  readonly aliasing: boolean
  /** Q17: send a `secure` cookie over plain HTTP too. */
  readonly secureOverHttp: boolean
}

/** The commit quirks among a session()'s quirks, or null when it has none (the default commit is used). */
export function commitQuirksOf(quirks: QuirkSet): CommitQuirks | null {
  const flags: CommitQuirks = {
    destroyAnswers500: quirks.has('destroy-answers-500'),
    dropsHeaders: quirks.has('writehead-drops-headers'),
    fireAndForget: quirks.has('fire-and-forget-save'),
    aliasing: quirks.has('aliasing-store'),
    secureOverHttp: quirks.has('secure-over-http'),
  }
  return Object.values(flags).some(Boolean) ? flags : null
}

/** The message V8 gives for 2010's `req.session.id` once the session was destroyed. */
export const DESTROYED_SESSION_MESSAGE = "Cannot read properties of undefined (reading 'id')"

class Commit2010 extends Commit {
  constructor(
    req: Request,
    res: Response,
    ctx: CommitContext,
    next: Next,
    readonly quirks: CommitQuirks,
  ) {
    super(req, res, ctx, next)
  }

  override begin(): void {
    const { req, ctx, quirks } = this
    const session = req.session
    const key = req.sessionHash
    if (session === undefined || key === undefined) {
      if (!quirks.destroyAnswers500 || key === undefined) return super.begin()
      // 2010 restored writeHead, stored undefined under the key and then read req.session.id: the TypeError went to
      // whoever called writeHead, and through the stack's catch to a 500. Nothing the application wrote goes out.
      this.state = 'done'
      this.restore()
      this.queue = []
      this.started = this.ended = false
      ctx.store.set(key, undefined as unknown as null)
      throw new TypeError(DESTROYED_SESSION_MESSAGE)
    }
    this.state = 'saving'
    let data: PlainData
    if (quirks.aliasing) data = session
    else {
      try {
        data = copyPlainData(session)
      } catch (err) {
        this.fail(asError(err))
        return
      }
    }
    if (quirks.fireAndForget) {
      // No callback: the result and any error are never heard of; a throw goes to whoever called writeHead.
      ctx.store.set(key, data)
      this.saved(session.id, key, data)
      return
    }
    let called = false
    const done = (err: Error | null): void => {
      if (called) return
      called = true
      if (err) this.fail(asError(err))
      else this.saved(session.id, key, data)
    }
    try {
      // The live object must reach set itself (a store that adopts would keep it without the store's own rules).
      if (quirks.aliasing) ctx.store.set(key, data, done)
      else ctx.save(key, data, done)
    } catch (err) {
      if (called) this.report(asError(err))
      else {
        called = true
        this.fail(asError(err))
      }
    }
  }

  override saved(id: string, key: string, data: PlainData): void {
    const { req, ctx, quirks } = this
    const store = ctx.store
    const now = ctx.clock.now()
    const options: Readonly<CookieOptions> = store.cookie ?? DEFAULT_COOKIE
    const insecure = !quirks.secureOverHttp && isSecureCookie(options) && req.socket?.encrypted !== true
    const setCookie = insecure ? null : this.sessionCookie(id, options, now)
    if (setCookie instanceof Error) return this.fail(setCookie)
    if (ctx.events.active) {
      const shown = quirks.aliasing ? safeCopy(data) : data
      ctx.events.emit(new CommitEvent(now, req, String(id), key, statusOf(this.res, this.queue), setCookie, shown, insecure ? 'insecure-connection' : undefined))
    }
    if (quirks.dropsHeaders) this.flush2010(setCookie)
    else this.flush(setCookie)
  }

  /** 2010's proxy: the cookie goes into writeHead's second argument (mutated in place), and only two arguments go on. */
  flush2010(setCookie: string | null): void {
    this.state = 'done'
    this.restore()
    const ops = this.queue
    this.queue = []
    const head = ops[0]
    if (head !== undefined && head.kind === 'writeHead') {
      const headers = (head.args[1] || {}) as OutgoingHeaders | string
      // A reason phrase in second place takes the cookie's assignment and loses it (sloppy-mode 2010 code).
      if (setCookie !== null && typeof headers === 'object' && headers !== null) (headers as Record<string, unknown>)['Set-Cookie'] = setCookie
      ops[0] = { kind: 'writeHead', args: [head.args[0], headers] } satisfies Op
    } else if (setCookie !== null) {
      // An implicit head went through 2010's proxy with a fresh {}: its Set-Cookie replaced the application's.
      this.res.setHeader('Set-Cookie', setCookie)
    }
    this.run(ops)
  }
}

/** The data of a live session object for an event, or an empty record when it cannot be copied (an id that is not text). */
function safeCopy(data: PlainData): PlainData {
  try {
    return copyPlainData(data)
  } catch {
    return {}
  }
}

/** Installs a commit with the given 2010 quirks (see installCommit for the default one). */
export function installCommit2010(quirks: CommitQuirks): (req: Request, res: Response, ctx: CommitContext, next: Next) => void {
  return (req, res, ctx, next) => hookResponse(res, new Commit2010(req, res, ctx, next, quirks))
}

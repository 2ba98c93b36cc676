import { Emitter, type Listener } from './events.ts'
import type { ErrorHandler, Handler, Next, Request, Response } from './http-types.ts'
import { resolveQuirks, type QuirksOption } from './quirks.ts'
import { responseEnded, responseStarted } from './response-state.ts'

/**
 * What an app announces: an error that reached the end of the stack after the response was already answered, so
 * it could not become an error page. The response that was sent stands; the error is reported here, never thrown.
 */
export interface ServerEvent {
  readonly type: 'error-after-response'
  readonly req: Request
  readonly error: unknown
}

/** One entry of an app's stack: the normalised route and the function called for it. */
export interface Layer {
  readonly route: string
  readonly handle: Handler | ErrorHandler
}

/** Anything `use()` and `createServer()` accept: a handler, a 4-argument error handler, or an app to mount. */
export type Middleware = Handler | ErrorHandler | App

/**
 * A Connect app: callable as a Node request listener (`http.createServer(app)`), with a stack of layers.
 * The Handler-only overloads come first so that inline `(req, res, next) => …` lambdas get their parameter types;
 * an inline error handler needs its parameters annotated (or a variable typed `ErrorHandler`).
 */
export interface App {
  (req: Request, res: Response): void
  use(...fns: Handler[]): App
  use(route: string, ...fns: Handler[]): App
  use(...fns: Middleware[]): App
  use(route: string, ...fns: Middleware[]): App
  handle(req: Request, res: Response, out?: Next): void
  readonly stack: ReadonlyArray<Layer>
  env: string
  /**
   * Subscribes to the app's events; returns the unsubscribe function. While nobody listens, an error after the
   * response is written to the console instead, so it is never lost silently.
   */
  on(listener: Listener<ServerEvent>): () => void
}

interface Entry extends Layer {
  // Cached so dispatch does not read Function#length for every layer of every request.
  readonly arity: number
  // A route containing '?' or '#' can never be a prefix of a pathname, exactly as with 2010's url.parse.
  readonly matchable: boolean
}

const LAYER_ERROR = 'Each layer must have a route and a handle function'

// Symbol.for, so an app made by a second copy of this module (e.g. two bundles) is still recognised for mounting.
const APP_BRAND: unique symbol = Symbol.for('sessionscope.connect.app')

const SLASH = 47 // '/'
const DOT = 46 // '.'
const QUERY = 63 // '?'
const HASH = 35 // '#'

/** Options of createServer, given as its first argument. */
export interface ServerOptions {
  /**
   * 2010 mode: `'2010'` or a list of quirk ids (errno-not-found, mounted-errors-swallowed, assertion-rethrown,
   * original-url-rewritten; others are ignored here). Default: none.
   */
  quirks?: QuirksOption
}

/** Builds an app and registers each argument under the route '/'; an options object may come first. */
export function createServer(...layers: Handler[]): App
export function createServer(options: ServerOptions, ...layers: Handler[]): App
export function createServer(...layers: Middleware[]): App
export function createServer(options: ServerOptions, ...layers: Middleware[]): App
export function createServer(...args: Array<Middleware | ServerOptions>): App {
  const first = args[0]
  const options: ServerOptions = typeof first === 'object' && first !== null ? (args.shift() as ServerOptions) : {}
  const layers = args as Middleware[]
  const quirks = resolveQuirks(options.quirks, 'createServer', 'createServer')
  const errnoNotFound = quirks.has('errno-not-found')
  const swallowMounted = quirks.has('mounted-errors-swallowed')
  const rethrowAssertions = quirks.has('assertion-rethrown')
  const rewriteOriginalUrl = quirks.has('original-url-rewritten')
  const entries: Entry[] = []
  const events = new Emitter<ServerEvent>()

  const app = function connectApp(req: Request, res: Response): void {
    handle(req, res)
  } as App

  function addLayers(...args: unknown[]): App {
    let route = '/'
    let first = 0
    if (typeof args[0] === 'string') {
      route = args[0]
      first = 1
    }
    if (first >= args.length) throw new TypeError(LAYER_ERROR)
    // Validate everything before pushing anything, so a bad argument leaves the stack as it was.
    const fns: Array<Handler | ErrorHandler> = []
    for (let i = first; i < args.length; i++) fns.push(toLayerFunction(args[i]))
    const normalised = stripTrailingSlashes(route)
    const matchable = normalised.indexOf('?') === -1 && normalised.indexOf('#') === -1
    for (const fn of fns) entries.push({ route: normalised, handle: fn, arity: fn.length, matchable })
    return app
  }

  function handle(req: Request, res: Response, out?: Next): void {
    if (typeof req.url !== 'string') req.url = '/'
    const entryUrl = req.url
    // Q25: a mounted app sees the outer app's originalUrl, not its own stripped view of it.
    if (req.originalUrl === undefined || rewriteOriginalUrl) req.originalUrl = entryUrl
    let index = 0
    // What the last matched layer stripped, so the URL can be put back when it calls next.
    let removed = ''
    let before = ''
    let after = ''

    const next: Next = (err?: unknown): void => {
      // Q23: 2010 compared errno with process.ENOENT, which later Node lacks, so every errno-less error became a 404.
      if (err) {
        // Q23 brought back: 2010 compared errno with process.ENOENT (2 on Node 0.2; absent later, when every
        // errno-less error matched).
        if (errnoNotFound ? (err as { errno?: unknown }).errno === processEnoent() : (err as { code?: unknown }).code === 'ENOENT') err = undefined
      }

      if (removed !== '') {
        const current = req.url
        // Untouched: restore byte for byte (2010's concatenation turned '/hello' into '/hello/'); rewritten: re-prefix.
        req.url = current === after ? before : removed + (current ?? '')
        removed = ''
      }
      if (rewriteOriginalUrl) req.originalUrl = req.url

      const url = typeof req.url === 'string' ? req.url : ''
      while (index < entries.length) {
        const entry = entries[index++] as Entry
        const arity = entry.arity
        if (err ? arity !== 4 : arity > 3) continue
        const route = entry.route
        if (route !== '') {
          if (!entry.matchable || !url.startsWith(route)) continue
          const c = url.charCodeAt(route.length)
          // NaN (end of the URL) matches; so do '?' and '#', which end the pathname.
          if (c === c && c !== SLASH && c !== DOT && c !== QUERY && c !== HASH) continue
          let rest = url.slice(route.length)
          if (rest.charCodeAt(0) !== SLASH) rest = '/' + rest
          removed = route
          before = url
          after = rest
          req.url = rest
        }
        try {
          if (err) (entry.handle as ErrorHandler)(err, req, res, next)
          else (entry.handle as Handler)(req, res, next)
        } catch (thrown) {
          // Q25 brought back: an AssertionError went past every handler, out of the request listener.
          if (rethrowAssertions && thrown instanceof Error && thrown.name === 'AssertionError') throw thrown
          // A falsy throw would otherwise read as "no error" and carry on as if the layer had succeeded.
          next(thrown ? thrown : new Error(`A layer threw ${String(thrown)}`))
        }
        return
      }

      if (out !== undefined) {
        // Q24: 2010 called out() without the error, so a mounted app's errors turned into a 404.
        if (err && !swallowMounted) out(err)
        else out()
        return
      }
      finish(req, res, err, entryUrl, app.env, events)
    }

    next()
  }

  Object.defineProperty(app, APP_BRAND, { value: true })
  Object.defineProperty(app, 'stack', { value: entries as ReadonlyArray<Layer>, enumerable: true })
  app.use = addLayers as App['use']
  app.handle = handle
  app.on = (listener) => events.on(listener)
  app.env = defaultEnv()

  if (layers.length > 0) addLayers(...layers)
  return app
}

// Apps are mounted (their handle gets the outer next) rather than called as plain (req, res) handlers.
function isApp(value: unknown): value is App {
  return typeof value === 'function' && (value as { [APP_BRAND]?: unknown })[APP_BRAND] === true
}

function toLayerFunction(value: unknown): Handler | ErrorHandler {
  if (isApp(value)) {
    // Look handle up per call rather than binding it, so the mounted app stays the single source of truth.
    return (req: Request, res: Response, next: Next): void => value.handle(req, res, next)
  }
  if (typeof value !== 'function') throw new TypeError(LAYER_ERROR)
  return value as Handler | ErrorHandler
}

function stripTrailingSlashes(route: string): string {
  let end = route.length
  while (end > 0 && route.charCodeAt(end - 1) === SLASH) end--
  return end === route.length ? route : route.slice(0, end)
}

/** process.ENOENT as the 2010 server read it: whatever the runtime says, else Node 0.2's value, 2. */
function processEnoent(): unknown {
  const proc = typeof process === 'undefined' ? undefined : (process as { ENOENT?: unknown })
  return proc !== undefined && proc.ENOENT !== undefined ? proc.ENOENT : 2
}

function defaultEnv(): string {
  // The library also runs in browsers, where there is no process.
  if (typeof process === 'undefined' || process.env === undefined) return 'development'
  return process.env.CONNECT_ENV ?? process.env.NODE_ENV ?? 'development'
}

function finish(req: Request, res: Response, err: unknown, entryUrl: string, env: string, events: Emitter<ServerEvent>): void {
  // Answered already (perhaps still held by a session's commit): the response stands, the error is only reported.
  if (responseStarted(res)) {
    if (err) reportAfterResponse(events, req, err)
    if (!responseEnded(res)) res.end()
    return
  }
  let status: number
  let body: string
  if (err) {
    status = 500
    body = env === 'production' ? 'Internal Server Error' : describeError(err)
  } else {
    status = 404
    body = `Cannot ${req.method ?? 'GET'} ${entryUrl}`
  }
  // writeHead (as 2010 did) rather than an implicit head, so a session's commit hook on it always runs.
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(body)
}

function reportAfterResponse(events: Emitter<ServerEvent>, req: Request, error: unknown): void {
  if (events.active) events.emit({ type: 'error-after-response', req, error })
  else console.error(`connect: error after the response to ${req.method ?? 'GET'} ${req.originalUrl ?? req.url ?? '/'} was sent:`, error)
}

function describeError(err: unknown): string {
  const stack = (err as { stack?: unknown }).stack
  if (typeof stack === 'string' && stack !== '') return stack
  try {
    return String(err)
  } catch {
    // Objects without a prototype (or with a throwing toString) cannot be stringified.
    return 'Internal Server Error'
  }
}

import type { Session } from './session-class.ts'
import type { Store } from './store.ts'

/** Parsed cookies: a null-prototype map, so names like `__proto__` are ordinary keys. */
export type CookieMap = Record<string, string>

/** The part of Node's IncomingMessage the library reads; the simulator's requests have the same shape. */
export interface Request {
  method?: string
  url?: string
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  socket?: { remoteAddress?: string; encrypted?: boolean } | null
  /** Set by cookieDecoder. */
  cookies?: CookieMap
  /** Set by session(): the request's session, absent once destroyed. */
  session?: Session
  /** Set by session(): the store key (the fingerprint) of the request's session. */
  sessionHash?: string
  /** Set by session(): the store behind the middleware. */
  sessionStore?: Store
}

/** Outgoing headers as Node accepts them in writeHead. */
export type OutgoingHeaders = Record<string, string | number | string[] | undefined> | ReadonlyArray<unknown>

/** The part of Node's ServerResponse the library drives; the simulator's responses have the same shape. */
export interface Response {
  statusCode: number
  readonly headersSent: boolean
  setHeader(name: string, value: string | number | readonly string[]): unknown
  getHeader(name: string): string | number | string[] | undefined
  removeHeader?(name: string): void
  /** Every header set so far (Node's returns lower-cased names); lets a failed save drop the application's headers. */
  getHeaders?(): Record<string, unknown>
  writeHead(statusCode: number, reasonOrHeaders?: string | OutgoingHeaders, headers?: OutgoingHeaders): unknown
  write?(chunk: unknown, ...rest: unknown[]): boolean
  end(chunk?: unknown, ...rest: unknown[]): unknown
}

/** Continues the stack; an argument makes it an error. */
export type Next = (err?: unknown) => void

/** A layer of the stack: arity 3 for requests, arity 4 for errors (as in 2010). */
export type Handler = (req: Request, res: Response, next: Next) => void
export type ErrorHandler = (err: unknown, req: Request, res: Response, next: Next) => void

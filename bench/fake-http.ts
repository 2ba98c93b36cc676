/**
 * In-memory request/response objects and the one middleware driver used for every pipeline in the
 * bench (ours, connect 0.2.1, express-session), so they all pay exactly the same harness costs.
 */

export interface BenchRequest {
  method: string
  url: string
  headers: Record<string, string | undefined>
  socket: { remoteAddress: string }
  // Middlewares hang their own properties on the request (cookies, session, sessionHash, ...).
  [extra: string]: unknown
}

type HeaderValue = string | number | readonly string[]
type HeaderInput = Record<string, HeaderValue | undefined> | readonly unknown[]

/**
 * Enough of Node's ServerResponse for session middlewares: header map (case-insensitive), writeHead in
 * its 1-, 2- and 3-argument forms, write/end, and the implicit header that Node sends from end()/write()
 * by calling `this.writeHead(this.statusCode)` — a method call, so own-property hooks placed on the
 * response by a middleware are honoured, as they are in Node.
 */
export class FakeResponse {
  statusCode = 200
  statusMessage: string | undefined = undefined
  headersSent = false
  finished = false
  bodyBytes = 0
  /** Every Set-Cookie value that was on the response when its head was written. */
  setCookies: string[] = []
  private readonly outHeaders: Record<string, HeaderValue> = Object.create(null) as Record<string, HeaderValue>
  private readonly onEnd: (res: FakeResponse) => void

  constructor(onEnd: (res: FakeResponse) => void) {
    this.onEnd = onEnd
  }

  setHeader(name: string, value: HeaderValue): this {
    if (this.headersSent) throw new Error(`Cannot set header "${name}" after headers are sent`)
    this.outHeaders[name.toLowerCase()] = value
    return this
  }

  getHeader(name: string): HeaderValue | undefined {
    return this.outHeaders[name.toLowerCase()]
  }

  removeHeader(name: string): void {
    if (this.headersSent) throw new Error(`Cannot remove header "${name}" after headers are sent`)
    delete this.outHeaders[name.toLowerCase()]
  }

  /** Node-internal names some middlewares (express-session, on-headers) rely on. */
  get _header(): boolean {
    return this.headersSent
  }

  _implicitHeader(): void {
    this.writeHead(this.statusCode)
  }

  writeHead(statusCode: number, reasonOrHeaders?: string | HeaderInput, maybeHeaders?: HeaderInput): this {
    if (this.headersSent) throw new Error('writeHead called after headers were sent')
    let headers: HeaderInput | undefined = maybeHeaders
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders
    else if (reasonOrHeaders !== undefined && reasonOrHeaders !== null) headers = reasonOrHeaders
    this.statusCode = statusCode
    if (headers) {
      if (Array.isArray(headers)) {
        // Node accepts [[name, value], ...] and the flat [name, value, name, value, ...] form.
        if (Array.isArray(headers[0])) {
          for (const pair of headers as readonly (readonly unknown[])[]) this.outHeaders[String(pair[0]).toLowerCase()] = pair[1] as HeaderValue
        } else {
          for (let i = 0; i + 1 < headers.length; i += 2) this.outHeaders[String(headers[i]).toLowerCase()] = headers[i + 1] as HeaderValue
        }
      } else {
        const record = headers as Record<string, HeaderValue | undefined>
        for (const name in record) {
          const value = record[name]
          if (value !== undefined) this.outHeaders[name.toLowerCase()] = value
        }
      }
    }
    this.headersSent = true
    const cookie = this.outHeaders['set-cookie']
    if (typeof cookie === 'string') this.setCookies.push(cookie)
    else if (Array.isArray(cookie)) for (const c of cookie as readonly string[]) this.setCookies.push(String(c))
    return this
  }

  write(chunk?: unknown): boolean {
    if (!this.headersSent) this.writeHead(this.statusCode)
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) this.bodyBytes += chunk.length
    return true
  }

  end(chunk?: unknown): this {
    if (this.finished) return this
    if (!this.headersSent) this.writeHead(this.statusCode)
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) this.bodyBytes += chunk.length
    this.finished = true
    this.onEnd(this)
    return this
  }
}

// Middlewares from three libraries with three type systems: the driver only needs the call shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayer = (req: any, res: any, next: (err?: unknown) => void) => unknown
export type Handle = (req: BenchRequest, res: FakeResponse) => void

export const driverErrors = { count: 0, first: undefined as unknown }

function fail(res: FakeResponse, err: unknown): void {
  driverErrors.count++
  if (driverErrors.first === undefined) driverErrors.first = err
  if (!res.headersSent) res.statusCode = 500
  res.end(String(err))
}

/**
 * One request's walk through a stack. `next` is assigned in the constructor on purpose: the bench runs
 * under tsx, whose esbuild `keepNames` wraps closures bound to a name (`const next = () => …`) in an
 * Object.defineProperty call each time one is created; a closure assigned to a property is left alone,
 * so the driver adds no such per-request cost to any contender.
 */
class StackRun {
  readonly next: (err?: unknown) => void

  constructor(layers: readonly AnyLayer[], req: BenchRequest, res: FakeResponse) {
    let index = 0
    this.next = (err?: unknown): void => {
      if (err !== undefined && err !== null) {
        fail(res, err)
        return
      }
      const layer = layers[index++]
      if (!layer) {
        res.statusCode = 404
        res.end('Cannot GET ' + req.url)
        return
      }
      try {
        layer(req, res, this.next)
      } catch (thrown) {
        fail(res, thrown)
      }
    }
  }
}

/**
 * A minimal connect-style stack: layers in order, `next()` moves on, `next(err)` or a throw ends the
 * response with a 500, falling off the end is a 404. Used for every pipeline in the bench.
 */
export function chain(layers: readonly AnyLayer[]): Handle {
  return function handle(req, res) {
    new StackRun(layers, req, res).next()
  }
}

/**
 * Issues `total` requests in batches of `batchSize`: a batch is started synchronously, then the driver
 * awaits one promise that resolves when the batch's last response has ended (middlewares may finish
 * synchronously, on process.nextTick or on setImmediate — all are counted the same way). When no
 * response ends for `stallMs` while some are pending, the drive rejects instead of hanging the bench.
 */
export async function driveBatches(
  total: number,
  batchSize: number,
  issue: (index: number, onEnd: (res: FakeResponse) => void) => void,
  stallMs = 5_000,
): Promise<{ nonOk: number }> {
  let nonOk = 0
  let pending = 0
  let resolveBatch: (() => void) | undefined
  const onEnd = (res: FakeResponse): void => {
    if (res.statusCode !== 200) nonOk++
    ended++
    pending--
    if (pending === 0 && resolveBatch) {
      const resolve = resolveBatch
      resolveBatch = undefined
      resolve()
    }
  }
  let ended = 0
  let seenAtLastCheck = -1
  let rejectStall: ((err: Error) => void) | undefined
  const stalled = new Promise<never>((_, reject) => {
    rejectStall = reject
  })
  stalled.catch(() => {})
  // Progress watchdog: fires only when no response at all ended during a whole interval.
  const watchdog = setInterval(() => {
    if (pending > 0 && ended === seenAtLastCheck) {
      rejectStall?.(new Error(`pipeline stalled: ${pending} request(s) of a batch never ended`))
    }
    seenAtLastCheck = ended
  }, stallMs)
  try {
    for (let done = 0; done < total; ) {
      const n = Math.min(batchSize, total - done)
      pending = n
      const batch = new Promise<void>((resolve) => {
        resolveBatch = resolve
      })
      for (let j = 0; j < n; j++) issue(done + j, onEnd)
      await Promise.race([batch, stalled])
      done += n
    }
  } finally {
    clearInterval(watchdog)
  }
  return { nonOk }
}

/** The `name=value` part of a Set-Cookie header, or undefined when the cookie is not there. */
export function cookiePair(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0]!.trim()
    if (pair.startsWith(name + '=')) return pair
  }
  return undefined
}

/** A returning (or first-time, without cookie) browser. */
export interface ClientLike {
  userAgent: string
  socket: { remoteAddress: string }
  cookie?: string
}

export function makeRequest(client: ClientLike, cookie: string | undefined = client.cookie): BenchRequest {
  const headers: Record<string, string | undefined> = {
    host: 'bench.local',
    'user-agent': client.userAgent,
    accept: 'text/html',
  }
  if (cookie !== undefined) headers.cookie = cookie
  return { method: 'GET', url: '/', headers, socket: client.socket }
}

/** The application of every pipeline: counts views in the session and ends the response (implicit head). */
export const viewsHandler: AnyLayer = (req: { session: { views?: number } }, res: FakeResponse) => {
  const session = req.session
  session.views = (session.views ?? 0) + 1
  res.end('ok')
}

/** The timed part of workload c: `total` requests from `clients` in round-robin, `batch` at a time. */
export function runReturning(handle: Handle, clients: readonly ClientLike[], total: number, batch: number): Promise<{ nonOk: number }> {
  const count = clients.length
  return driveBatches(total, batch, (i, onEnd) => {
    handle(makeRequest(clients[i % count]!), new FakeResponse(onEnd))
  })
}

// The small demos of the /changes page: one per 2010 quirk, run through the real library twice, once with that
// quirk alone brought back and once without it. Each demo is a few requests (or direct store calls) on in-memory
// request/response objects and a virtual clock; its result is plain text lines for a widget to show.
import {
  cookieDecoder,
  createServer,
  MemoryStore,
  md5,
  QUIRKS,
  session,
  type App,
  type Handler,
  type Quirk,
  type Request,
  type Response,
} from '../connect/index.ts'
import { SimRequest, SimResponse, type RequestInit } from './http.ts'
import { VirtualClock } from './virtual-clock.ts'

/** Which way a demo runs: with its quirk brought back, or as the library behaves today. */
export type QuirkDemoMode = '2010' | 'today'

/** One line of a demo's outcome: what was done, and what came of it. */
export interface QuirkDemoLine {
  readonly action: string
  readonly outcome: string
}

/** A demo's outcome in one mode. */
export interface QuirkDemoResult {
  readonly quirk: Quirk
  readonly mode: QuirkDemoMode
  readonly lines: readonly QuirkDemoLine[]
}

type Lines = QuirkDemoLine[]
type Demo = (q: Quirk[], out: Lines) => Promise<void> | void

/** Sends one request through an app and resolves when its response ends. */
function send(app: App, init: RequestInit = {}): Promise<SimResponse> {
  return new Promise((resolve) => {
    const req = new SimRequest(init)
    app.handle(req, new SimResponse(resolve))
  })
}

/** A response as one line: status, the body's first line, and the Set-Cookie header (or its absence). */
function describe(res: SimResponse): string {
  const cookies = res.setCookies()
  const body = res.body.split('\n')[0] ?? ''
  const cookie = cookies.length === 0 ? 'no Set-Cookie' : `Set-Cookie: ${cookies.map(shortCookie).join(' + ')}`
  return `${res.statusCode} “${body}”, ${cookie}`
}

/** `connect.sid=<id>` without the attributes, which every demo shares. */
function shortCookie(line: string): string {
  return line.split(';')[0] ?? line
}

function sidOf(res: SimResponse): string {
  const line = res.setCookies().find((c) => c.startsWith('connect.sid='))
  return line === undefined ? '' : (line.split(';')[0] ?? '').slice('connect.sid='.length)
}

function text(res: Response, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(body)
}

/** The demo app: login, whoami and logout on req.session. */
const app: Handler = (req, res, next) => {
  const s = req.session
  if (req.url === '/login' && s) {
    s.user = 'ann'
    return text(res, 'hello ann')
  }
  if (req.url === '/logout' && s) return s.destroy(() => text(res, 'bye'))
  if (req.url === '/whoami') return text(res, s === undefined ? 'no session' : String(s.user ?? 'nobody'))
  next()
}

function thrown(fn: () => unknown): string {
  try {
    const value = fn()
    return typeof value === 'string' ? value : 'returned'
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err))
    return `threw ${e.name}: ${e.message.split(' (quirk')[0] ?? ''}`
  }
}

function store(q: Quirk[], clock = new VirtualClock(), extra: { reapInterval?: number; maxAge?: number; cookie?: Record<string, boolean> } = {}): MemoryStore {
  return new MemoryStore({ reapInterval: -1, clock, ...extra, quirks: q })
}

function lengthOf(s: MemoryStore): number {
  let n = -1
  s.length?.((_e, count) => (n = count ?? -1))
  return n
}

const DEMOS: Record<Quirk, Demo> = {
  async 'shared-global-store'(q, out) {
    const clock = new VirtualClock()
    const first = store([], clock)
    const second = store([], clock)
    const mw = session({ store: first, clock, quirks: q })
    session({ store: second, clock, quirks: q })
    await send(createServer(cookieDecoder(), mw, app), { url: '/login' })
    out.push({ action: 'Build session({ store: first }), then session({ store: second })', outcome: 'two middlewares' })
    out.push({ action: 'Log in through the first middleware', outcome: `first store holds ${first.size}, second store holds ${second.size}` })
  },
  'broken-default-store'(q, out) {
    out.push({ action: 'session() without a store', outcome: thrown(() => (session({ quirks: q }), 'a working middleware with its own MemoryStore')) })
  },
  async 'destroy-answers-500'(q, out) {
    const server = createServer(cookieDecoder(), session({ store: store([]), quirks: q }), app)
    const login = await send(server, { url: '/login' })
    out.push({ action: 'GET /login', outcome: describe(login) })
    const logout = await send(server, { url: '/logout', headers: { cookie: `connect.sid=${sidOf(login)}` } })
    out.push({ action: 'GET /logout (req.session.destroy, then respond)', outcome: describe(logout) })
  },
  tombstones(q, out) {
    const clock = new VirtualClock()
    const s = store(q, clock)
    s.set('key-1', { id: 'a', lastAccess: clock.now() })
    s.destroy('key-1')
    out.push({ action: 'Save a session, then destroy it', outcome: `store.length says ${lengthOf(s)}` })
    out.push({ action: 'The reaper runs', outcome: thrown(() => `removed ${s.reap().length}`) })
  },
  'destroy-no-result'(q, out) {
    const s = store(q)
    s.set('key-1', { id: 'a', lastAccess: 0 })
    let args: unknown[] = []
    s.destroy('key-1', (...a: unknown[]) => (args = a))
    out.push({ action: 'store.destroy(key, callback)', outcome: `callback got (${args.map((a) => JSON.stringify(a)).join(', ')})` })
  },
  'object-map'(q, out) {
    const s = store(q)
    let found: unknown
    s.get('toString', (_e, data) => (found = data))
    out.push({ action: "store.get('toString')", outcome: found === undefined ? 'a miss' : `found a ${typeof found}` })
    s.set('__proto__', { id: 'a', lastAccess: 0 })
    out.push({ action: "store.set('__proto__', session)", outcome: `store.length says ${lengthOf(s)}` })
  },
  'prototype-cookie-names'(q, out) {
    const req = new SimRequest({ headers: { cookie: '__proto__=a; constructor=b; map=c; theme=dark' } })
    cookieDecoder({ quirks: q })(req, new SimResponse(), () => undefined)
    out.push({ action: 'Cookie: __proto__=a; constructor=b; map=c; theme=dark', outcome: `req.cookies has ${Object.keys(req.cookies ?? {}).join(', ')}` })
  },
  async 'math-random-ids'(q, out) {
    const server = createServer(cookieDecoder(), session({ store: store([]), quirks: q }), app)
    for (let i = 1; i <= 3; i++) {
      const id = sidOf(await send(server, { url: '/whoami' }))
      out.push({ action: `New visitor ${i}`, outcome: `id ${id} (${id.length} hex characters)` })
    }
  },
  async 'latin1-fingerprint'(q, out) {
    const server = createServer(cookieDecoder(), session({ store: store([]), quirks: q, genid: () => 'abc' }), app)
    const ua = 'Mözilla/5.0'
    const key = await keyOf(server, ua)
    out.push({ action: `md5('abc' + '127.0.0.1' + '${ua}')`, outcome: `store key ${key}` })
    out.push({ action: 'The UTF-8 md5 of that text', outcome: md5(`abc127.0.0.1${ua}`) })
  },
  'leaking-timer'(q, out) {
    out.push({ action: 'new MemoryStore({ reapInterval: 0 })', outcome: thrown(() => `reapInterval is ${new MemoryStore({ reapInterval: 0, quirks: q }).reapInterval} ms`) })
    const clock = new VirtualClock()
    const s = store(q, clock, { reapInterval: 1_000, maxAge: 1_000 })
    s.set('key-1', { id: 'a', lastAccess: clock.now() })
    s.close()
    clock.advance(5_000)
    out.push({ action: 'store.close(), then 5 s pass', outcome: s.size === 0 ? 'the reaper still ran: the stale session is gone' : 'nothing ran: the session is still there' })
  },
  async 'writehead-drops-headers'(q, out) {
    const reason: Handler = (req, res, next) => {
      if (req.url !== '/reason') return next()
      res.writeHead(200, 'OK', { 'X-Frame-Options': 'DENY' })
      res.end('framed?')
    }
    const server = createServer(cookieDecoder(), session({ store: store([]), quirks: q }), reason)
    const res = await send(server, { url: '/reason' })
    out.push({ action: "res.writeHead(200, 'OK', { 'X-Frame-Options': 'DENY' })", outcome: `X-Frame-Options ${String(res.getHeader('x-frame-options') ?? 'missing')}, ${describe(res).split(', ').slice(1).join(', ')}` })
  },
  async 'fire-and-forget-save'(q, out) {
    const s = store([])
    s.set = (_hash, _data, callback) => callback?.(new Error('disk full'))
    const server = createServer(cookieDecoder(), session({ store: s, quirks: q }), app)
    out.push({ action: 'GET /login with a store whose save fails', outcome: describe(await send(server, { url: '/login' })) })
  },
  'aliasing-store'(q, out) {
    const s = store(q)
    const data = { id: 'a', lastAccess: 0, cart: { items: 1 } }
    s.set('key-1', data)
    data.cart.items = 99
    let items: unknown
    s.get('key-1', (_e, got) => (items = (got?.cart as { items?: unknown } | undefined)?.items))
    out.push({ action: 'Save { cart: { items: 1 } }, then change items to 99 without saving', outcome: `the store says items: ${String(items)}` })
  },
  async 'fixation-on-store-error'(q, out) {
    const s = store([])
    s.get = (_hash, callback) => callback(new Error('db down'))
    const server = createServer(cookieDecoder(), session({ store: s, quirks: q }), app)
    const res = await send(server, { url: '/whoami', headers: { cookie: 'connect.sid=attacker-chosen' } })
    out.push({ action: 'Cookie: connect.sid=attacker-chosen, and the store fails', outcome: describe(res) })
  },
  async 'secure-over-http'(q, out) {
    const server = createServer(cookieDecoder(), session({ store: store([], new VirtualClock(), { cookie: { secure: true } }), quirks: q }), app)
    out.push({ action: 'GET /login over plain HTTP, cookie { secure: true }', outcome: describe(await send(server, { url: '/login' })) })
  },
  async 'async-decoder'(q, out) {
    const order: string[] = []
    const decode = cookieDecoder({ quirks: q })
    await new Promise<void>((resolve) => {
      decode(new SimRequest({ headers: { cookie: 'a=1' } }), new SimResponse(), () => {
        order.push('next()')
        resolve()
      })
      order.push('the decoder returned')
    })
    out.push({ action: 'cookieDecoder with a Cookie header', outcome: order.join(', then ') })
  },
  async 'decoder-deletes-header'(q, out) {
    const server = createServer(cookieDecoder({ quirks: q }), cookieDecoder({ quirks: q }), session({ store: store([]) }), app)
    const login = await send(server, { url: '/login' })
    const again = await send(server, { url: '/whoami', headers: { cookie: `connect.sid=${sidOf(login)}` } })
    out.push({ action: 'Two cookieDecoders in the stack: log in, then ask who I am', outcome: describe(again) })
  },
  async 'data-shadows-methods'(q, out) {
    const clock = new VirtualClock()
    const s = store([], clock)
    s.set(md5('fixed127.0.0.1'), { id: 'fixed', lastAccess: clock.now(), user: 'eve', touch: 'oops' })
    const server = createServer(cookieDecoder(), session({ store: s, clock, quirks: q }), app)
    const res = await send(server, { url: '/whoami', headers: { cookie: 'connect.sid=fixed' } })
    out.push({ action: "Load a session saved with a key named 'touch'", outcome: describe(res) })
  },
  async 'errno-not-found'(q, out) {
    const failing: Handler = (_req, _res, next) => next(Object.assign(new Error('database unreachable'), { errno: 2 }))
    out.push({ action: 'A layer fails with an error whose errno is 2', outcome: describe(await send(createServer({ quirks: q }, failing), { url: '/report' })) })
  },
  async 'mounted-errors-swallowed'(q, out) {
    const inner = createServer({ quirks: q }, (_req: Request, _res: Response, next: (e?: unknown) => void) => next(new Error('inner broke')))
    const outer = createServer({ quirks: q })
    outer.use('/inner', inner)
    outer.use((err: unknown, _req: Request, res: Response, _next: (e?: unknown) => void) => text(res, `outer handler: ${(err as Error).message}`, 500))
    out.push({ action: 'GET /inner/x, the mounted app fails', outcome: describe(await send(outer, { url: '/inner/x' })) })
  },
  async 'assertion-rethrown'(q, out) {
    const failing: Handler = () => {
      const e = new Error('expected 1 to equal 2')
      e.name = 'AssertionError'
      throw e
    }
    const server = createServer({ quirks: q }, failing)
    let outcome: string
    try {
      outcome = describe(await send(server, { url: '/' }))
    } catch (err) {
      outcome = `thrown out of the server: ${(err as Error).name}: ${(err as Error).message} (in Node, the process would stop)`
    }
    out.push({ action: 'A layer throws an AssertionError', outcome })
  },
  async 'original-url-rewritten'(q, out) {
    const inner = createServer({ quirks: q }, (req: Request, res: Response) => text(res, `originalUrl ${String(req.originalUrl)}`))
    const outer = createServer({ quirks: q })
    outer.use('/shop', inner)
    out.push({ action: 'GET /shop/cart, read inside the mounted app', outcome: describe(await send(outer, { url: '/shop/cart' })) })
  },
  async 'silent-without-decoder'(q, out) {
    const server = createServer(session({ store: store([]), quirks: q }), app)
    out.push({ action: 'session() with no cookieDecoder before it', outcome: describe(await send(server, { url: '/whoami' })) })
  },
}

/** The store key a request with this User-Agent got, read from the request after it went through. */
async function keyOf(server: App, userAgent: string): Promise<string> {
  return new Promise((resolve) => {
    const req = new SimRequest({ url: '/whoami', headers: { 'user-agent': userAgent } })
    server.handle(req, new SimResponse(() => resolve(String((req as Request).sessionHash ?? ''))))
  })
}

/** Runs the demo of one quirk, with that quirk alone brought back ('2010') or not at all ('today'). */
export async function runQuirkDemo(quirk: Quirk, mode: QuirkDemoMode): Promise<QuirkDemoResult> {
  if (!Object.hasOwn(QUIRKS, quirk)) throw new TypeError(`no demo for ${JSON.stringify(quirk)}: it is not a quirk id`)
  const lines: Lines = []
  await DEMOS[quirk](mode === '2010' ? [quirk] : [], lines)
  return { quirk, mode, lines }
}

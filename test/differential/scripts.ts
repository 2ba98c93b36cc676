// The request scripts of the differential test. Each builds its servers from a kit, with the same application code
// for connect 0.2.1 and for our library, and drives them step by step. The application only uses what both offer:
// req.session, req.cookies, writeHead/end and next.
import { AssertionError } from 'node:assert'
import { createHash } from 'node:crypto'
import type { AnyLayer } from './kits.ts'
import type { Script, ScriptContext } from './harness.ts'

type Req = {
  url: string
  originalUrl?: string
  headers: Record<string, string | undefined>
  cookies?: Record<string, string>
  session?: Record<string, unknown> & {
    id: unknown
    destroy(fn: (...args: unknown[]) => void): void
    regenerate(fn: (...args: unknown[]) => void): void
  }
}
type Res = { writeHead(status: number, ...rest: unknown[]): void; end(body?: string): void }
type Next = (err?: unknown) => void

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex')

function text(res: Res, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(body)
}

/** The demo application of every script (a plain 3-argument layer, as both stacks call it). */
const app = function app(req: Req, res: Res, next: Next): void {
  const s = req.session
  switch (req.url) {
    case '/whoami':
      return s === undefined ? text(res, 'no session') : text(res, String(s.user ?? 'nobody'))
    case '/login':
      s!.user = 'ann'
      return text(res, 'hello ann')
    case '/logout':
      return s!.destroy(() => text(res, 'bye'))
    case '/regenerate':
      return s!.regenerate(() => text(res, `now ${String(req.session!.user ?? 'nobody')}`))
    case '/cookies':
      return text(res, JSON.stringify({ names: Object.keys(req.cookies ?? {}), header: req.headers.cookie !== undefined }))
    case '/id-type':
      return text(res, typeof s!.id)
    case '/reason':
      res.writeHead(200, 'OK', { 'X-A': '1' })
      return res.end('with a reason phrase')
    case '/own-cookie':
      res.writeHead(200, { 'Set-Cookie': 'theme=dark' })
      return res.end('own cookie')
    default:
      return next()
  }
} as unknown as AnyLayer

function basic(
  ctx: ScriptContext,
  init?: Parameters<ScriptContext['kit']['memoryStore']>[0],
  prepare?: (store: Record<string, unknown>) => void,
): { store: unknown; server: unknown } {
  const { kit } = ctx
  const store = kit.memoryStore(init)
  // Before session() sees the store, as an application would build it.
  prepare?.(store as Record<string, unknown>)
  ctx.watch('store', store)
  return { store, server: kit.createServer(kit.cookieDecoder(), kit.session({ store }), app) }
}

/** A script and the quirk ids (or fixes) it shows. */
export interface NamedScript {
  readonly name: string
  readonly shows: readonly string[]
  readonly run: Script
}

export const SCRIPTS: readonly NamedScript[] = [
  {
    name: 'new session, then a returning client',
    shows: ['math-random-ids'],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx).server)
      await ctx.send(port, '/whoami')
      await ctx.send(port, '/login')
      await ctx.send(port, '/whoami')
      await ctx.send(port, '/whoami', { browser: 'b', userAgent: 'curl/7' })
    },
  },
  {
    name: 'fingerprint mismatch: another User-Agent, another address',
    shows: [],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx).server)
      await ctx.send(port, '/login', { userAgent: 'foo' })
      await ctx.send(port, '/whoami', { userAgent: 'foo' })
      await ctx.send(port, '/whoami', { browser: 'thief', userAgent: 'bar', cookie: `connect.sid=${ctx.sid('a') ?? ''}` })
      await ctx.send(port, '/whoami', { browser: 'roamer', userAgent: 'foo', ip: '127.0.0.2', cookie: `connect.sid=${ctx.sid('a') ?? ''}` })
    },
  },
  {
    name: 'reaping after maxAge, and the zombie window',
    shows: ['leaking-timer'],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx, { reapInterval: 1_000, maxAge: 5_000 }).server)
      await ctx.send(port, '/login')
      // Past maxAge but before a reap has seen it: the stale session still loads and is revived.
      ctx.advance(5_500)
      await ctx.send(port, '/whoami')
      ctx.advance(5_500)
      await ctx.send(port, '/whoami')
    },
  },
  {
    name: 'destroy, then the reaper and the store',
    shows: ['destroy-answers-500', 'tombstones', 'destroy-no-result'],
    async run(ctx) {
      const { store, server } = basic(ctx)
      const port = await ctx.serve(server)
      await ctx.send(port, '/login')
      await ctx.send(port, '/logout')
      await ctx.send(port, '/whoami')
      const s = store as {
        length(fn: (e: unknown, n: number) => void): void
        destroy(hash: string, fn: (...args: unknown[]) => void): void
        reap(ms: number): unknown
      }
      ctx.call('store.length', () => {
        let n: unknown
        s.length((_e, count) => (n = count))
        return n
      })
      ctx.call('store.destroy(unknown key) calls back with', () => {
        let args: unknown[] = []
        s.destroy('no-such-key', (...a) => (args = a))
        return args.length
      })
      ctx.call('store.reap(0)', () => (s.reap(0), 'reaped'))
    },
  },
  {
    name: 'regenerate',
    shows: ['tombstones'],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx).server)
      await ctx.send(port, '/login')
      await ctx.send(port, '/regenerate')
      await ctx.send(port, '/whoami')
    },
  },
  {
    name: 'the shared default store',
    shows: ['shared-global-store'],
    async run(ctx) {
      const { kit } = ctx
      const first = kit.memoryStore()
      const second = kit.memoryStore()
      ctx.watch('first', first)
      ctx.watch('second', second)
      const mwFirst = kit.session({ store: first })
      kit.session({ store: second })
      const port = await ctx.serve(kit.createServer(kit.cookieDecoder(), mwFirst, app))
      await ctx.send(port, '/login')
      await ctx.send(port, '/whoami')
    },
  },
  {
    name: 'session() without a store',
    shows: ['broken-default-store'],
    async run(ctx) {
      ctx.call('session()', () => typeof ctx.kit.session())
    },
  },
  {
    name: 'cookie decoding: prototype names, case, duplicates, the header',
    shows: ['prototype-cookie-names', 'decoder-deletes-header'],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx).server)
      await ctx.send(port, '/cookies', { cookie: '__proto__=x; constructor=y; Map=z; Foo=1; foo=2; toString=t; "q"=v, a="quoted"' })
    },
  },
  {
    name: 'a second cookieDecoder further down',
    shows: ['decoder-deletes-header'],
    async run(ctx) {
      const { kit } = ctx
      const store = kit.memoryStore()
      ctx.watch('store', store)
      const port = await ctx.serve(kit.createServer(kit.cookieDecoder(), kit.cookieDecoder(), kit.session({ store }), app))
      await ctx.send(port, '/login')
      await ctx.send(port, '/whoami')
    },
  },
  {
    name: 'writeHead with a reason phrase, and the application’s own cookie',
    shows: ['writehead-drops-headers'],
    async run(ctx) {
      const port = await ctx.serve(basic(ctx).server)
      await ctx.send(port, '/reason', { record: ['x-a'] })
      await ctx.send(port, '/own-cookie')
    },
  },
  {
    name: 'session() without cookieDecoder',
    shows: ['silent-without-decoder'],
    async run(ctx) {
      const { kit } = ctx
      const store = kit.memoryStore()
      ctx.watch('store', store)
      const port = await ctx.serve(kit.createServer(kit.session({ store }), app))
      await ctx.send(port, '/whoami')
    },
  },
  {
    name: 'a store whose get fails, and a client-chosen id',
    shows: ['fixation-on-store-error'],
    async run(ctx) {
      const { server } = basic(ctx, undefined, (store) => {
        store.get = (_hash: string, fn: (err: Error) => void) => fn(new Error('db down'))
      })
      const port = await ctx.serve(server)
      await ctx.send(port, '/whoami', { cookie: 'connect.sid=attacker-chosen' })
    },
  },
  {
    name: 'a store whose set fails',
    shows: ['fire-and-forget-save'],
    async run(ctx) {
      const { server } = basic(ctx, undefined, (store) => {
        store.set = (_hash: string, _data: unknown, fn?: (err: Error) => void) => fn?.(new Error('disk full'))
      })
      const port = await ctx.serve(server)
      await ctx.send(port, '/login')
    },
  },
  {
    name: 'a fingerprint that names an Object.prototype member',
    shows: ['object-map', 'aliasing-store'],
    async run(ctx) {
      const { kit } = ctx
      const store = kit.memoryStore()
      ctx.watch('store', store)
      const port = await ctx.serve(kit.createServer(kit.cookieDecoder(), kit.session({ store, fingerprint: () => 'toString' }), app))
      await ctx.send(port, '/id-type', { cookie: 'connect.sid=anything' })
    },
  },
  {
    name: 'stored data with a key named touch',
    shows: ['data-shadows-methods'],
    async run(ctx) {
      const { store, server } = basic(ctx)
      const s = store as { set(hash: string, data: object): void }
      s.set(md5('fixed127.0.0.1ua'), { id: 'fixed', lastAccess: Date.now(), user: 'eve', touch: 'oops' })
      const port = await ctx.serve(server)
      await ctx.send(port, '/whoami', { userAgent: 'ua', cookie: 'connect.sid=fixed' })
    },
  },
  {
    name: 'a secure cookie over plain HTTP',
    shows: ['secure-over-http'],
    async run(ctx) {
      const { kit } = ctx
      const store = kit.memoryStore({ cookie: { secure: true } })
      ctx.watch('store', store)
      const port = await ctx.serve(kit.createServer(kit.cookieDecoder(), kit.session({ store }), app))
      await ctx.send(port, '/login')
    },
  },
  {
    name: 'errors with and without errno',
    shows: ['errno-not-found'],
    async run(ctx) {
      const fail = function fail(req: Req, _res: Res, next: Next): void {
        if (req.url === '/enoent') next(Object.assign(new Error('no such file'), { errno: 2 }))
        else next(new Error('plain failure'))
      } as unknown as AnyLayer
      const port = await ctx.serve(ctx.kit.createServer(fail))
      await ctx.send(port, '/enoent')
      await ctx.send(port, '/plain')
    },
  },
  {
    name: 'a mounted app: its errors and originalUrl',
    shows: ['mounted-errors-swallowed', 'original-url-rewritten'],
    async run(ctx) {
      const { kit } = ctx
      const inner = kit.createServer(function inner(req: Req, res: Res, next: Next) {
        if (req.url === '/url') text(res, String(req.originalUrl))
        else next(new Error('inner broke'))
      } as unknown as AnyLayer) as { use(route: string, fn: unknown): unknown }
      const outer = kit.createServer() as { use(route: string, fn: unknown): unknown }
      outer.use('/inner', inner)
      outer.use('/', function handled(err: Error, _req: Req, res: Res, _next: Next) {
        text(res, `outer handled: ${err.message}`, 500)
      })
      const port = await ctx.serve(outer)
      await ctx.send(port, '/inner/fail')
      await ctx.send(port, '/inner/url')
    },
  },
  {
    name: 'an AssertionError thrown by a layer',
    shows: ['assertion-rethrown'],
    async run(ctx) {
      // Not over HTTP: rethrown from the request listener, it would end the process.
      const server = ctx.kit.createServer(function asserting() {
        throw new AssertionError({ message: 'boom' })
      } as unknown as AnyLayer) as { handle(req: object, res: object): void }
      const res = { status: 0, body: '', headersSent: false, writeHead(s: number) { res.status = s }, end(b: string) { res.body = b } }
      ctx.call('handle', () => {
        server.handle({ url: '/', method: 'GET', headers: {} }, res)
        return `answered ${res.status} ${res.body.split('\n')[0] ?? ''}`
      })
    },
  },
]

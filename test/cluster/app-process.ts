// One application process of the test cluster (run with `node --import tsx`): the real library on node:http, with
// three servers on 127.0.0.1 that differ only in their session setup:
//   memory  — a MemoryStore of this process's own (what most deployments start with),
//   redis   — the RedisStore every process shares,
//   trusted — the shared RedisStore, with trustProxy naming the proxy at 127.0.0.1.
// Routes: /health (no session), /count (views and a history that must agree), /visit (one counter, for the benchmark).
// Prints one JSON line {"pid", "ports"} once listening; exits when its stdin closes, so it never outlives the test.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { cookieDecoder, createServer, MemoryStore, session, type Next, type Request, type Response, type Store } from '../../src/connect/index.ts'
import { RedisStore } from '../../src/stores/redis/index.ts'

const redisUrl = process.env.CLUSTER_REDIS_URL
const prefix = process.env.CLUSTER_PREFIX ?? 'cluster:'
if (redisUrl === undefined) throw new Error('app-process needs CLUSTER_REDIS_URL')

const shared = new RedisStore({ url: redisUrl, prefix, reapInterval: -1, commandTimeout: 1_000 })

/** The application: /health answers without a session; /count adds one view and a matching history entry. */
function app(store: Store, trustProxy?: string[]) {
  return createServer(
    (req: Request, res: Response, next: Next) => {
      if (req.url !== '/health') return next()
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end('ok')
    },
    cookieDecoder(),
    session(trustProxy === undefined ? { store } : { store, trustProxy }),
    (req: Request, res: Response, next: Next) => {
      if (req.url !== '/visit') return next()
      // The benchmark's request: one counter, so the session stays the same size however long the run.
      const s = req.session!
      s.visits = ((s.visits as number | undefined) ?? 0) + 1
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(`{"visits":${s.visits as number}}`)
    },
    (req: Request, res: Response, next: Next) => {
      if (req.url !== '/count') return next()
      const s = req.session!
      const views = ((s.views as number | undefined) ?? 0) + 1
      // Two fields that must always agree: a session read back with one but not the other was half-written.
      s.views = views
      s.history = [...((s.history as number[] | undefined) ?? []), views]
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: s.id, key: req.sessionHash, views, history: s.history, pid: process.pid }))
    },
  )
}

function listen(handler: ReturnType<typeof app>): Promise<http.Server> {
  const server = http.createServer(handler)
  server.keepAliveTimeout = 5_000
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const servers = {
  memory: await listen(app(new MemoryStore({ reapInterval: -1 }))),
  redis: await listen(app(shared)),
  trusted: await listen(app(shared, ['127.0.0.1'])),
}
await shared.ready()
const ports = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, (s.address() as AddressInfo).port]))
process.stdout.write(`${JSON.stringify({ pid: process.pid, ports })}\n`)

let stopping = false
function stop(): void {
  if (stopping) return
  stopping = true
  for (const s of Object.values(servers)) {
    s.close()
    s.closeAllConnections()
  }
  void shared.close().finally(() => process.exit(0))
  setTimeout(() => process.exit(0), 2_000).unref()
}
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.resume()
process.on('SIGTERM', stop)

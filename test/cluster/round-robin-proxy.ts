import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A reverse proxy on 127.0.0.1 that sends each request to the next backend in turn. */
export interface RoundRobinProxy {
  readonly port: number
  readonly url: string
  /** Requests forwarded to each backend, by backend index. */
  readonly hits: number[]
  close(): Promise<void>
}

const UPSTREAM_TIMEOUT_MS = 10_000

/**
 * Starts a round-robin proxy in front of `backends` (ports on 127.0.0.1). It connects from 127.0.0.1 and appends the
 * client's address to X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does. An upstream that fails or
 * takes longer than 10 s is answered with 502 or 504.
 */
export function startRoundRobinProxy(backends: readonly number[]): Promise<RoundRobinProxy> {
  if (backends.length === 0) throw new Error('a proxy needs at least one backend')
  const hits = backends.map(() => 0)
  let next = 0
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, localAddress: '127.0.0.1' })
  const server = http.createServer((req, res) => {
    const index = next
    next = (next + 1) % backends.length
    hits[index]!++
    const peer = req.socket.remoteAddress ?? ''
    const prior = req.headers['x-forwarded-for']
    const headers = { ...req.headers, 'x-forwarded-for': prior === undefined ? peer : `${String(prior)}, ${peer}` }
    const upstream = http.request(
      { host: '127.0.0.1', port: backends[index], method: req.method, path: req.url, headers, agent, timeout: UPSTREAM_TIMEOUT_MS },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')))
    upstream.on('error', (err) => {
      if (res.headersSent) res.destroy()
      else {
        res.writeHead(err.message === 'upstream timed out' ? 504 : 502, { 'Content-Type': 'text/plain' })
        res.end(`proxy: ${err.message}`)
      }
    })
    req.pipe(upstream)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        hits,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy()
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    }),
  )
}

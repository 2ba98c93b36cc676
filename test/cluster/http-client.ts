import http from 'node:http'

/** One response as the tests read it. */
export interface Reply {
  status: number
  body: string
  json<T>(): T
}

const REQUEST_TIMEOUT_MS = 15_000

/**
 * A browser as the cluster tests see it: its own source address on loopback (127.0.0.x), its User-Agent and a
 * cookie jar that keeps `connect.sid`. Every request is bounded in time.
 */
export class LoopbackClient {
  cookie: string | undefined
  readonly #agent: http.Agent

  constructor(
    readonly localAddress = '127.0.0.1',
    readonly userAgent = 'ClusterTest/1.0',
  ) {
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress })
  }

  /** GET `url`, sending the jar's cookie and any extra headers; keeps a new session cookie. */
  get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const request = http.get(
        url,
        {
          agent: this.#agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: { 'user-agent': this.userAgent, ...(this.cookie === undefined ? {} : { cookie: `connect.sid=${this.cookie}` }), ...headers },
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => {
            const sid = /^connect\.sid=([^;]*)/.exec((res.headers['set-cookie'] ?? []).find((c) => c.startsWith('connect.sid=')) ?? '')
            if (sid) this.cookie = sid[1]
            resolve({ status: res.statusCode ?? 0, body, json: <T>() => JSON.parse(body) as T })
          })
          res.on('error', reject)
        },
      )
      request.on('timeout', () => request.destroy(new Error(`GET ${url} took longer than ${REQUEST_TIMEOUT_MS} ms`)))
      request.on('error', reject)
    })
  }

  /** Closes the client's kept-alive connection. */
  close(): void {
    this.#agent.destroy()
  }
}

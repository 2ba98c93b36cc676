// Runs a request script against one kit over real node:http on 127.0.0.1, under a fake clock (Date and the
// interval timers the stores use) and a seeded Math.random, and writes down every step: status, body, Set-Cookie,
// chosen headers and the stores' contents. Two kits given the same script produce comparable transcripts.
import http from 'node:http'
import { vi } from 'vitest'
import type { Kit } from './kits.ts'

/** The instant every run starts at. */
export const T0 = Date.UTC(2010, 6, 9, 13, 51, 20)

/** One step of a transcript. */
export interface Step {
  readonly label: string
  readonly status?: number
  /** The body; for a 500 only its first line (the rest is a stack trace with each implementation's file names). */
  readonly body?: string
  readonly setCookie?: string[]
  readonly headers?: Record<string, string | undefined>
  /** A value a script recorded itself (a direct store call, a thrown error). */
  readonly value?: unknown
  /** Each watched store's entries after the step. */
  readonly stores: Record<string, [string, unknown][]>
}

/** How a script sends a request. */
export interface SendOptions {
  /** Whose cookie jar to use and update; default 'a'. */
  browser?: string
  userAgent?: string
  /** The local address to connect from (any 127.x.y.z), so the server sees a different remoteAddress. */
  ip?: string
  /** Extra text appended to the Cookie header. */
  cookie?: string
  /** Headers whose values the step records. */
  record?: string[]
}

/** What a script gets: the kit to build from and the means to drive and watch. */
export class ScriptContext {
  readonly steps: Step[] = []
  readonly #stores = new Map<string, unknown>()
  readonly #jars = new Map<string, string>()
  readonly #open: Array<() => Promise<void>> = []

  constructor(readonly kit: Kit) {}

  /** Records a store's contents after every step from now on. */
  watch(name: string, store: unknown): void {
    this.#stores.set(name, store)
  }

  /** Starts a server on 127.0.0.1; it is closed when the script ends. */
  async serve(server: unknown): Promise<number> {
    const { port, close } = await this.kit.listen(server)
    this.#open.push(close)
    return port
  }

  /** Sends one GET through real HTTP and records the exchange. */
  async send(port: number, path: string, options: SendOptions = {}): Promise<Step> {
    const browser = options.browser ?? 'a'
    const sid = this.#jars.get(browser)
    const cookie = [sid === undefined ? '' : `connect.sid=${sid}`, options.cookie ?? ''].filter(Boolean).join('; ')
    const headers: Record<string, string> = {}
    if (cookie !== '') headers.cookie = cookie
    if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent
    const res = await request(port, path, headers, options.ip)
    const setCookie = res.headers['set-cookie']
    const match = /^connect\.sid=([^;]*)/.exec(setCookie?.find((c) => c.startsWith('connect.sid=')) ?? '')
    if (match) this.#jars.set(browser, match[1] as string)
    const recorded: Record<string, string | undefined> = {}
    for (const name of options.record ?? []) {
      const v = res.headers[name]
      recorded[name] = Array.isArray(v) ? v.join(', ') : v
    }
    const step: Step = {
      label: `${browser} GET ${path}`,
      status: res.status,
      body: res.status === 500 ? (res.body.split('\n')[0] as string) : res.body,
      ...(setCookie !== undefined ? { setCookie } : {}),
      ...(options.record !== undefined ? { headers: recorded } : {}),
      stores: this.#snapshot(),
    }
    this.steps.push(step)
    return step
  }

  /** Moves the fake clock on, firing the stores' reapers; a reaper's throw is recorded as the step's value. */
  advance(ms: number): void {
    let value: unknown
    try {
      vi.advanceTimersByTime(ms)
    } catch (err) {
      value = describe(err)
    }
    this.steps.push({ label: `advance ${ms} ms`, ...(value !== undefined ? { value } : {}), stores: this.#snapshot() })
  }

  /** Runs something directly (a store call) and records what it returned, called back or threw. */
  call(label: string, fn: () => unknown): void {
    let value: unknown
    try {
      value = fn()
    } catch (err) {
      value = describe(err)
    }
    this.steps.push({ label, value, stores: this.#snapshot() })
  }

  /** The session id a browser's jar holds. */
  sid(browser = 'a'): string | undefined {
    return this.#jars.get(browser)
  }

  async close(): Promise<void> {
    for (const close of this.#open.splice(0)) await close()
  }

  #snapshot(): Record<string, [string, unknown][]> {
    const out: Record<string, [string, unknown][]> = {}
    for (const [name, store] of this.#stores) out[name] = this.kit.entries(store)
    return out
  }
}

/** An error as a transcript holds it: its name and the message's first clause. */
export function describe(err: unknown): string {
  if (!(err instanceof Error)) return `threw ${String(err)}`
  return `threw ${err.name}: ${err.message.split(' (quirk')[0]}`
}

function request(
  port: number,
  path: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    // One connection per request, as Node 0.2's client made them.
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent: false, ...(localAddress ? { localAddress } : {}) }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A small seeded generator (mulberry32), so both sides draw the same Math.random sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A request script: builds its servers from the kit and drives them. */
export type Script = (ctx: ScriptContext) => Promise<void>

/** Runs a script against a kit from the same start: clock at T0, Math.random seeded with 2010. */
export async function runScript(script: Script, kit: Kit): Promise<Step[]> {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: T0 })
  const random = vi.spyOn(Math, 'random').mockImplementation(mulberry32(2010))
  const ctx = new ScriptContext(kit)
  try {
    await script(ctx)
  } finally {
    await ctx.close()
    // connect 0.2.1's reapers can never be cleared (quirk Q10); the fake clock forgets them with the run.
    vi.clearAllTimers()
    vi.useRealTimers()
    random.mockRestore()
  }
  return ctx.steps
}

import type { OutgoingHeaders, Request, Response } from '../connect/http-types.ts'

/** What a simulated browser puts on the wire. */
export interface RequestInit {
  method?: string
  url?: string
  headers?: Record<string, string | string[] | undefined>
  remoteAddress?: string
  encrypted?: boolean
}

/** A request shaped like Node's IncomingMessage, as far as the library reads one. */
export class SimRequest implements Request {
  method: string
  url: string
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  socket: { remoteAddress: string; encrypted: boolean }
  [extra: string]: unknown

  constructor(init: RequestInit = {}) {
    this.method = init.method ?? 'GET'
    this.url = init.url ?? '/'
    const headers: Record<string, string | string[] | undefined> = {}
    // Node lower-cases incoming header names.
    for (const [name, value] of Object.entries(init.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value
    this.headers = headers
    this.socket = { remoteAddress: init.remoteAddress ?? '127.0.0.1', encrypted: init.encrypted ?? false }
  }
}

type HeaderValue = string | number | string[]

/** Called once when a response has ended. */
export type FinishListener = (res: SimResponse) => void

/**
 * A response shaped like Node's ServerResponse: headers set with setHeader are merged into writeHead's, the first
 * write or end writes the head implicitly through `this.writeHead`, and Set-Cookie is kept as a list.
 */
export class SimResponse implements Response {
  statusCode = 200
  statusMessage = ''
  #headersSent = false
  finished = false
  /** Header names lower-cased, as Node's getHeaders() shows them. */
  readonly #headers = new Map<string, { name: string; value: HeaderValue }>()
  readonly chunks: string[] = []
  #onFinish: FinishListener | undefined

  constructor(onFinish?: FinishListener) {
    this.#onFinish = onFinish
  }

  get headersSent(): boolean {
    return this.#headersSent
  }

  /** Sets a header before the head is written. */
  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this.#headersSent) throw new Error(`Cannot set header ${name} after the head was written`)
    this.#headers.set(name.toLowerCase(), { name, value: Array.isArray(value) ? [...value] : (value as string | number) })
    return this
  }

  getHeader(name: string): HeaderValue | undefined {
    return this.#headers.get(name.toLowerCase())?.value
  }

  removeHeader(name: string): void {
    if (this.#headersSent) throw new Error(`Cannot remove header ${name} after the head was written`)
    this.#headers.delete(name.toLowerCase())
  }

  /** All headers, names lower-cased. */
  getHeaders(): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = {}
    for (const [key, { value }] of this.#headers) out[key] = value
    return out
  }

  /** The Set-Cookie values sent, as a list. */
  setCookies(): string[] {
    const v = this.getHeader('set-cookie')
    return v === undefined ? [] : Array.isArray(v) ? v : [String(v)]
  }

  writeHead(statusCode: number, reasonOrHeaders?: string | OutgoingHeaders, headers?: OutgoingHeaders): this {
    if (this.#headersSent) throw new Error('writeHead was called twice')
    this.statusCode = statusCode
    let extra: OutgoingHeaders | undefined = headers
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders
    else extra = reasonOrHeaders
    if (Array.isArray(extra)) {
      const list = extra as readonly unknown[]
      for (let i = 0; i < list.length; i += 2) this.#headers.delete(String(list[i]).toLowerCase())
      for (let i = 0; i < list.length; i += 2) this.#append(String(list[i]), list[i + 1] as HeaderValue)
    } else if (extra !== undefined) {
      for (const [name, value] of Object.entries(extra as Record<string, HeaderValue | undefined>)) if (value !== undefined) this.setHeader(name, value)
    }
    this.#headersSent = true
    return this
  }

  write(chunk: unknown): boolean {
    if (this.finished) throw new Error('write after end')
    if (!this.#headersSent) this.writeHead(this.statusCode)
    if (chunk !== undefined && chunk !== null) this.chunks.push(String(chunk))
    return true
  }

  end(chunk?: unknown): this {
    if (this.finished) return this
    if (!this.#headersSent) this.writeHead(this.statusCode)
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.chunks.push(String(chunk))
    this.finished = true
    this.#onFinish?.(this)
    return this
  }

  /** The body written so far. */
  get body(): string {
    return this.chunks.join('')
  }

  #append(name: string, value: HeaderValue): void {
    const key = name.toLowerCase()
    const prior = this.#headers.get(key)
    if (prior === undefined) {
      this.#headers.set(key, { name, value })
      return
    }
    const list = Array.isArray(prior.value) ? prior.value : [String(prior.value)]
    this.#headers.set(key, { name: prior.name, value: [...list, ...(Array.isArray(value) ? value : [String(value)])] })
  }
}

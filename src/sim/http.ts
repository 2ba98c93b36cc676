import type { OutgoingHeaders, Request, Response } from '../connect/index.ts'
import { emptyRecord } from '../connect/internal.ts'

/** What a simulated browser puts on the wire. */
export interface RequestInit {
  method?: string
  url?: string
  headers?: Record<string, string | string[] | undefined>
  /** The headers are already lower-cased and free of undefined values: adopt the object instead of copying it. */
  normalized?: boolean
  remoteAddress?: string
  encrypted?: boolean
  /** The request body, already read: the simulation has no streams. */
  body?: string
}

/** A request shaped like Node's IncomingMessage, as far as the library reads one. */
export class SimRequest implements Request {
  method: string
  url: string
  originalUrl?: string
  headers: Record<string, string | string[] | undefined>
  socket: { remoteAddress: string; encrypted: boolean }
  /** The request body, already read (Node would stream it; handlers here read it whole). */
  body: string | undefined
  [extra: string]: unknown

  constructor(init: RequestInit = {}) {
    this.method = init.method ?? 'GET'
    this.url = init.url ?? '/'
    const given = init.headers
    if (given !== undefined && init.normalized === true) {
      this.headers = given
    } else {
      const headers: Record<string, string | string[] | undefined> = {}
      // Node lower-cases incoming header names.
      if (given !== undefined) for (const name in given) if (given[name] !== undefined) headers[name.toLowerCase()] = given[name]
      this.headers = headers
    }
    this.socket = { remoteAddress: init.remoteAddress ?? '127.0.0.1', encrypted: init.encrypted ?? false }
    this.body = init.body
  }
}

/** The body of a request made by the simulator ('' for any other request). */
export function bodyOf(req: Request): string {
  return req instanceof SimRequest && req.body !== undefined ? req.body : ''
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
  // Keyed by lower-cased name, which is all getHeaders() reports (as Node's does). An object without inherited names,
  // as Node keeps them: a Map was a few hundred bytes per response for two headers.
  readonly #headers: Record<string, HeaderValue> = emptyRecord<HeaderValue>()
  #body = ''
  #onFinish: FinishListener | undefined

  constructor(onFinish?: FinishListener) {
    this.#onFinish = onFinish
  }

  /** True once the head has been written. */
  get headersSent(): boolean {
    return this.#headersSent
  }

  /** Sets a header before the head is written. */
  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this.#headersSent) throw new Error(`Cannot set header ${name} after the head was written`)
    this.#headers[name.toLowerCase()] = Array.isArray(value) ? [...(value as readonly string[])] : (value as string | number)
    return this
  }

  /** A header's value, looked up case-insensitively. */
  getHeader(name: string): HeaderValue | undefined {
    return this.#headers[name.toLowerCase()]
  }

  /** Removes a header before the head is written. */
  removeHeader(name: string): void {
    if (this.#headersSent) throw new Error(`Cannot remove header ${name} after the head was written`)
    delete this.#headers[name.toLowerCase()]
  }

  /** All headers, names lower-cased. */
  getHeaders(): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = {}
    for (const key in this.#headers) out[key] = this.#headers[key] as HeaderValue
    return out
  }

  /** The Set-Cookie values sent, as a list. */
  setCookies(): string[] {
    const v = this.#headers['set-cookie']
    return v === undefined ? [] : Array.isArray(v) ? v : [String(v)]
  }

  /** Writes the head: `(status, reason?, headers?)`, headers as an object or a flat array, as Node takes them. */
  writeHead(statusCode: number, reasonOrHeaders?: string | OutgoingHeaders, headers?: OutgoingHeaders): this {
    if (this.#headersSent) throw new Error('writeHead was called twice')
    this.statusCode = statusCode
    let extra: OutgoingHeaders | undefined = headers
    if (typeof reasonOrHeaders === 'string') this.statusMessage = reasonOrHeaders
    else extra = reasonOrHeaders
    if (Array.isArray(extra)) {
      const list = extra as readonly unknown[]
      for (let i = 0; i < list.length; i += 2) delete this.#headers[String(list[i]).toLowerCase()]
      for (let i = 0; i < list.length; i += 2) this.#append(String(list[i]), list[i + 1] as HeaderValue)
    } else if (extra !== undefined) {
      const record = extra as Record<string, HeaderValue | undefined>
      for (const name in record) {
        const value = record[name]
        if (value !== undefined) this.setHeader(name, value)
      }
    }
    this.#headersSent = true
    return this
  }

  /** Writes body text, writing the head first (through `this.writeHead`, so hooks see it) if needed. */
  write(chunk: unknown): boolean {
    if (this.finished) throw new Error('write after end')
    if (!this.#headersSent) this.writeHead(this.statusCode)
    if (chunk !== undefined && chunk !== null) this.#body += String(chunk)
    return true
  }

  /** Ends the response (head first if needed) and tells the finish listener, once. */
  end(chunk?: unknown): this {
    if (this.finished) return this
    if (!this.#headersSent) this.writeHead(this.statusCode)
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.#body += String(chunk)
    this.finished = true
    this.#onFinish?.(this)
    return this
  }

  /** The body written so far. */
  get body(): string {
    return this.#body
  }

  #append(name: string, value: HeaderValue): void {
    const key = name.toLowerCase()
    const prior = this.#headers[key]
    if (prior === undefined) {
      this.#headers[key] = value
      return
    }
    const list = Array.isArray(prior) ? prior : [String(prior)]
    this.#headers[key] = [...list, ...(Array.isArray(value) ? value : [String(value)])]
  }
}

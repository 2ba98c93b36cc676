// Real traffic into the simulator: a HAR file saved from a browser's DevTools (or made by a proxy) becomes a recording
// in the action language, one simulated browser per client, each request a send at its own time, its method and path
// sent to the demo app. Nothing is fetched: the file's requests are replayed against the library in the page.
import { DataError, parseData } from './action-schema.ts'
import type { ActionData, TimedAction } from './actions.ts'
import { checkIp } from './browser.ts'
import { harSchema, type HarEntryIn, type HarIn } from './har-schema.ts'
import type { Recording } from './recording.ts'

/** The largest HAR file read: 16 MiB (a DevTools file with response bodies can be bigger; save it without content). */
export const MAX_HAR_BYTES = 16 * 1024 * 1024

/** The most entries one file may hold (each becomes a request in the world). */
export const MAX_HAR_ENTRIES = 20_000

/** The most clients (simulated browsers) one file may hold. */
export const MAX_HAR_CLIENTS = 200

/** Why a file was refused. */
export type HarProblem = 'too-large' | 'not-json' | 'not-har' | 'no-entries' | 'too-many' | 'bad-entry'

/** A file that cannot be imported: one message saying what is wrong and what to do. */
export class HarImportError extends Error {
  constructor(
    readonly problem: HarProblem,
    message: string,
  ) {
    super(message)
    this.name = 'HarImportError'
  }
}

/** One client found in a file: a simulated browser to be. */
export interface HarClient {
  /** The browser's name in the world (`iphone-1`, `chrome-2`). */
  readonly name: string
  readonly userAgent: string
  /** The addresses the file says the client's requests came from, in order; empty when it says none (the usual case). */
  readonly addresses: readonly string[]
  /** The address the browser starts with unless the reader picks another: the file's first, else one we assign. */
  readonly ip: string
  /** How many of the file's requests are this client's. */
  readonly requests: number
  /** The hosts it sent requests to, in order of first use. */
  readonly hosts: readonly string[]
}

/** A file read and split into clients, ready to become a recording. */
export interface HarImport {
  /** The tool that wrote the file (`WebInspector 537.36`). */
  readonly creator: string
  readonly clients: readonly HarClient[]
  readonly requests: number
  /** Epoch ms of the first request. */
  readonly startTime: number
  /** ms from the first request to the last. */
  readonly duration: number
  /** The recording; `ips` gives clients (by name) a starting address of the reader's choice. */
  toRecording(ips?: Readonly<Record<string, string>>): Recording
}

/** What `harToRecording` takes besides the file. */
export interface HarOptions {
  /** A starting address per client name, overriding the file's (or the assigned) one. */
  readonly ips?: Readonly<Record<string, string>>
}

/** Refuses a file of `bytes` bytes when it is over the limit (the page checks a file's size before reading it). */
export function checkHarSize(bytes: number): void {
  if (bytes > MAX_HAR_BYTES) {
    throw new HarImportError('too-large', `The file is ${mib(bytes)}; the most that can be imported is ${mib(MAX_HAR_BYTES)}. Save the HAR again without response bodies (or export fewer requests).`)
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The size of text in UTF-8 bytes, without building the encoded copy when the answer is clear from its length. */
function utf8Bytes(text: string): number {
  if (text.length * 3 <= MAX_HAR_BYTES) return text.length
  return new TextEncoder().encode(text).length
}

function parseJson(text: string): unknown {
  checkHarSize(utf8Bytes(text))
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new HarImportError('not-json', `This file is not JSON, so it is not a HAR file (${err instanceof Error ? err.message : String(err)}). In DevTools, use "Save all as HAR" in the Network panel.`)
  }
}

function checkShape(value: unknown): HarIn {
  if (typeof value !== 'object' || value === null || !('log' in value)) {
    throw new HarImportError('not-har', 'This JSON is not a HAR file: it has no "log" object. In DevTools, use "Save all as HAR" in the Network panel.')
  }
  const log = (value as { log: unknown }).log
  const entries = typeof log === 'object' && log !== null ? (log as { entries?: unknown }).entries : undefined
  // Counted before the schema walks them, so a huge file is refused at once.
  if (Array.isArray(entries) && entries.length === 0) throw new HarImportError('no-entries', 'This HAR file has no requests in it. Record some traffic in DevTools, then save it again.')
  if (Array.isArray(entries) && entries.length > MAX_HAR_ENTRIES) {
    throw new HarImportError('too-many', `This HAR file has ${entries.length.toLocaleString('en')} requests; the most that can be imported is ${MAX_HAR_ENTRIES.toLocaleString('en')}. Export a shorter stretch of traffic.`)
  }
  try {
    return parseData(harSchema, value)
  } catch (err) {
    if (err instanceof DataError) throw new HarImportError('not-har', `This is not a valid HAR 1.2 file: ${err.path} ${err.problem}.`)
    throw err
  }
}

function header(headers: HarEntryIn['request']['headers'], name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value)
}

/** Cookie pairs a request carried: its `cookies` list and its Cookie header(s), as `name=value`. */
function sentCookies(e: HarEntryIn): string[] {
  const out = new Set<string>()
  for (const c of e.request.cookies) out.add(`${c.name}=${c.value}`)
  for (const line of header(e.request.headers, 'Cookie')) {
    for (const part of line.split(';')) {
      const p = part.trim()
      if (p.includes('=')) out.add(p)
    }
  }
  return [...out]
}

/** Cookie pairs a response set: its `cookies` list and its Set-Cookie header(s) (each value up to its first `;`). */
function setCookies(e: HarEntryIn): string[] {
  const out = new Set<string>()
  for (const c of e.response.cookies) out.add(`${c.name}=${c.value}`)
  // DevTools joins several Set-Cookie headers of one response into one value, a line each.
  for (const value of header(e.response.headers, 'Set-Cookie')) {
    for (const line of value.split('\n')) {
      const p = (line.split(';', 1)[0] ?? '').trim()
      if (p.includes('=')) out.add(p)
    }
  }
  return [...out]
}

/** A short lower-case word for the kind of browser a User-Agent names, for the client's name. */
export function agentFamily(userAgent: string): string {
  const rules: readonly [RegExp, string][] = [
    [/bot|crawl|spider/i, 'bot'],
    [/iPhone|iPod/, 'iphone'],
    [/iPad/, 'ipad'],
    [/Android/, 'android'],
    [/Edg\//, 'edge'],
    [/Firefox\//, 'firefox'],
    [/Chrome\/|Chromium\//, 'chrome'],
    [/Safari\//, 'safari'],
    [/MSIE|Trident\//, 'ie'],
    [/^curl\//, 'curl'],
  ]
  for (const [re, word] of rules) if (re.test(userAgent)) return word
  return 'client'
}

/** The address assigned to the n-th client (from 0) when the file carries none: TEST-NET-2, one each. */
function assignedIp(n: number): string {
  return `198.51.100.${10 + (n % 240)}`
}

interface Draft {
  readonly name: string
  readonly userAgent: string
  readonly addresses: string[]
  readonly hosts: string[]
  /** Hosts it holds cookies for (as far as the file shows). */
  readonly cookieHosts: Set<string>
  requests: number
  lastAt: number
}

interface Send {
  readonly at: number
  readonly client: Draft
  readonly address: string | undefined
  readonly method: string
  readonly path: string
  readonly body: string | undefined
}

function entryFail(i: number, what: string): never {
  throw new HarImportError('bad-entry', `Request ${i + 1} of the file (log.entries[${i}]) ${what}.`)
}

/**
 * Reads a HAR file (its text, or the parsed value) and splits its requests between clients. A client is told apart by
 * its User-Agent and its cookies, host by host: a request carrying a cookie some client was given (or sent before)
 * is that client's; one carrying no cookie known for its host goes to the client with the same User-Agent that was
 * active most recently and holds no cookies for that host yet, or else starts a new client. Throws one
 * HarImportError saying what is wrong; nothing is changed anywhere.
 */
export function readHar(input: unknown): HarImport {
  const value = typeof input === 'string' ? parseJson(input) : input
  const har = checkShape(value)
  const entries = har.log.entries.map((e, i) => {
    const t = Date.parse(e.startedDateTime)
    if (!Number.isFinite(t)) entryFail(i, `has a startedDateTime that is not a date (${JSON.stringify(e.startedDateTime.slice(0, 40))})`)
    return { e, i, t }
  })
  // Kept in time order (a stable sort keeps the file's order for requests started at the same instant).
  entries.sort((a, b) => a.t - b.t)
  const startTime = (entries[0] as { t: number }).t
  const clients: Draft[] = []
  const owner = new Map<string, Draft>()
  const counts = new Map<string, number>()
  const sends: Send[] = []

  for (const { e, i, t } of entries) {
    let url: URL
    try {
      url = new URL(e.request.url)
    } catch {
      entryFail(i, `has a URL that cannot be read (${JSON.stringify(e.request.url.slice(0, 80))})`)
    }
    const method = e.request.method.toUpperCase()
    if (!/^[A-Z]+$/.test(method)) entryFail(i, `has a method that is not an HTTP method (${JSON.stringify(method.slice(0, 20))})`)
    const path = url.pathname + url.search
    if (!path.startsWith('/') || /[\s\0]/.test(path)) entryFail(i, `has a path the simulator cannot send (${JSON.stringify(path.slice(0, 80))})`)
    const address = e._clientIPAddress
    if (address !== undefined) {
      try {
        checkIp(address)
      } catch (err) {
        entryFail(i, `has a _clientIPAddress that is not an IP address (${err instanceof Error ? err.message : String(err)})`)
      }
    }
    const userAgent = (header(e.request.headers, 'User-Agent')[0] ?? '').replace(/[\r\n\0]/g, ' ')
    const host = url.host
    const sent = sentCookies(e).map((c) => `${host}\n${c}`)
    let client = sent.map((c) => owner.get(c)).find((c) => c !== undefined && c.userAgent === userAgent)
    if (client === undefined) {
      let best: Draft | undefined
      for (const c of clients) if (c.userAgent === userAgent && !c.cookieHosts.has(host) && (best === undefined || c.lastAt >= best.lastAt)) best = c
      client = best
    }
    if (client === undefined) {
      if (clients.length >= MAX_HAR_CLIENTS) {
        throw new HarImportError('too-many', `This HAR file has more than ${MAX_HAR_CLIENTS} clients; the most that can be imported is ${MAX_HAR_CLIENTS}. Export fewer clients' traffic.`)
      }
      const family = agentFamily(userAgent)
      const n = (counts.get(family) ?? 0) + 1
      counts.set(family, n)
      client = { name: `${family}-${n}`, userAgent, addresses: [], hosts: [], cookieHosts: new Set(), requests: 0, lastAt: t }
      clients.push(client)
    }
    client.requests++
    client.lastAt = t
    if (!client.hosts.includes(host)) client.hosts.push(host)
    if (address !== undefined && client.addresses[client.addresses.length - 1] !== address) client.addresses.push(address)
    const given = setCookies(e).map((c) => `${host}\n${c}`)
    for (const c of [...sent, ...given]) owner.set(c, client)
    if (sent.length > 0 || given.length > 0) client.cookieHosts.add(host)
    const text = e.request.postData?.text
    sends.push({ at: t - startTime, client, address, method, path, body: text === undefined || text === '' ? undefined : text })
  }

  const found: HarClient[] = clients.map((c, n) => ({
    name: c.name,
    userAgent: c.userAgent,
    addresses: c.addresses,
    ip: c.addresses[0] ?? assignedIp(n),
    requests: c.requests,
    hosts: c.hosts,
  }))
  const last = sends[sends.length - 1] as Send
  return {
    creator: `${har.log.creator.name} ${har.log.creator.version}`.trim(),
    clients: found,
    requests: sends.length,
    startTime,
    duration: last.at,
    toRecording: (ips = {}) => recordingOf(found, sends, startTime, ips),
  }
}

function recordingOf(clients: readonly HarClient[], sends: readonly Send[], startTime: number, ips: Readonly<Record<string, string>>): Recording {
  for (const [name, ip] of Object.entries(ips)) {
    if (!clients.some((c) => c.name === name)) throw new HarImportError('bad-entry', `There is no client called ${JSON.stringify(name)} in this file.`)
    try {
      checkIp(ip)
    } catch (err) {
      throw new HarImportError('bad-entry', `The address for ${name} is not usable: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  const browsers = clients.map((c) => ({ name: c.name, userAgent: c.userAgent, ip: ips[c.name] ?? c.ip }))
  const actions: TimedAction<ActionData>[] = []
  // The address the file last gave each client: only a change in the file moves the browser, so a reader's own pick
  // for the start holds until the file says the client changed networks (a phone leaving Wi-Fi).
  const fileAddress = new Map<string, string>()
  for (const s of sends) {
    const name = s.client.name
    if (s.address !== undefined) {
      const before = fileAddress.get(name)
      if (before !== undefined && before !== s.address) actions.push({ kind: 'setIp', browser: name, ip: s.address, at: s.at })
      fileAddress.set(name, s.address)
    }
    const send: TimedAction<ActionData> = s.body === undefined ? { kind: 'send', browser: name, method: s.method, path: s.path, at: s.at } : { kind: 'send', browser: name, method: s.method, path: s.path, body: s.body, at: s.at }
    actions.push(send)
  }
  return { config: { startTime }, browsers, actions }
}

/** Turns a HAR file (text or parsed value) into a recording of the simulator; throws one HarImportError when it cannot. */
export function harToRecording(input: unknown, options: HarOptions = {}): Recording {
  return readHar(input).toRecording(options.ips)
}

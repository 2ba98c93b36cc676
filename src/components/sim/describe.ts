// Trace records in words, for the event log and the screen-reader announcements. Everything here reads what the
// library announced; nothing is worked out again.
import type { ExchangeRecord, LoggedAction, PendingExchange, ReapRecord, StoreCallRecord, TraceRecord } from '../../sim/index.ts'
import { formatClock, formatDuration, formatNumber, shortHex } from '../ui/format.ts'
import { stepWords } from '../ui/step-words.ts'

/** One exchange as a chain: "alice GET / → no cookie → fingerprint … → store miss → new session … → Set-Cookie → 200". */
export function describeExchange(x: ExchangeRecord): string {
  const parts: string[] = [`${x.browser} ${x.request.method} ${x.request.path}`, x.request.cookie === null ? 'no cookie sent' : 'cookie sent']
  if (x.server !== undefined) parts.push(`handled by ${x.server}`)
  for (const step of x.steps) {
    parts.push(stepWords(step).brief)
  }
  parts.push(String(x.response.status))
  return parts.join(' → ')
}

/** A request still in flight, in words: "alice GET / → in flight (sent 12:00:00)". */
export function describePending(p: PendingExchange): string {
  return `${p.browser} ${p.request.method} ${p.request.path} → in flight (sent ${formatClock(p.sentAt)})`
}

/** One reap in words. */
export function describeReap(r: ReapRecord): string {
  const n = r.removed.length
  const which = r.store === undefined ? 'reap' : `reap of ${r.store}'s store`
  return n === 0
    ? `${which} removed nothing (${r.remaining} left)`
    : `${which} removed ${n} ${n === 1 ? 'session' : 'sessions'} idle since before ${formatClock(r.threshold)} (${r.remaining} left)`
}

/** A store method called directly, in words: "store.clear() removed 3". */
export function describeStoreCall(r: StoreCallRecord): string {
  const result = r.result
  switch (result.method) {
    case 'clear':
      return `store.clear() removed ${result.removed}`
    case 'all':
      return `store.all() → ${result.sessions.length} ${result.sessions.length === 1 ? 'session' : 'sessions'}`
    case 'length':
      return `store.length() → ${result.length}`
    case 'destroy':
      return `store.destroy(${shortHex(result.key)}) ${result.destroyed ? 'removed it' : 'found nothing'}`
  }
}

/** Any record in words. */
export function describeRecord(r: TraceRecord): string {
  return r.kind === 'exchange' ? describeExchange(r) : r.kind === 'reap' ? describeReap(r) : describeStoreCall(r)
}

/** The records after `afterSeq`, oldest first (the trace is ordered by seq). */
export function recordsAfter(trace: readonly TraceRecord[], afterSeq: number): TraceRecord[] {
  let i = trace.length
  while (i > 0 && (trace[i - 1] as TraceRecord).seq > afterSeq) i--
  return trace.slice(i)
}

/** What a screen reader should hear about a batch of new records: reaps and new sessions only. */
export function announcementFor(records: readonly TraceRecord[]): string {
  let created = 0
  let lastNew: ExchangeRecord | null = null
  let reaped = 0
  let reaps = 0
  for (const r of records) {
    if (r.kind === 'exchange' && r.newSession) {
      created++
      lastNew = r
    } else if (r.kind === 'reap' && r.removed.length > 0) {
      reaped += r.removed.length
      reaps++
    }
  }
  const parts: string[] = []
  if (created === 1 && lastNew !== null) parts.push(`New session for ${lastNew.browser}.`)
  else if (created > 1) parts.push(`${formatNumber(created)} new sessions.`)
  if (reaps > 0) parts.push(`Reap removed ${formatNumber(reaped)} ${reaped === 1 ? 'session' : 'sessions'}.`)
  return parts.join(' ')
}

/** A setting's value in words: durations with their unit, anything else as written. */
function settingText(key: string, value: unknown): string {
  if ((key === 'maxAge' || key === 'reapInterval' || key === 'latency') && typeof value === 'number') return value === -1 ? `${key} off` : `${key} ${formatDuration(value)}`
  if (key === 'fingerprint') return `fingerprint ${typeof value === 'string' ? value : 'custom function'}`
  if (key === 'cookie') return value === null || value === undefined ? 'cookie attributes back to the default' : `cookie ${JSON.stringify(value)}`
  return `${key} ${JSON.stringify(value)}`
}

/** One of the reader's own actions in words: "you changed alice's IP address to 203.0.113.5". */
export function describeReaderAction(a: LoggedAction): string {
  switch (a.kind) {
    case 'addBrowser':
      return `you added browser ${a.name} (${a.ip})`
    case 'removeBrowser':
      return `you removed browser ${a.browser}`
    case 'stealCookie':
      return `you copied ${a.from}'s ${a.cookie ?? 'session'} cookie into ${a.to}`
    case 'setIp':
      return `you changed ${a.browser}'s IP address to ${a.ip}`
    case 'setUserAgent':
      return `you changed ${a.browser}'s User-Agent to ${JSON.stringify(a.userAgent.length > 50 ? `${a.userAgent.slice(0, 47)}…` : a.userAgent)}`
    case 'clearCookies':
      return `you cleared ${a.browser}'s cookies`
    case 'setCookie':
      return `you set ${a.browser}'s ${a.name} cookie by hand to ${a.value === '' ? 'an empty value' : shortHex(a.value, 16)}`
    case 'configure': {
      const { kind: _kind, t: _t, faults, ...settings } = a
      const parts = Object.entries(settings)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => settingText(k, v))
      const faultParts = Object.entries(faults ?? {}).map(([k, v]) => settingText(k, v))
      if (faultParts.length > 0) parts.push(`store fault: ${faultParts.join(', ')}`)
      return `you changed a setting: ${parts.join(', ') || 'nothing'}`
    }
    default:
      return `you did ${a.kind}`
  }
}

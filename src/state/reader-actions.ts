// The reader's own actions (a copied cookie, a new IP, a setting, a fault, a cookie written by hand), read from the
// world's action history so the event log can show them among the trace's records. Requests, bursts, store calls and
// the passing of time are left out: the trace already tells of them.
import type { LoggedAction, TraceRecord } from '../sim/index.ts'

/** One reader action from the history: when, the action, and how many requests had been sent before it. */
export interface ReaderAction {
  readonly t: number
  /** Requests sent before this action (exchange numbers at or below it came first). */
  readonly after: number
  readonly action: LoggedAction
}

/** The kinds the trace does not already show. */
const SHOWN = new Set(['addBrowser', 'removeBrowser', 'stealCookie', 'setIp', 'setUserAgent', 'clearCookies', 'setCookie', 'configure'])

/**
 * Picks the reader's actions out of a world's history (oldest first). `sent` is how many requests the world has sent
 * in all, so each action's count of requests before it is exact even when the history no longer reaches back to the
 * start. The first `cast` actions, when they add browsers, are the browsers the world was made with: not news.
 */
export function readerActionsOf(history: readonly LoggedAction[], sent: number, cast = 0): ReaderAction[] {
  let inHistory = 0
  for (const a of history) inHistory += a.kind === 'send' ? 1 : a.kind === 'burst' ? a.count : 0
  let before = Math.max(0, sent - inHistory)
  const out: ReaderAction[] = []
  for (let i = 0; i < history.length; i++) {
    const a = history[i] as LoggedAction
    if (a.kind === 'send' || a.kind === 'burst') before += a.kind === 'send' ? 1 : a.count
    if ((i < cast && a.kind === 'addBrowser') || !SHOWN.has(a.kind)) continue
    out.push({ t: a.t, after: before, action: a })
  }
  return out
}

/** How many actions at the start of a history add browsers: the cast a world was made with. */
export function castOf(history: readonly LoggedAction[]): number {
  let n = 0
  while (n < history.length && (history[n] as LoggedAction).kind === 'addBrowser') n++
  return n
}

/** The number of requests a world has sent, as far as its trace and its requests in flight tell. */
export function sentSoFar(trace: readonly TraceRecord[], pending: readonly { readonly exchange: number }[]): number {
  let n = 0
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'exchange') {
      n = r.exchange
      break
    }
  }
  for (const p of pending) if (p.exchange > n) n = p.exchange
  return n
}

/** An entry of the event log: a trace record or a reader action. */
export type LogItem = { readonly kind: 'record'; readonly record: TraceRecord } | { readonly kind: 'reader'; readonly reader: ReaderAction; readonly key: string }

/** True when the reader action happened before the record (by time; at one instant, by the order of sending). */
function comesBefore(a: ReaderAction, r: TraceRecord): boolean {
  const time = r.kind === 'exchange' ? r.finishedAt : r.time
  if (a.t !== time) return a.t < time
  // At one instant: a request sent after the action comes after it; a reap or store call at that instant came first.
  return r.kind === 'exchange' ? a.after < r.exchange : false
}

/**
 * Merges the trace's records and the reader's actions into one log, oldest first. Reader actions older than the
 * first record shown are left out (the log shows a window of the newest records).
 */
export function mergeLog(records: readonly TraceRecord[], readers: readonly ReaderAction[], keepOlder = false): LogItem[] {
  const out: LogItem[] = []
  let j = 0
  const first = records[0]
  if (!keepOlder && first !== undefined) while (j < readers.length && comesBefore(readers[j] as ReaderAction, first)) j++
  for (const record of records) {
    while (j < readers.length && comesBefore(readers[j] as ReaderAction, record)) {
      const reader = readers[j] as ReaderAction
      out.push({ kind: 'reader', reader, key: `a${reader.t}-${reader.after}-${j}` })
      j++
    }
    out.push({ kind: 'record', record })
  }
  for (; j < readers.length; j++) {
    const reader = readers[j] as ReaderAction
    out.push({ kind: 'reader', reader, key: `a${reader.t}-${reader.after}-${j}` })
  }
  return out
}

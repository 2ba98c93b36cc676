import type { ExchangeRecord, TraceRecord } from '../../sim/index.ts'

// Requests marked on the timeline: the newest, few enough to tell apart and to tab through.
const MAX_REQUEST_MARKS = 60

// Requests sent at one instant stand side by side; past this many, the older ones give way to a count, so a burst
// neither runs off the end of the track nor redraws sixty buttons on every update.
const MAX_AT_ONE_INSTANT = 4

export interface RequestMarkLayout {
  /** Each marked request with its place among those sent at the same instant, oldest first. */
  readonly marks: readonly { readonly x: ExchangeRecord; readonly offset: number }[]
  /** Per instant, how many requests in the trace have no mark of their own, and where the count stands. */
  readonly more: readonly { readonly at: number; readonly count: number; readonly offset: number }[]
}

/** The newest exchanges for the timeline's request marks, at most a few per instant, and what each instant hides. */
export function requestMarksOf(trace: readonly TraceRecord[]): RequestMarkLayout {
  const marks: { x: ExchangeRecord; offset: number }[] = []
  const more: { at: number; count: number; offset: number }[] = []
  let group: ExchangeRecord[] = []
  let count = 0
  // Closes the instant being read (newest first): its marks, and a count for the requests left without one.
  const close = () => {
    const at = (group[0] as ExchangeRecord).sentAt
    if (count > group.length) more.push({ at, count: count - group.length, offset: group.length })
    group.forEach((x, i) => marks.push({ x, offset: group.length - 1 - i }))
    group = []
    count = 0
  }
  for (let i = trace.length - 1; i >= 0; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind !== 'exchange') continue
    if (group.length > 0 && r.sentAt !== (group[0] as ExchangeRecord).sentAt) {
      close()
      if (marks.length >= MAX_REQUEST_MARKS) break
    }
    count++
    if (group.length < MAX_AT_ONE_INSTANT && marks.length + group.length < MAX_REQUEST_MARKS) group.push(r)
  }
  if (group.length > 0) close()
  return { marks: marks.reverse(), more }
}

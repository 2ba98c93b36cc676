import './sim.css'
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TraceRecord } from '../../sim/index.ts'
import { useSimulation, useSimulationStore } from '../../state/index.ts'
import { announcementFor, describePending, describeRecord, recordsAfter } from './describe.ts'
import { formatClock } from '../ui/format.ts'

/** How many records the log shows: the newest; older ones stay in the trace (and the timeline). */
export const LOG_LIMIT = 200

const Entry = memo(function Entry({ record }: { record: TraceRecord }) {
  const time = record.kind === 'exchange' ? record.finishedAt : record.time
  const kind =
    record.kind === 'reap'
      ? record.removed.length > 0
        ? 'reap'
        : 'tick'
      : record.kind === 'store-call'
        ? 'call'
        : record.newSession
          ? 'new'
          : record.error !== null
            ? 'error'
            : 'exchange'
  return (
    <li className={`sim-log-entry sim-log-${kind}`}>
      <span className="sim-log-time">{formatClock(time)}</span> <span className="sim-log-text">{describeRecord(record)}</span>
    </li>
  )
})

/**
 * A polite live region that tells screen readers about reaps and new sessions (and nothing else, so a busy
 * simulation does not talk over the page). One per simulation: EventLog includes it unless told not to.
 */
export function SimAnnouncer() {
  const store = useSimulationStore()
  const [text, setText] = useState('')
  useEffect(() => {
    let last = lastSeq(store.getState().trace)
    return store.subscribe((state, prev) => {
      if (state.trace === prev.trace) return
      const fresh = recordsAfter(state.trace, last)
      last = lastSeq(state.trace)
      // A seek back replays the past; that is not news.
      if (state.view.now < prev.view.now) return
      const message = announcementFor(fresh)
      if (message !== '') setText(message)
    })
  }, [store])
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  )
}

/** The newest records for the log, leaving out reaps that removed nothing unless asked for. */
function newest(trace: readonly TraceRecord[], ticks: boolean): readonly TraceRecord[] {
  if (ticks) return trace.length > LOG_LIMIT ? trace.slice(trace.length - LOG_LIMIT) : trace
  const out: TraceRecord[] = []
  for (let i = trace.length - 1; i >= 0 && out.length < LOG_LIMIT; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind !== 'reap' || r.removed.length > 0) out.push(r)
  }
  return out.reverse()
}

function lastSeq(trace: readonly TraceRecord[]): number {
  return trace.length === 0 ? -1 : (trace[trace.length - 1] as TraceRecord).seq
}

/** Everything that happened, newest last: each exchange as a chain of the library's decisions, and each reap. */
export function EventLog({ announce = true, height = 16 }: { announce?: boolean; height?: number }) {
  const trace = useSimulation((s) => s.trace)
  const pending = useSimulation((s) => s.view.pending)
  const [ticks, setTicks] = useState(false)
  const shown = useMemo(() => newest(trace, ticks), [trace, ticks])
  const tickId = useId()
  const box = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  // Follow new entries unless the reader has scrolled up to read older ones.
  useLayoutEffect(() => {
    const el = box.current
    if (el !== null && pinned.current) el.scrollTop = el.scrollHeight
  }, [shown, pending])
  return (
    <div className="sim-log-block">
      <div
        ref={box}
        className="sim-log"
        role="log"
        aria-label="Event log"
        aria-live="off"
        tabIndex={0}
        style={{ maxHeight: `${height}rem` }}
        onScroll={(event) => {
          const el = event.currentTarget
          pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8
        }}
      >
        {shown.length === 0 && pending.length === 0 ? (
          <p className="sim-muted sim-log-empty">Nothing has happened yet.</p>
        ) : (
          <ol>
            {shown.map((r) => (
              <Entry key={r.seq} record={r} />
            ))}
            {/* Requests still in flight come last, as they are: sent, not yet answered. */}
            {pending.slice(-LOG_LIMIT).map((p) => (
              <li key={`flight-${p.exchange}`} className="sim-log-entry sim-log-flight">
                <span className="sim-log-time">{formatClock(p.sentAt)}</span> <span className="sim-log-text">{describePending(p)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="sim-log-foot">
        <span className="sim-check">
          <input id={tickId} type="checkbox" checked={ticks} onChange={(event) => setTicks(event.target.checked)} />
          <label htmlFor={tickId}>Show reaps that removed nothing</label>
        </span>
        {shown.length === LOG_LIMIT && <span className="sim-muted">Showing the newest {LOG_LIMIT}.</span>}
      </div>
      {announce && <SimAnnouncer />}
    </div>
  )
}

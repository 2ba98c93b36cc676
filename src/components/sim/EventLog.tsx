import './sim.css'
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { TraceRecord } from '../../sim/index.ts'
import { mergeLog, useSimulation, useSimulationStore, type InspectTarget, type LogItem, type ReaderAction } from '../../state/index.ts'
import { announcementFor, describePending, describeReaderAction, describeRecord, recordsAfter } from './describe.ts'
import { formatClock } from '../ui/format.ts'

/** How many records the log shows: the newest; older ones stay in the trace (and the timeline). */
export const LOG_LIMIT = 200

/**
 * How many of them are drawn until the reader asks for more: more than any panel shows at once. A burst replaces
 * the whole window on every update, so drawing all 200 there would cost five times the DOM work for entries nobody
 * sees. A button above them draws the rest.
 */
const FOLLOW_WINDOW = 40

/** What activating a record inspects: an exchange, or the first session a reap or store call touched (none). */
function targetOf(record: TraceRecord): InspectTarget | null {
  return record.kind === 'exchange' ? { kind: 'exchange', exchange: record.exchange } : null
}

const Entry = memo(function Entry({ record, onInspect, current }: { record: TraceRecord; onInspect?: (target: InspectTarget) => void; current: boolean }) {
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
  const target = onInspect === undefined ? null : targetOf(record)
  if (target !== null && onInspect !== undefined) {
    return (
      <li className={`sim-log-entry sim-log-${kind}`}>
        <button type="button" className="sim-log-button" aria-current={current ? 'true' : undefined} onClick={() => onInspect(target)}>
          <span className="sim-log-time">{formatClock(time)}</span> <span className="sim-log-text">{describeRecord(record)}</span>
        </button>
      </li>
    )
  }
  return (
    <li className={`sim-log-entry sim-log-${kind}`}>
      <span className="sim-log-time">{formatClock(time)}</span> <span className="sim-log-text">{describeRecord(record)}</span>
    </li>
  )
})

const ReaderEntry = memo(function ReaderEntry({ reader }: { reader: ReaderAction }) {
  return (
    <li className="sim-log-entry sim-log-reader">
      <span className="sim-log-time">{formatClock(reader.t)}</span> <span className="sim-log-text">{describeReaderAction(reader.action)}</span>
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

/**
 * Everything that happened, newest last: each exchange as a chain of the library's decisions, each reap, and (with
 * `readerActions`) the reader's own actions from the world's history. With `inspectable`, an exchange entry is a
 * button that opens it in the Inspector. `height` in rem caps it (null: the parent sizes it).
 */
export function EventLog({ announce = true, height = 16, inspectable = false, readerActions = false }: { announce?: boolean; height?: number | null; inspectable?: boolean; readerActions?: boolean }) {
  const trace = useSimulation((s) => s.trace)
  const pending = useSimulation((s) => s.view.pending)
  const readers = useSimulation((s) => s.readerActions)
  const inspected = useSimulation((s) => (s.inspected?.kind === 'exchange' ? s.inspected.exchange : null))
  const store = useSimulationStore()
  const [ticks, setTicks] = useState(false)
  const records = useMemo(() => newest(trace, ticks), [trace, ticks])
  // The reader's actions older than the oldest record shown fall out of the window with it.
  const shown: readonly LogItem[] = useMemo(
    () => (readerActions ? mergeLog(records, readers, records.length === trace.length) : records.map((record) => ({ kind: 'record', record }) as const)),
    [records, readers, readerActions, trace.length],
  )
  const onInspect = useMemo(() => (inspectable ? (target: InspectTarget) => store.getState().actions.inspect(target) : undefined), [inspectable, store])
  const tickId = useId()
  const box = useRef<HTMLDivElement>(null)
  const pinned = useRef(true)
  // Only the newest FOLLOW_WINDOW entries are drawn until the reader asks for the older ones with the button above
  // them (scrolling alone does not draw them: the button would vanish as a keyboard's focus scrolled it into view).
  // `anchor` is the distance from the bottom to keep when they land above, so the entries in view stay where they
  // were. Back at the bottom, the log draws the window again.
  const [expanded, setExpanded] = useState(false)
  const anchor = useRef<number | null>(null)
  const hidden = expanded ? 0 : Math.max(0, shown.length - FOLLOW_WINDOW)
  const drawn = hidden > 0 ? shown.slice(hidden) : shown
  useLayoutEffect(() => {
    const el = box.current
    if (!expanded || anchor.current === null || el === null) return
    el.scrollTop = el.scrollHeight - anchor.current
    anchor.current = null
  }, [expanded])
  // Follow new entries unless the reader has scrolled up to read older ones. The scroll waits for the next frame:
  // reading scrollHeight right after a commit forces a layout of the whole page inside the task that made the change
  // (during a burst, one per update); in the frame it is the layout the browser does anyway before painting.
  useEffect(() => {
    if (!pinned.current) return
    const frame = requestAnimationFrame(() => {
      const el = box.current
      if (el !== null && pinned.current) el.scrollTop = el.scrollHeight
    })
    return () => cancelAnimationFrame(frame)
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
        style={height === null ? undefined : { maxHeight: `${height}rem` }}
        onScroll={(event) => {
          const el = event.currentTarget
          pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8
          if (pinned.current && expanded) setExpanded(false)
        }}
      >
        {shown.length === 0 && pending.length === 0 ? (
          <p className="sim-muted sim-log-empty">Nothing has happened yet.</p>
        ) : (
          <ol>
            {hidden > 0 && (
              <li className="sim-log-more">
                <button
                  type="button"
                  className="button sim-small-button"
                  onClick={() => {
                    const el = box.current
                    if (el === null) return
                    anchor.current = el.scrollHeight - el.scrollTop
                    // The button goes with the click: focus stays in the log, on the box the reader scrolls.
                    el.focus({ preventScroll: true })
                    setExpanded(true)
                  }}
                >
                  Show {hidden} older {hidden === 1 ? 'entry' : 'entries'}
                </button>
              </li>
            )}
            {drawn.map((item) =>
              item.kind === 'record' ? (
                <Entry key={item.record.seq} record={item.record} onInspect={onInspect} current={item.record.kind === 'exchange' && item.record.exchange === inspected} />
              ) : (
                <ReaderEntry key={item.key} reader={item.reader} />
              ),
            )}
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
        {records.length === LOG_LIMIT && <span className="sim-muted">Showing the newest {LOG_LIMIT}.</span>}
      </div>
      {announce && <SimAnnouncer />}
    </div>
  )
}

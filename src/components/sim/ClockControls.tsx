import './sim.css'
import { memo, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { ReapRecord, TraceRecord } from '../../sim/index.ts'
import { requestMarksOf, type RequestMarkLayout } from './request-marks.ts'
import { useSimulation, useSimulationStore } from '../../state/index.ts'
import { useShortcut } from '../ui/shortcuts.ts'
import { formatClock, formatDuration, formatElapsed, formatNumber } from '../ui/format.ts'
import { useAct, useOnScreen } from '../ui/use-act.ts'
import { AdvanceField, ClockNotes, VirtualTime } from './clock-parts.tsx'

/** Virtual seconds per real second the speed slider offers: a log scale of round numbers. */
export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 10_800, 21_600, 43_200, 86_400] as const

/** "1 s = 1 min": what one real second becomes at a speed (virtual ms per real ms). */
export function describeSpeed(speed: number): string {
  return `1 s = ${formatDuration(speed * 1000)}`
}

function nearestSpeedIndex(speed: number): number {
  let best = 0
  for (let i = 0; i < SPEEDS.length; i++) {
    if (Math.abs(Math.log(SPEEDS[i] as number) - Math.log(speed)) < Math.abs(Math.log(SPEEDS[best] as number) - Math.log(speed))) best = i
  }
  return best
}

const MAX_MARKS = 120

/** The reaps that removed something, newest last, for the timeline's marks. */
function reapMarks(trace: readonly TraceRecord[]): ReapRecord[] {
  const marks: ReapRecord[] = []
  for (let i = trace.length - 1; i >= 0 && marks.length < MAX_MARKS; i--) {
    const r = trace[i] as TraceRecord
    if (r.kind === 'reap' && r.removed.length > 0) marks.push(r)
  }
  return marks.reverse()
}

/** A strip under the timeline with a button per request: activating one opens it in the Inspector. */
const RequestMarks = memo(function RequestMarks({ earliest, latest, requests }: { earliest: number; latest: number; requests: RequestMarkLayout }) {
  const store = useSimulationStore()
  const inspected = useSimulation((s) => (s.inspected?.kind === 'exchange' ? s.inspected.exchange : null))
  const span = Math.max(1, latest - earliest)
  if (requests.marks.length === 0) return null
  const left = (t: number, offset: number) => `calc(${((Math.min(latest, Math.max(earliest, t)) - earliest) / span) * 100}% + ${offset * 10}px)`
  return (
    <ul className="sim-request-marks" aria-label="Requests on the timeline">
      {requests.marks.map(({ x, offset }) => (
        <li key={x.exchange} style={{ left: left(x.sentAt, offset) }}>
          <button
            type="button"
            className={`sim-request-mark${x.newSession ? ' sim-request-mark-new' : ''}${x.response.status >= 400 ? ' sim-request-mark-bad' : ''}`}
            aria-current={x.exchange === inspected ? 'true' : undefined}
            title={`${formatClock(x.sentAt)}: #${x.exchange} ${x.browser} ${x.request.method} ${x.request.path} → ${x.response.status}`}
            onClick={() => store.getState().actions.inspect({ kind: 'exchange', exchange: x.exchange })}
          >
            <span className="visually-hidden">
              Request #{x.exchange} at {formatClock(x.sentAt)}: {x.browser} {x.request.method} {x.request.path} → {x.response.status}
            </span>
          </button>
        </li>
      ))}
      {requests.more.map((h) => (
        <li key={`more-${h.at}`} className="sim-request-more" style={{ left: left(h.at, h.offset) }}>
          +{formatNumber(h.count)}
          <span className="visually-hidden"> more requests at {formatClock(h.at)}, in the event log</span>
        </li>
      ))}
    </ul>
  )
})

const Timeline = memo(function Timeline({ earliest, latest, now, marks, requests }: { earliest: number; latest: number; now: number; marks: readonly ReapRecord[]; requests: RequestMarkLayout | null }) {
  const act = useAct()
  const id = useId()
  const span = Math.max(1, latest - earliest)
  const seek = (t: number) => {
    const to = Math.min(latest, Math.max(earliest, Math.round(t)))
    if (to !== now) act((a) => a.seek(to))
  }
  // Native arrows would move one millisecond; a reader wants steps they can see.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const small = Math.max(1000, span / 100)
    const big = Math.max(1000, span / 10)
    const moves: Record<string, number> = { ArrowLeft: -small, ArrowDown: -small, ArrowRight: small, ArrowUp: small, PageDown: -big, PageUp: big }
    if (event.key in moves) {
      event.preventDefault()
      seek(now + (moves[event.key] as number))
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      seek(event.key === 'Home' ? earliest : latest)
    }
  }
  return (
    <div className="sim-timeline">
      <label htmlFor={id} className="sim-small-label">
        Timeline <span className="sim-muted">(drag back to travel in time)</span>
      </label>
      <div className="sim-timeline-track">
        <input
          id={id}
          type="range"
          min={earliest}
          max={latest}
          step="any"
          value={now}
          aria-valuetext={`${formatClock(now)}, ${formatElapsed(now - earliest)} from the earliest point kept`}
          onChange={(event) => seek(Number(event.target.value))}
          onKeyDown={onKeyDown}
        />
        <ul className="sim-marks" aria-label="Reaps on the timeline">
          {marks.map((m) => (
            <li
              key={m.seq}
              className="sim-mark"
              style={{ left: `${(Math.min(latest, Math.max(earliest, m.time)) - earliest) / span * 100}%` }}
              title={`${formatClock(m.time)}: reap removed ${m.removed.length}`}
            >
              <span className="visually-hidden">
                {formatClock(m.time)}: reap removed {m.removed.length} {m.removed.length === 1 ? 'session' : 'sessions'}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {requests !== null && <RequestMarks earliest={earliest} latest={latest} requests={requests} />}
      <div className="sim-timeline-ends sim-muted" aria-hidden="true">
        <span>{formatClock(earliest)}</span>
        <span>{formatClock(latest)}</span>
      </div>
    </div>
  )
})

/**
 * The virtual clock: play or pause, speed on a log scale, step to the next event or the next reap, advance by an
 * amount, the time now, and a timeline to scrub back through, with a mark for every reap that removed sessions.
 * Space, → and Shift+→ work while the controls are on screen (`shortcuts="always"`: whenever the page is open, for a
 * page whose only simulation this is; `"off"`: never).
 */
export function ClockControls({ shortcuts = 'visible', requestMarks = false, extra }: { shortcuts?: 'visible' | 'always' | 'off'; requestMarks?: boolean; extra?: ReactNode }) {
  const playing = useSimulation((s) => s.playing)
  const speed = useSimulation((s) => s.speed)
  const now = useSimulation((s) => s.view.now)
  const startTime = useSimulation((s) => s.view.startTime)
  const earliest = useSimulation((s) => s.view.earliest)
  const latest = useSimulation((s) => s.view.latest)
  const nextReapAt = useSimulation((s) => s.view.nextReapAt)
  const nextEventAt = useSimulation((s) => s.view.nextEventAt)
  const ahead = useSimulation((s) => s.view.ahead)
  const fork = useSimulation((s) => s.view.fork)
  const pausedSince = useSimulation((s) => s.view.historyPausedSince)
  const trace = useSimulation((s) => s.trace)
  const actions = useSimulation((s) => s.actions)
  const marks = useMemo(() => reapMarks(trace), [trace])
  const requests = useMemo(() => (requestMarks ? requestMarksOf(trace) : null), [trace, requestMarks])
  const act = useAct()
  const [message, setMessage] = useState<string | null>(null)
  const root = useRef<HTMLDivElement>(null)
  const onScreen = useOnScreen(root)
  const ids = { speed: useId(), message: useId() }

  const run = (fn: Parameters<typeof act>[0]) => setMessage(act(fn))
  const togglePlay = () => (playing ? actions.pause() : actions.play())
  const step = () => run((a) => a.stepToNextEvent())
  const stepReap = () => run((a) => a.stepToNextReap())

  const enabled = () => shortcuts === 'always' || (shortcuts === 'visible' && onScreen.current)
  useShortcut({ key: 'Space', description: 'Play or pause the simulation', group: 'Simulation', handler: togglePlay, enabled })
  useShortcut({
    key: 'ArrowRight',
    description: 'Step to the next event (with Shift: to the next reap)',
    group: 'Simulation',
    handler: (event) => (event.shiftKey ? stepReap() : step()),
    enabled,
  })

  const speedIndex = nearestSpeedIndex(speed)
  return (
    <div ref={root} className="sim-clock" role="group" aria-label="Clock">
      <div className="sim-clock-row">
        <button type="button" className="button button-primary sim-play" onClick={togglePlay} aria-keyshortcuts="Space">
          <span aria-hidden="true" className="sim-play-icon">{playing ? '❚❚' : '▶'}</span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="button" onClick={step} aria-keyshortcuts="ArrowRight" title={nextEventAt === null ? 'Nothing is scheduled' : `Next event at ${formatClock(nextEventAt)}`}>
          Step
        </button>
        <button type="button" className="button" onClick={stepReap} aria-keyshortcuts="Shift+ArrowRight">
          Step to next reap
        </button>
        <VirtualTime now={now} startTime={startTime} />
      </div>
      <div className="sim-clock-row">
        <AdvanceField describedBy={ids.message} onAdvance={(ms) => run((a) => a.advance(ms))} onInvalid={setMessage} />
        <div className="sim-inline-field sim-speed">
          <label htmlFor={ids.speed}>Speed</label>
          <input
            id={ids.speed}
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndex}
            aria-valuetext={describeSpeed(speed)}
            onChange={(event) => run((a) => a.setSpeed(SPEEDS[Number(event.target.value)] ?? 60))}
          />
          <span className="sim-speed-value" aria-hidden="true">
            {describeSpeed(speed)}
          </span>
        </div>
      </div>
      {extra}
      <Timeline earliest={earliest} latest={latest} now={now} marks={marks} requests={requests} />
      {pausedSince !== null && (
        <p className="sim-next sim-muted">
          Time travel is paused: a request has been in flight since {formatClock(pausedSince)} while the history outgrew its bounds. It resumes once no
          request is in flight.
        </p>
      )}
      {ahead > 0 && (
        <p className="sim-next sim-muted">
          {ahead} recorded {ahead === 1 ? 'action' : 'actions'} ahead: Play replays them, then goes on live. A new action here forks the timeline.
        </p>
      )}
      <div className="sim-fork">
        <p role="status" className="sim-fork-note">
          {fork === null
            ? null
            : `The timeline forked at ${formatClock(fork.at)}: the other future (${fork.actions} ${fork.actions === 1 ? 'action' : 'actions'}, to ${formatClock(fork.latest)}) is set aside.`}
        </p>
        {fork !== null && (
          <>
            <button type="button" className="button" onClick={() => run((a) => a.undoFork())}>
              Undo fork
            </button>
            <button type="button" className="button" onClick={() => run((a) => a.forgetFork())}>
              Keep this timeline
            </button>
          </>
        )}
      </div>
      <ClockNotes now={now} nextReapAt={nextReapAt} messageId={ids.message} message={message} />
    </div>
  )
}

import './explain.css'
import { useMemo } from 'react'
import { useSimulation } from '../../state/index.ts'
import { settingRefusal } from '../ui/setting-refusal.ts'
import { DurationField } from '../ui/fields.tsx'
import { useAct } from '../ui/use-act.ts'
import { formatDuration, formatSinceStart, shortHex } from '../ui/format.ts'
import { lanesOf, reapTicks, type Lane } from './read-trace.ts'

/** Fields for the store's reapInterval and maxAge, with units, applied to the nearest simulation on Enter or blur. */
export function LifetimeControls() {
  const reapInterval = useSimulation((s) => s.view.reapInterval)
  const maxAge = useSimulation((s) => s.view.maxAge)
  const act = useAct()
  return (
    <div className="lifetime-controls">
      <DurationField
        name="reapInterval"
        value={reapInterval}
        allowOff
        check={(ms) => settingRefusal({ reapInterval: ms })}
        onCommit={(ms) => act((a) => a.configure({ reapInterval: ms }))}
        hint="How often the store sweeps; −1 turns it off. Changing it restarts the sweep timer from now."
      />
      <DurationField
        name="maxAge"
        value={maxAge}
        check={(ms) => settingRefusal({ maxAge: ms })}
        onCommit={(ms) => act((a) => a.configure({ maxAge: ms }))}
        hint="How long a session may sit idle before a sweep may remove it. The 2010 page spells it maxAage; only maxAge works."
      />
    </div>
  )
}

function describeLane(lane: Lane, start: number, now: number): string {
  const head = `Session ${shortHex(lane.id)}: last access ${formatSinceStart(lane.lastAccess, start)}, maxAge deadline ${formatSinceStart(lane.deadline, start)}`
  if (lane.reapedAt !== null) return `${head}, zombie from ${formatSinceStart(lane.deadline, start)} until it was reaped at ${formatSinceStart(lane.reapedAt, start)}.`
  if (lane.zombieEnd === null) return `${head}; reaping is off, so nothing will remove it.`
  const zombie = `zombie window ${formatSinceStart(lane.deadline, start)} to ${formatSinceStart(lane.zombieEnd, start)} (${formatDuration(lane.zombieEnd - lane.deadline)})`
  return `${head}, ${zombie}${lane.deadline <= now ? ', and it is in that window now' : ''}.`
}

/**
 * One lane per session: its last access, the maxAge deadline, the reap ticks, the zombie window from the deadline to
 * the first reap after it, and a mark where the reaper removed it (the mark stays after the row has left the
 * store). A text list says the same for screen readers.
 */
export function LifetimeLanes({ controls = false }: { controls?: boolean }) {
  const view = useSimulation((s) => s.view)
  const trace = useSimulation((s) => s.trace)
  const lanes = useMemo(() => lanesOf(view.sessions, trace, view.maxAge, view.reapInterval, view.nextReapAt), [view, trace])
  const { now, startTime: start, reapInterval, maxAge } = view
  // The window: from a little before the oldest lane's last access to past the latest zombie window and now.
  const from = Math.min(now, ...lanes.map((l) => l.lastAccess)) - Math.max(reapInterval, 0) * 0.25
  const ends = lanes.map((l) => l.zombieEnd ?? l.deadline)
  const to = Math.max(now + Math.max(reapInterval, 1000), ...ends) + Math.max(reapInterval, 1000) * 0.5
  const span = Math.max(1, to - from)
  const x = (t: number): string => `${(((t - from) / span) * 100).toFixed(3)}%`
  const w = (a: number, b: number): string => `${((Math.max(0, b - a) / span) * 100).toFixed(3)}%`
  const ticks = useMemo(() => reapTicks(trace, view.reapSchedule, from, to), [trace, view.reapSchedule, from, to])
  return (
    <div className="lifetime" role="group" aria-label="Lifetime lanes">
      {controls ? <LifetimeControls /> : null}
      <p className="lifetime-summary">
        maxAge <strong>{formatDuration(maxAge)}</strong>, reapInterval <strong>{reapInterval === -1 ? 'off' : formatDuration(reapInterval)}</strong>: an idle session can
        survive up to <strong>{reapInterval === -1 ? 'forever' : formatDuration(maxAge + reapInterval)}</strong>.
      </p>
      <div className="lanes" aria-hidden="true">
        <div className="lanes-axis">
          {ticks.map((t) => (
            <span key={t} className="lane-tick" style={{ left: x(t) }} />
          ))}
          <span className="lane-now" style={{ left: x(now) }}>
            <span className="lane-now-label">now</span>
          </span>
        </div>
        {lanes.length === 0 ? <p className="lanes-empty">No sessions yet.</p> : null}
        {lanes.map((lane) => (
          <div key={lane.key} className={`lane${lane.reapedAt !== null ? ' lane-gone' : ''}`} data-key={lane.key}>
            <span className="lane-name mono">{shortHex(lane.id, 6)}</span>
            <div className="lane-track">
              {ticks.map((t) => (
                <span key={t} className="lane-tick" style={{ left: x(t) }} />
              ))}
              <span className="lane-alive" style={{ left: x(lane.lastAccess), width: w(lane.lastAccess, lane.deadline) }} />
              {lane.zombieEnd !== null ? <span className="lane-zombie" style={{ left: x(lane.deadline), width: w(lane.deadline, lane.zombieEnd) }} title="zombie window" /> : null}
              <span className="lane-touch" style={{ left: x(lane.lastAccess) }} title="last access" />
              <span className="lane-deadline" style={{ left: x(lane.deadline) }} title="maxAge deadline" />
              {lane.reapedAt !== null ? (
                <span className="lane-reap" style={{ left: x(lane.reapedAt) }} title="reaped">
                  ✕
                </span>
              ) : null}
              <span className="lane-now" style={{ left: x(now) }} />
            </div>
          </div>
        ))}
        <ul className="lanes-legend">
          <li>
            <span className="key key-alive" /> fresh
          </li>
          <li>
            <span className="key key-touch" /> last access
          </li>
          <li>
            <span className="key key-deadline" /> maxAge deadline
          </li>
          <li>
            <span className="key key-zombie" /> zombie window
          </li>
          <li>
            <span className="key key-tick" /> reap
          </li>
          <li>
            <span className="key-reap">✕</span> reaped
          </li>
        </ul>
      </div>
      <ul className="lanes-text" aria-label="Lifetime of each session">
        {lanes.length === 0 ? <li>No sessions yet.</li> : lanes.map((lane) => <li key={lane.key}>{describeLane(lane, start, now)}</li>)}
      </ul>
    </div>
  )
}

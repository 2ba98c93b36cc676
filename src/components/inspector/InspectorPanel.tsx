import { useEffect, useMemo, useRef } from 'react'
import { resolveInspection, useSimulation, useSimulationStore } from '../../state/index.ts'
import { Inspector } from './Inspector.tsx'

/**
 * The Inspector bound to the nearest simulation: shows what the state's `inspected` names (set by clicking a log
 * entry, a store row, a request on the timeline or a browser's last request), kept up to date as the world moves.
 * When the reader picks something while the panel is off screen (a narrow screen stacks it below), it scrolls into view.
 */
export function InspectorPanel({ level = 2 }: { level?: 2 | 3 }) {
  const target = useSimulation((s) => s.inspected)
  const trace = useSimulation((s) => s.trace)
  const sessions = useSimulation((s) => s.view.sessions)
  const browsers = useSimulation((s) => s.view.browsers)
  const store = useSimulationStore()
  const data = useMemo(() => (target === null ? null : resolveInspection(target, trace, sessions, browsers)), [target, trace, sessions, browsers])
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = box.current
    if (target === null || el === null || typeof el.getBoundingClientRect !== 'function') return
    const r = el.getBoundingClientRect()
    if (r.top >= window.innerHeight || r.bottom <= 0) el.scrollIntoView({ block: 'start' })
  }, [target])
  return (
    <div ref={box} className="insp-panel">
      <Inspector
        level={level}
        {...(data ?? {})}
        onClose={() => store.getState().actions.inspect(null)}
        empty={
          <p className="insp-note">
            Pick something to look into: an entry of the event log, a row of the store, a request mark on the timeline, or a browser's last request.
          </p>
        }
      />
    </div>
  )
}

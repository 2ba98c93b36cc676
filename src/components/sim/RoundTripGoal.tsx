import './sim.css'
import { useMemo } from 'react'
import type { TraceRecord } from '../../sim/index.ts'
import { useSimulation } from '../../state/index.ts'

/** The servers that handled each session id, read from the trace (only requests handled by a cluster server count). */
function serversBySession(trace: readonly TraceRecord[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const r of trace) {
    if (r.kind !== 'exchange' || r.server === undefined || r.sessionId === null) continue
    let servers = out.get(r.sessionId)
    if (servers === undefined) out.set(r.sessionId, (servers = new Set()))
    servers.add(r.server)
  }
  return out
}

/**
 * The goal of the "round trip through three servers" exercise, checked against the trace after every request: one
 * session, committed by at least `servers` different servers. A status, so a screen reader hears when it is met.
 */
export function RoundTripGoal({ servers = 3 }: { servers?: number }) {
  const trace = useSimulation((s) => s.trace)
  const best = useMemo(() => {
    let most = 0
    for (const set of serversBySession(trace).values()) most = Math.max(most, set.size)
    return most
  }, [trace])
  const solved = best >= servers
  return (
    <p className={`sim-goal${solved ? ' sim-goal-met' : ''}`} role="status">
      {solved
        ? `Solved: one session went through ${best} different servers.`
        : best === 0
          ? `Not yet: no session has been through a server yet. Goal: one session through ${servers} different servers.`
          : `Not yet: the most servers one session has been through is ${best} of ${servers}.`}
    </p>
  )
}

// Which reaper ticks are worth running. The rule of when a reap removes a session is the library's (`reapRemoves`,
// `idleDeadline`, `MemoryStore#earliestDeadline`); this only turns the earliest deadline into the tick to wake at.

/**
 * The first reaper tick (`due + k·period`, k ≥ 0) whose record tells something about the session with the earliest
 * idle deadline (`MemoryStore#earliestDeadline()`, null when nothing can be reaped): a reap after that deadline
 * removes it, so the tick tells when the tick after it does (it lists the session as due next). Ticks before it
 * neither remove nor announce anything and can be skipped unrun. Infinity when there is nothing to wait for.
 */
export function firstTellingReap(deadline: number | null, due: number, period: number): number {
  if (deadline === null || !Number.isFinite(deadline)) return Infinity
  // Tick k tells when tick k + 1 is past the deadline: due + (k + 1)·period > deadline.
  let k = Math.max(0, Math.floor((deadline - due) / period))
  // The division may round either way; settle on the first such tick. Erring early is safe (an idle tick runs),
  // erring late is not, hence the bounded steps up and the unbounded ones down.
  while (k > 0 && due + k * period > deadline) k--
  for (let step = 0; step < 4 && !(due + (k + 1) * period > deadline); step++) k++
  return due + k * period
}

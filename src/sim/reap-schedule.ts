// When a reap matters. The rule itself (a reap at T removes a session last accessed at L iff L < T − maxAge) is the
// library's: `reapRemoves` here mirrors it until the library exports its own, and is the one place to swap it in.

/** True when a reap at `reapTime` removes a session last accessed at `lastAccess` (strictly older than maxAge). */
export function reapRemoves(lastAccess: number, reapTime: number, maxAge: number): boolean {
  return lastAccess < reapTime - maxAge
}

/**
 * The first reaper tick (`due + k·period`, k ≥ 0) whose record tells something about the oldest session (last
 * accessed at `oldest`): it removes it, or lists it as due at the next tick. Ticks before it remove nothing and
 * announce nothing, so they can be skipped unrun. Infinity when there is no session to reap.
 */
export function firstTellingReap(oldest: number, due: number, period: number, maxAge: number): number {
  if (!Number.isFinite(oldest)) return Infinity
  // A tick T tells when the tick after it removes the oldest: reapRemoves(oldest, T + period, maxAge).
  let k = Math.max(0, Math.floor((oldest + maxAge - period - due) / period) + 1)
  // The division may round either way; settle on the first tick with the rule itself. Erring early is safe (an idle
  // tick runs), erring late is not, hence the bounded steps up and the unbounded ones down.
  while (k > 0 && reapRemoves(oldest, due + k * period, maxAge)) k--
  for (let step = 0; step < 4 && !reapRemoves(oldest, due + (k + 1) * period, maxAge); step++) k++
  return due + k * period
}

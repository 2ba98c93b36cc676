/**
 * When the reaper removes a session: the one rule the store applies and every tool that predicts or explains a reap
 * (trace, store table, lifetime lanes) calls, so they can never disagree with the store.
 *
 * A reap at `reapTime` removes every session whose lastAccess is strictly below `reapTime - maxAge`: a session idle
 * for exactly maxAge stays. `maxAge` is an idle timeout enforced only by the reaper, so between its deadline and the
 * next reap a session can still be loaded and revived by touch; that stretch is the zombie window
 */

/** The lastAccess below which a reap at `reapTime` removes a session (exclusive). */
export function reapThreshold(reapTime: number, maxAge: number): number {
  return reapTime - maxAge
}

/** True when a reap at `reapTime` removes a session last accessed at `lastAccess`. */
export function reapRemoves(lastAccess: number, reapTime: number, maxAge: number): boolean {
  return lastAccess < reapThreshold(reapTime, maxAge)
}

/** `lastAccess + maxAge`: from then on the session is idle longer than maxAge, and any later reap removes it. */
export function idleDeadline(lastAccess: number, maxAge: number): number {
  return lastAccess + maxAge
}

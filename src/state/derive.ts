import { idleDeadline, reapRemoves } from '../connect/index.ts'
import type { BrowserView, ForkStats, PendingExchange, ReapSchedule, SessionView, World, WorldConfig } from '../sim/index.ts'

/** A store row as the widgets show it: the stored session plus what follows from the clock and the settings. */
export interface SessionRow extends SessionView {
  /** ms since lastAccess. */
  readonly age: number
  /** ms until it passes maxAge (negative once it has). */
  readonly expiresIn: number
  /** Past maxAge and still in the store: loadable, and revived if loaded (the zombie window). */
  readonly zombie: boolean
  /** Will be removed by the next reap unless touched first. */
  readonly stale: boolean
}

/** Everything the widgets read about a world, derived once per update so renders stay cheap and stable. */
export interface WorldView {
  readonly version: number
  /** The settings in force (the same object until one of them changes, so a selector of it re-renders only then). */
  readonly config: WorldConfig
  readonly now: number
  readonly startTime: number
  readonly maxAge: number
  readonly reapInterval: number
  readonly nextReapAt: number | null
  /** When the reaper runs (every `every` ms since `since`); null when reaping is off. */
  readonly reapSchedule: ReapSchedule | null
  readonly nextEventAt: number | null
  readonly inFlight: number
  /** The requests in flight, oldest first (with store latency a request shows here as soon as it is sent). */
  readonly pending: readonly PendingExchange[]
  readonly sessions: readonly SessionRow[]
  readonly browsers: readonly BrowserView[]
  /** The earliest and latest instants seek can reach. */
  readonly earliest: number
  readonly latest: number
  /** Recorded actions ahead of now (after scrubbing back): Play replays them before going on live. */
  readonly ahead: number
  /** The future the last fork set aside (Undo fork brings it back), or null. */
  readonly fork: ForkStats | null
  /** When time travel paused (a request stuck in flight while the history outgrew its bounds), or null. */
  readonly historyPausedSince: number | null
}

/** Derives the rows of the store table from the sessions, the clock and the settings. */
export function deriveRows(sessions: readonly SessionView[], now: number, maxAge: number, nextReapAt: number | null): SessionRow[] {
  const rows: SessionRow[] = new Array(sessions.length)
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] as SessionView
    // The library's reap rule tells who a reap now would take (zombies) and who the next reap takes (stale).
    rows[i] = {
      ...s,
      age: now - s.lastAccess,
      expiresIn: idleDeadline(s.lastAccess, maxAge) - now,
      zombie: reapRemoves(s.lastAccess, now, maxAge),
      stale: nextReapAt !== null && reapRemoves(s.lastAccess, nextReapAt, maxAge),
    }
  }
  return rows
}

/** The newest request a browser has in flight, or undefined. */
export function pendingOf(pending: readonly PendingExchange[], browser: string): PendingExchange | undefined {
  for (let i = pending.length - 1; i >= 0; i--) if ((pending[i] as PendingExchange).browser === browser) return pending[i]
  return undefined
}

function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  for (const key of Object.keys(y)) if (!Object.is(x[key], y[key])) return false
  return Object.keys(x).length === Object.keys(y).length
}

// The world hands out a fresh faults object on each read, so faults are compared field by field.
function sameConfig(a: WorldConfig, b: WorldConfig): boolean {
  return sameFields({ ...a, faults: null }, { ...b, faults: null }) && sameFields(a.faults, b.faults)
}

/** Reads a world into a view; the previous view's config object is kept when no setting changed. */
export function viewOf(world: World, previous?: WorldView): WorldView {
  const now = world.now()
  const read = world.config()
  const config = previous !== undefined && sameConfig(previous.config, read) ? previous.config : read
  const nextReapAt = world.nextReapTime()
  const history = world.history()
  return {
    version: world.version(),
    config,
    now,
    startTime: world.startTime(),
    maxAge: config.maxAge,
    reapInterval: config.reapInterval,
    nextReapAt,
    reapSchedule: world.reapSchedule(),
    nextEventAt: world.nextEventTime(),
    inFlight: world.inFlight(),
    pending: world.pending(),
    sessions: deriveRows(world.sessions(), now, config.maxAge, nextReapAt),
    browsers: world.browsers(),
    earliest: history.earliest,
    latest: history.latest,
    ahead: history.ahead,
    fork: history.fork,
    historyPausedSince: history.pausedSince,
  }
}

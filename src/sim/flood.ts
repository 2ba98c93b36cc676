// A flood, measured: a bot that never keeps cookies sends requests at a steady rate, each of which makes a session of
// its own, and we sample how many sessions the store holds and roughly how much memory they take. Run once with the
// reaper and once without, it shows what reaping buys. The run advances one sample at a time, so a page can spread it
// over many short tasks and stay responsive.
import { estimateBytes } from './checkpoint.ts'
import { createWorld, type World } from './world.ts'

/** What a flood run is asked for. */
export interface FloodOptions {
  /** Requests the bot sends per virtual minute. */
  readonly perMinute: number
  /** How long the flood lasts, virtual ms. */
  readonly duration: number
  /** The store's idle timeout. */
  readonly maxAge: number
  /** How often the reaper runs; -1 turns it off. */
  readonly reapInterval: number
  /** How many points to sample over the duration (default 120). */
  readonly samples?: number
}

/** One sample of a flood. */
export interface FloodPoint {
  /** Virtual ms since the flood began. */
  readonly t: number
  /** Sessions the store holds. */
  readonly sessions: number
  /** Estimated bytes those sessions take (see `estimateSessionBytes`). */
  readonly bytes: number
  /** Requests sent so far. */
  readonly sent: number
}

/** The most requests a flood may send in all (enough for a store of a hundred thousand sessions). */
export const MAX_FLOOD_REQUESTS = 500_000

/** What a store spends per entry beyond its key and data: the map slot, the expiry queue's item (an estimate). */
export const ENTRY_OVERHEAD_BYTES = 64

/** The flooding bot: a crawler that keeps no cookies, so every request makes a new session. */
export const FLOOD_BOT = { name: 'bot', userAgent: 'Mozilla/5.0 (compatible; FloodBot/1.0)', ip: '203.0.113.66' } as const

/** An estimate of the memory one stored session takes: its key, its data, and a fixed per-entry overhead. */
export function estimateSessionBytes(key: string, data: unknown): number {
  return key.length + estimateBytes(data) + ENTRY_OVERHEAD_BYTES
}

/** Checks flood options, throwing a RangeError that names the bad one. */
export function checkFloodOptions(o: FloodOptions): void {
  if (!Number.isFinite(o.perMinute) || o.perMinute <= 0) throw new RangeError(`requests per minute must be above 0; got ${String(o.perMinute)}`)
  if (!Number.isFinite(o.duration) || o.duration < 60_000) throw new RangeError(`the flood must last at least a minute; got ${String(o.duration)} ms`)
  const samples = o.samples ?? 120
  if (!Number.isInteger(samples) || samples < 2 || samples > 2000) throw new RangeError(`samples must be a whole number from 2 to 2000; got ${String(samples)}`)
  const total = (o.perMinute * o.duration) / 60_000
  if (total > MAX_FLOOD_REQUESTS) {
    throw new RangeError(`that flood would send ${Math.round(total).toLocaleString('en')} requests; the most is ${MAX_FLOOD_REQUESTS.toLocaleString('en')} (lower the rate or the duration)`)
  }
}

/**
 * A flood in progress, a little work at a time: `work(budget)` sends at most `budget` requests (or takes one sample)
 * and returns, so a page can stop between calls. Each interval's requests go out at its start, as bursts from the
 * bot; then the clock moves to the interval's end and the store is sampled.
 */
export class FloodRun {
  readonly options: FloodOptions
  readonly points: FloodPoint[] = []
  readonly #world: World
  readonly #interval: number
  readonly #samples: number
  /** Requests still to send in the current interval; null between intervals. */
  #due: number | null = null
  #owed = 0
  #sent = 0

  constructor(options: FloodOptions) {
    checkFloodOptions(options)
    this.options = options
    this.#samples = options.samples ?? 120
    this.#interval = options.duration / this.#samples
    // Nothing here travels in time, so no checkpoints (each would copy the whole flooded store) and a short trace.
    this.#world = createWorld({ maxAge: options.maxAge, reapInterval: options.reapInterval, traceCap: 100, checkpointEvery: 1_000_000_000 })
    this.#world.addBrowser(FLOOD_BOT)
    this.points.push({ t: 0, sessions: 0, bytes: 0, sent: 0 })
  }

  /** True once every sample has been taken. */
  get done(): boolean {
    return this.points.length > this.#samples
  }

  /** How far the run has come, from 0 to 1. */
  get progress(): number {
    return (this.points.length - 1) / this.#samples
  }

  /** Sends up to `budget` requests, or ends an interval and samples it; returns true once the flood is over. */
  work(budget = 250): boolean {
    const world = this.#world
    let left = Math.max(1, Math.floor(budget))
    while (left > 0 && !this.done) {
      if (this.#due === null) {
        // The fraction of a request carries over to the next interval.
        this.#owed += (this.options.perMinute * this.#interval) / 60_000
        this.#due = Math.floor(this.#owed)
        this.#owed -= this.#due
      }
      if (this.#due > 0) {
        const n = Math.min(left, this.#due)
        world.burst(FLOOD_BOT.name, n)
        this.#due -= n
        this.#sent += n
        left -= n
        continue
      }
      const end = world.startTime() + this.points.length * this.#interval
      if (end > world.now()) world.advance(end - world.now())
      this.#sample()
      this.#due = null
      left--
    }
    return this.done
  }

  #sample(): void {
    const world = this.#world
    const sessions = world.sessions()
    let bytes = 0
    for (const s of sessions) bytes += estimateSessionBytes(s.key, s.data)
    this.points.push({ t: world.now() - world.startTime(), sessions: sessions.length, bytes, sent: this.#sent })
  }
}

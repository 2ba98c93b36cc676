import { randomBytes } from 'node:crypto'
import { createClient, RESP_TYPES } from 'redis'
import { Store, type Callback, type GetCallback, type PlainData, type SetCallback, type StoreOptions } from '../../connect/index.ts'
import { assertKnownOptions, checkReapInterval, reapThreshold, SetEvent } from '../../connect/internal.ts'
import { decodeSession, encodeSession } from './codec.ts'
import { CLEAR, REAP_BATCH, REMOVE, SAVE } from './scripts.ts'

/** The part of a node-redis client (v5) the store uses; pass your own client to share its connection. */
export interface RedisCommandClient {
  sendCommand(args: ReadonlyArray<string | Buffer>, options?: { typeMapping?: object; timeout?: number }): Promise<unknown>
}

export interface RedisStoreOptions extends StoreOptions {
  /** `redis://host:port[/db]`: the store makes, connects and owns its client (closed by `close()`). */
  url?: string
  /** A node-redis client you made and connect yourself; the store never closes it. Give `url` or `client`, not both. */
  client?: RedisCommandClient
  /** How often, in ms on the store's clock, stale sessions are reaped; default 10 minutes; -1 turns reaping off. */
  reapInterval?: number
  /** Prefix of every Redis key the store uses; default `sessionscope:`. Stores with different prefixes never meet. */
  prefix?: string
  /** Longest wait in ms (real time) for one Redis command before it fails the request; default 2000. */
  commandTimeout?: number
}

const DEFAULT_PREFIX = 'sessionscope:'
const DEFAULT_REAP_INTERVAL = 600_000
const DEFAULT_COMMAND_TIMEOUT = 2_000
/** Sessions removed per script run, so one reap never blocks Redis for long. */
const REAP_BATCH_SIZE = 500
/** Fields read per HSCAN step in all(); with the step cap it bounds all() to a hundred million sessions. */
const SCAN_COUNT = 1_000
const MAX_SCAN_STEPS = 100_000
const BUFFERS = { [RESP_TYPES.BLOB_STRING]: Buffer }

function checkKey(hash: unknown): string {
  if (typeof hash !== 'string') throw new TypeError(`session store keys are strings; got ${typeof hash}`)
  return hash
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}

/**
 * Hands a Redis reply to a store callback. A callback that throws has no caller to throw to (the reply arrived on
 * a later tick), so the error is logged, as the library logs a throwing event listener, rather than left as an
 * unhandled rejection that would end the process.
 */
function answer<T>(reply: Promise<T>, onReply: (value: T) => void, onError: (err: Error) => void): void {
  const guard = (deliver: () => void): void => {
    try {
      deliver()
    } catch (err) {
      console.error('RedisStore: a store callback threw:', err)
    }
  }
  reply.then(
    (value) => guard(() => onReply(value)),
    (err: unknown) => guard(() => onError(asError(err))),
  )
}

function isCommandClient(value: unknown): value is RedisCommandClient {
  return typeof value === 'object' && value !== null && typeof (value as RedisCommandClient).sendCommand === 'function'
}

/**
 * A session store in Redis, shared by every process that points at the same Redis and prefix. Sessions live in one
 * hash (`<prefix>sessions`), their lastAccess in a sorted set (`<prefix>idle`); each process's reaper fires on its
 * own clock, but a `SET NX` lock per reap slot (`<prefix>reap:<slot>`) lets one reap run per interval. Callbacks are
 * called asynchronously, once, with errors as values (Redis down: an error, never a throw and never a hang).
 */
export class RedisStore extends Store {
  readonly #client: RedisCommandClient
  /** The client the store made from `url`, which it must close; undefined for a client given by the caller. */
  readonly #owned: ReturnType<typeof createClient> | undefined
  readonly #ready: Promise<void>
  readonly #sessionsKey: string
  readonly #idleKey: string
  readonly #prefix: string
  readonly #timeout: number
  readonly #token = randomBytes(8).toString('hex')
  #reapInterval = DEFAULT_REAP_INTERVAL
  #timer: ReturnType<Store['clock']['setInterval']> | undefined
  #reaping: Promise<string[] | null> | undefined

  constructor(options: RedisStoreOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('RedisStore options must be an object with url or client')
    assertKnownOptions(options, ['url', 'client', 'prefix', 'commandTimeout', 'reapInterval', 'maxAge', 'cookie', 'clock'], 'RedisStore')
    const { url, client, prefix, commandTimeout, reapInterval, ...storeOptions } = options
    if ((url === undefined) === (client === undefined)) {
      throw new TypeError("RedisStore needs exactly one of { url: 'redis://127.0.0.1:6379' } or { client } (a node-redis client)")
    }
    if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
      throw new TypeError(`RedisStore: url must be a redis:// or rediss:// URL; got ${String(url)}`)
    }
    if (client !== undefined && !isCommandClient(client)) {
      throw new TypeError('RedisStore: client must be a node-redis client (an object with sendCommand(args, options))')
    }
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === '')) {
      throw new TypeError(`RedisStore: prefix must be a non-empty string; got ${String(prefix)}`)
    }
    if (commandTimeout !== undefined && (typeof commandTimeout !== 'number' || !Number.isFinite(commandTimeout) || commandTimeout <= 0)) {
      throw new TypeError(`RedisStore: commandTimeout must be a positive number of milliseconds; got ${String(commandTimeout)}`)
    }
    const interval = reapInterval === undefined ? DEFAULT_REAP_INTERVAL : checkReapInterval(reapInterval)
    super(storeOptions)
    this.#prefix = prefix ?? DEFAULT_PREFIX
    this.#sessionsKey = `${this.#prefix}sessions`
    this.#idleKey = `${this.#prefix}idle`
    this.#timeout = commandTimeout ?? DEFAULT_COMMAND_TIMEOUT
    if (url !== undefined) {
      const owned = createClient({
        url,
        // Commands sent while Redis is away fail at once (the request gets a 500) instead of queueing without bound.
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries: number) => Math.min(25 * 2 ** retries, 500) },
      })
      // Without a listener, a lost connection would be an unhandled 'error' event and take the process down.
      owned.on('error', () => {})
      this.#owned = owned
      this.#client = owned as unknown as RedisCommandClient
      this.#ready = owned.connect().then(
        () => undefined,
        (err: unknown) => {
          throw new Error(`RedisStore could not connect to ${url}: ${asError(err).message}`)
        },
      )
      // A caller who never awaits ready() learns of a failed connect from the commands that fail, not a crash.
      this.#ready.catch(() => {})
    } else {
      this.#owned = undefined
      this.#client = client as RedisCommandClient
      this.#ready = Promise.resolve()
    }
    this.#reapInterval = interval
    this.#startReaper()
  }

  /** Resolves once the store's own client is connected (at once for a client you passed); rejects if it cannot. */
  ready(): Promise<void> {
    return this.#ready
  }

  /** The reaper's period in ms (-1: off); setting it restarts the reaper. */
  get reapInterval(): number {
    return this.#reapInterval
  }

  set reapInterval(value: number) {
    const checked = checkReapInterval(value)
    this.#stopReaper()
    this.#reapInterval = checked
    this.#startReaper()
  }

  /** The prefix of the store's Redis keys. */
  get prefix(): string {
    return this.#prefix
  }

  /** Calls back `(null, data)` on a hit, `(null, undefined)` on a miss, `(err)` when Redis fails or holds a bad value. */
  get(hash: string, callback: GetCallback): void {
    let key: string
    try {
      key = checkKey(hash)
    } catch (err) {
      callback(asError(err))
      return
    }
    answer(
      this.#run(['HGET', this.#sessionsKey, key], true),
      (stored) => {
        let data: PlainData | undefined
        try {
          data = stored === null || stored === undefined ? undefined : decodeSession(key, stored as Buffer)
        } catch (err) {
          callback(asError(err))
          return
        }
        callback(null, data)
      },
      (err) => callback(err),
    )
  }

  /** Stores a copy of `data` (one atomic write of data and lastAccess), or deletes the key when `data` is null. */
  set(hash: string, data: PlainData | null, callback?: SetCallback): void {
    if (data === null || data === undefined) {
      if (typeof hash !== 'string') {
        callback?.(null, false)
        return
      }
      this.#remove(hash, callback)
      return
    }
    let key: string
    let copy: PlainData
    let bytes: Buffer
    try {
      key = checkKey(hash)
      if (typeof data !== 'object') throw new TypeError(`session data must be an object or null; got ${typeof data}`)
      ;({ copy, bytes } = encodeSession(data))
    } catch (err) {
      callback?.(asError(err))
      return
    }
    const lastAccess = copy.lastAccess
    const score = typeof lastAccess === 'number' && Number.isFinite(lastAccess) ? String(lastAccess) : ''
    answer(
      this.#script(SAVE, [key, bytes, score]),
      () => {
        if (this.storeEvents.active) this.storeEvents.emit(new SetEvent(this.clock.now(), key, copy))
        callback?.(null)
      },
      (err) => callback?.(err),
    )
  }

  #remove(key: string, callback?: SetCallback): void {
    answer(
      this.#script(REMOVE, [key]),
      (n) => {
        const removed = Number(n) === 1
        if (removed && this.storeEvents.active) this.storeEvents.emit({ type: 'delete', time: this.clock.now(), key, reason: 'destroy' })
        callback?.(null, removed)
      },
      (err) => callback?.(err),
    )
  }

  /** Deletes every session under this store's prefix. */
  override clear(callback?: Callback): void {
    answer(
      this.#script(CLEAR, []),
      (n) => {
        if (this.storeEvents.active) this.storeEvents.emit({ type: 'clear', time: this.clock.now(), removed: Number(n) })
        callback?.(null)
      },
      (err) => callback?.(err),
    )
  }

  /** Calls back with copies of every session's data (in Redis's hash order), or an error if any value is bad. */
  override all(callback: (err: Error | null, sessions?: PlainData[]) => void): void {
    answer(
      this.#scanAll(),
      (sessions) => callback(null, sessions),
      (err) => callback(err),
    )
  }

  /** Calls back with the number of sessions held. */
  override length(callback: (err: Error | null, length?: number) => void): void {
    answer(
      this.#run(['HLEN', this.#sessionsKey], false),
      (n) => callback(null, Number(n)),
      (err) => callback(err),
    )
  }

  /**
   * Removes every session idle longer than maxAge at the store clock's now (strictly below now − maxAge, the
   * library's reap rule) and resolves with their keys, oldest first; resolves null when another process already
   * reaped in this interval. Rejects when Redis fails; what was removed before stays removed.
   */
  async reap(maxAge: number = this.maxAge): Promise<string[] | null> {
    if (typeof maxAge !== 'number' || Number.isNaN(maxAge)) throw new TypeError(`reap(maxAge) needs a number; got ${String(maxAge)}`)
    const now = this.clock.now()
    if (this.#reapInterval !== -1) {
      // One reap per slot of reapInterval on the shared clock, whichever process gets there first.
      const slot = Math.floor(now / this.#reapInterval)
      const lockMs = String(Math.max(1_000, Math.min(2 * this.#reapInterval, 2_147_483_647)))
      const won = await this.#run(['SET', `${this.#prefix}reap:${slot}`, this.#token, 'NX', 'PX', lockMs], false)
      if (won === null) return null
    }
    const threshold = reapThreshold(now, maxAge)
    const removed: string[] = []
    // Each batch deletes up to REAP_BATCH_SIZE sessions, so the loop ends after at most (sessions / batch) + 1 runs.
    for (let batch = 0; batch < MAX_SCAN_STEPS; batch++) {
      const gone = (await this.#script(REAP_BATCH, [String(threshold), String(REAP_BATCH_SIZE)])) as string[]
      removed.push(...gone.map(String))
      if (gone.length < REAP_BATCH_SIZE) break
    }
    if (this.storeEvents.active) this.storeEvents.emit({ type: 'reap', time: now, threshold, maxAge, removed })
    return removed
  }

  /** Resolves once the reap the store's own timer started (if any) has finished, whatever its outcome. */
  async settled(): Promise<void> {
    await this.#reaping?.catch(() => null)
  }

  /** Stops the reaper and, for a store made from `url`, closes its connection. Safe to call twice. */
  async close(): Promise<void> {
    this.#stopReaper()
    await this.settled()
    if (this.#owned?.isOpen) await this.#owned.close()
  }

  async #scanAll(): Promise<PlainData[]> {
    const out: PlainData[] = []
    let cursor = '0'
    for (let step = 0; step < MAX_SCAN_STEPS; step++) {
      const reply = (await this.#run(['HSCAN', this.#sessionsKey, cursor, 'COUNT', String(SCAN_COUNT)], true)) as [Buffer, Buffer[]]
      const pairs = reply[1]
      for (let i = 0; i + 1 < pairs.length; i += 2) out.push(decodeSession(String(pairs[i]), pairs[i + 1] as Buffer))
      cursor = String(reply[0])
      if (cursor === '0') return out
    }
    throw new Error(`RedisStore.all: more than ${MAX_SCAN_STEPS * SCAN_COUNT} sessions; read them in parts with HSCAN instead`)
  }

  #script(body: string, args: ReadonlyArray<string | Buffer>): Promise<unknown> {
    return this.#run(['EVAL', body, '2', this.#sessionsKey, this.#idleKey, ...args], false)
  }

  #run(args: ReadonlyArray<string | Buffer>, buffers: boolean): Promise<unknown> {
    let sent: Promise<unknown>
    try {
      sent = this.#client.sendCommand(args, buffers ? { typeMapping: BUFFERS } : undefined)
    } catch (err) {
      // A client that throws instead of rejecting (closed, or not a real client) still answers through the callback.
      return Promise.reject(asError(err))
    }
    // node-redis times out only commands not yet written; a Redis that hangs after reading one would hold the request
    // forever. This is a network wait, so it runs on real time, not the store's clock.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer ${String(args[0])} within ${this.#timeout} ms`)), this.#timeout)
      timer.unref()
      sent.then(
        (reply) => {
          clearTimeout(timer)
          resolve(reply)
        },
        (err: unknown) => {
          clearTimeout(timer)
          reject(asError(err))
        },
      )
    })
  }

  #startReaper(): void {
    if (this.#reapInterval === -1) return
    this.#timer = this.clock.setInterval(() => {
      // A reap still running (slow Redis) is not joined by another; a failed one is retried at the next tick.
      if (this.#reaping !== undefined) return
      this.#reaping = this.reap().finally(() => {
        this.#reaping = undefined
      })
      this.#reaping.catch(() => {})
    }, this.#reapInterval)
  }

  #stopReaper(): void {
    if (this.#timer !== undefined) this.clock.clearInterval(this.#timer)
    this.#timer = undefined
  }
}

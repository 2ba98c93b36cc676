// A recording in a form that is cheap to post to another thread. Posting a recording as it is makes the receiver
// rebuild every action object from a structured clone: for a 100,000-request stream that took a worker 60–100 ms
// before it could start. A stream repeats a few thousand distinct sends at different times, so this form keeps each
// distinct action once and the stream as two typed arrays (which action, and when).
import type { ActionData, TimedAction } from './actions.ts'
import type { Recording } from './recording.ts'

/** A Recording as packRecording writes it; unpackRecording gives the Recording back. */
export interface PackedRecording {
  readonly config: Recording['config']
  readonly browsers: Recording['browsers']
  /** The stream's distinct actions, each without its `at` (a `note` stays with its action). */
  readonly distinct: readonly TimedAction<ActionData>[]
  /** Per action of the stream, in order: its index in `distinct`. */
  readonly order: Uint32Array
  /** Per action of the stream: its `at`, or NaN when it has none. */
  readonly at: Float64Array
}

// The keys a send may have and still share its entry with other sends: anything more (a body, a note) is kept apart.
const SHARED_SEND_KEYS = new Set(['kind', 'browser', 'method', 'path', 'at'])

/** True when the action is a send made only of string browser, method and path (besides its time). */
function isPlainSend(action: TimedAction<ActionData>): action is TimedAction<Extract<ActionData, { kind: 'send' }>> {
  if (action.kind !== 'send') return false
  for (const key in action) if (!SHARED_SEND_KEYS.has(key)) return false
  const a = action as { browser: unknown; method?: unknown; path?: unknown }
  return typeof a.browser === 'string' && (a.method === undefined || typeof a.method === 'string') && (a.path === undefined || typeof a.path === 'string')
}

/** The action without its `at`. */
function untimed(action: TimedAction<ActionData>): TimedAction<ActionData> {
  const { at: _at, ...rest } = action
  return rest as TimedAction<ActionData>
}

/**
 * A recording packed for posting: equal sends (same browser, method and path, nothing else but a time) share one
 * entry of `distinct`; every other action has an entry of its own. Nothing is lost: unpackRecording gives back an
 * equal recording (each action's keys may come in another order).
 */
export function packRecording(recording: Recording): PackedRecording {
  const actions = recording.actions
  const distinct: TimedAction<ActionData>[] = []
  const order = new Uint32Array(actions.length)
  const at = new Float64Array(actions.length)
  // browser → method → path → entry; a Map per level, so no joined key can make two different sends collide.
  const sends = new Map<string, Map<string | undefined, Map<string | undefined, number>>>()
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i]!
    const time = action.at
    at[i] = time === undefined ? Number.NaN : time
    if (!isPlainSend(action)) {
      order[i] = distinct.push(untimed(action)) - 1
      continue
    }
    let methods = sends.get(action.browser)
    if (methods === undefined) sends.set(action.browser, (methods = new Map()))
    let paths = methods.get(action.method)
    if (paths === undefined) methods.set(action.method, (paths = new Map()))
    let entry = paths.get(action.path)
    if (entry === undefined) paths.set(action.path, (entry = distinct.push(untimed(action)) - 1))
    order[i] = entry
  }
  return { config: recording.config, browsers: recording.browsers, distinct, order, at }
}

/** The recording a PackedRecording holds; throws a TypeError for anything else, a RangeError when its arrays do not fit together. */
export function unpackRecording(packed: PackedRecording): Recording {
  const given = packed as Partial<PackedRecording> | null
  if (typeof given !== 'object' || given === null || !Array.isArray(given.distinct) || !(given.order instanceof Uint32Array) || !(given.at instanceof Float64Array)) {
    throw new TypeError('not a packed recording: make one with packRecording(recording)')
  }
  const { distinct, order, at } = packed
  if (order.length !== at.length) throw new RangeError(`a packed recording has ${order.length} actions but ${at.length} times`)
  const actions = new Array<TimedAction<ActionData>>(order.length)
  for (let i = 0; i < order.length; i++) {
    const entry = distinct[order[i]!]
    if (entry === undefined) throw new RangeError(`action ${i + 1} of a packed recording names entry ${order[i]}, which it does not have`)
    // Object.assign and then the time, not a spread: a spread's copies were slower to unpack and, played in a
    // column, slower to read (a 100,000-request column took 10–20% longer on the bench machine).
    const action: { at?: number } = Object.assign({}, entry)
    const time = at[i]!
    if (!Number.isNaN(time)) action.at = time
    actions[i] = action as TimedAction<ActionData>
  }
  return { config: packed.config, browsers: packed.browsers, actions }
}

// The zustand binding of a comparison: it runs the stream through every column in slices (each well under 50 ms of
// main-thread time, then yields), publishes progress and partial results, and can be cancelled. Widgets read this
// state and call its actions; the run itself (engines, records) stays here.
import { createStore, type StoreApi } from 'zustand/vanilla'
import { ComparisonRun, type Compile, type ComparisonData, type ComparisonResult, type ExchangeRecord, type RowInfo, type Verdict } from '../sim/index.ts'

/** Where a comparison stands. */
export type ComparisonStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error'

/** What the compare view shows. */
export interface ComparisonState {
  readonly status: ComparisonStatus
  readonly data: ComparisonData | null
  /** 0 to 1. */
  readonly progress: number
  /** Requests sent so far in every column, of `total`. */
  readonly sent: number
  readonly total: number
  readonly result: ComparisonResult | null
  readonly error: string | null
  /** The cell whose details are asked for, and its record once its column's replay has reached it. */
  readonly inspected: InspectedCell | null
  readonly actions: ComparisonActions
}

/** A cell of the comparison being inspected. */
export interface InspectedCell {
  readonly row: number
  readonly column: number
  /** True while the column's world is replayed up to the row (in slices, like the run). */
  readonly pending: boolean
  /** The row's record and verdict in that column; null when the column has not answered the row. */
  readonly cell: { readonly record: ExchangeRecord; readonly verdict: Verdict } | null
}

/** What widgets can ask of a comparison. */
export interface ComparisonActions {
  /**
   * Starts (or restarts) a comparison; the previous run is dropped. `compile` turns custom fingerprint source into
   * code that runs in the sandbox: without it, a comparison that holds any is refused (the caller asks the reader first).
   */
  start(data: ComparisonData, compile?: Compile): void
  /** Stops the run where it is; the partial result stays. */
  cancel(): void
  /** A request's description (null until it is known). */
  row(row: number): RowInfo | null
  /** Asks for a cell's details: `inspected` says so at once, and gets the record once a replay in slices has it. */
  inspect(row: number, column: number): void
  /** Closes the details. */
  uninspect(): void
}

export type ComparisonStore = StoreApi<ComparisonState>

/** How a comparison store schedules its slices; injectable so tests run slices without a clock. */
export interface SliceScheduler {
  /** Calls `fn` soon, after the main thread has had a chance to handle input. */
  later(fn: () => void): () => void
  /** A monotonic time in ms. */
  now(): number
}

/** Time a slice may run before yielding: well under the 50 ms of a long task. */
export const SLICE_MS = 12

// Publishing a partial result copies the disagreements and thins the chart: done at most this often.
const PUBLISH_MS = 120

const defaultScheduler: SliceScheduler = {
  later(fn) {
    // A message channel runs the next slice after pending input, without setTimeout's 4 ms clamp.
    if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel()
      let cancelled = false
      channel.port1.onmessage = () => {
        channel.port1.close()
        if (!cancelled) fn()
      }
      channel.port2.postMessage(null)
      return () => {
        cancelled = true
        channel.port1.close()
      }
    }
    const t = setTimeout(fn, 0)
    return () => clearTimeout(t)
  },
  now: () => performance.now(),
}

/** A store for one compare view. */
export function createComparisonStore(scheduler: SliceScheduler = defaultScheduler): ComparisonStore {
  let run: ComparisonRun | null = null
  let stopSlice: (() => void) | null = null
  let stopReplay: (() => void) | null = null

  const store = createStore<ComparisonState>()((set) => {
    const halt = () => {
      stopSlice?.()
      stopSlice = null
    }
    const haltReplay = () => {
      stopReplay?.()
      stopReplay = null
    }
    // One slice of the inspector's replay, up to the cell asked for; the next slice is scheduled until it is there.
    const replaySlice = (current: ComparisonRun, row: number, column: number) => {
      stopReplay = null
      if (current !== run) return
      const started = scheduler.now()
      let cell: ReturnType<ComparisonRun['cellIn']>
      try {
        cell = current.cellIn(row, column, () => scheduler.now() - started > SLICE_MS)
      } catch (err) {
        set({ inspected: null, error: err instanceof Error ? err.message : String(err) })
        return
      }
      if (cell === undefined) {
        stopReplay = scheduler.later(() => replaySlice(current, row, column))
        return
      }
      set({ inspected: { row, column, pending: false, cell } })
    }
    const slice = (current: ComparisonRun) => {
      stopSlice = null
      if (current !== run) return
      const started = scheduler.now()
      let finished: boolean
      try {
        finished = current.step(() => scheduler.now() - started > SLICE_MS)
      } catch (err) {
        set({ status: 'error', error: err instanceof Error ? err.message : String(err) })
        return
      }
      const state = store.getState()
      if (finished) {
        set({ status: 'done', progress: 1, sent: current.sent, result: current.result() })
        return
      }
      const publish = state.result === null || scheduler.now() - lastPublished > PUBLISH_MS
      if (publish) lastPublished = scheduler.now()
      set(publish ? { progress: current.progress, sent: current.sent, result: current.result() } : { progress: current.progress, sent: current.sent })
      stopSlice = scheduler.later(() => slice(current))
    }
    let lastPublished = 0
    return {
      status: 'idle',
      data: null,
      progress: 0,
      sent: 0,
      total: 0,
      result: null,
      error: null,
      inspected: null,
      actions: {
        start(data, compile) {
          halt()
          haltReplay()
          let next: ComparisonRun
          try {
            next = new ComparisonRun(data, compile)
          } catch (err) {
            run = null
            set({ status: 'error', data, error: err instanceof Error ? err.message : String(err), result: null, inspected: null, progress: 0, sent: 0, total: 0 })
            return
          }
          run = next
          lastPublished = 0
          set({ status: 'running', data, error: null, result: null, inspected: null, progress: 0, sent: 0, total: next.requests })
          stopSlice = scheduler.later(() => slice(next))
        },
        cancel() {
          if (run === null || store.getState().status !== 'running') return
          halt()
          set({ status: 'cancelled', result: run.result(), progress: run.progress, sent: run.sent })
        },
        row: (row) => run?.row(row) ?? null,
        inspect(row, column) {
          haltReplay()
          const current = run
          if (current === null) return
          set({ inspected: { row, column, pending: true, cell: null } })
          replaySlice(current, row, column)
        },
        uninspect() {
          haltReplay()
          set({ inspected: null })
        },
      },
    }
  })
  return store
}

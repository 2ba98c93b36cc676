import { estimateBytes } from './checkpoint.ts'

/** What a checkpoint's shared values weigh: the ones it is the first to hold, and all of them. */
export interface Weighed {
  readonly added: number
  readonly all: number
}

/**
 * Weighs the session data and browser snapshots checkpoints hold. They are shared between checkpoints, never copied,
 * so each is weighed once, and counts toward the first checkpoint holding it. Most of a checkpoint's values sit where
 * they sat in the one before (a store's keys keep their order): those are matched by position against the last
 * column weighed, an array read rather than a hash lookup per session and browser.
 */
export class CheckpointWeights {
  readonly #weights = new WeakMap<object, number>()
  #lastData: readonly object[] = []
  #lastDataWeights = new Float64Array(0)
  #lastBrowsers: readonly object[] = []
  #lastBrowserWeights = new Float64Array(0)
  #added = 0

  /** Weighs a checkpoint's store data (each with its key's length) and browser snapshots. */
  weigh(keys: readonly string[], data: readonly object[], browsers: readonly object[]): Weighed {
    this.#added = 0
    const dataWeights = new Float64Array(data.length)
    const browserWeights = new Float64Array(browsers.length)
    let all = this.#column(data, keys, this.#lastData, this.#lastDataWeights, dataWeights)
    all += this.#column(browsers, null, this.#lastBrowsers, this.#lastBrowserWeights, browserWeights)
    this.#lastData = data
    this.#lastDataWeights = dataWeights
    this.#lastBrowsers = browsers
    this.#lastBrowserWeights = browserWeights
    return { added: this.#added, all }
  }

  #column(values: readonly object[], keys: readonly string[] | null, last: readonly object[], lastWeights: Float64Array, out: Float64Array): number {
    let all = 0
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as object
      let w: number
      if (i < last.length && last[i] === value) w = lastWeights[i] as number
      else {
        const known = this.#weights.get(value)
        if (known !== undefined) w = known
        else {
          w = (keys === null ? 0 : (keys[i] as string).length) + estimateBytes(value)
          this.#weights.set(value, w)
          this.#added += w
        }
      }
      out[i] = w
      all += w
    }
    return all
  }
}

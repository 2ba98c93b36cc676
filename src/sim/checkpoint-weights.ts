import { estimateBytes } from './checkpoint.ts'

/** What a checkpoint's shared values weigh: the ones it is the first to hold, and all of them. */
export interface Weighed {
  readonly added: number
  readonly all: number
}

/** One weighed column: its keys, its values and what each weighs, in the order the world listed them. */
interface Column {
  readonly keys: readonly string[]
  readonly values: readonly object[]
  readonly weights: Float64Array
}

const EMPTY: Column = { keys: [], values: [], weights: new Float64Array(0) }

/**
 * Weighs the session data and browser snapshots checkpoints hold. They are shared between checkpoints, never copied,
 * so each is weighed once, and counts toward the first checkpoint holding it. A value is known by its key (a store
 * key, a browser's name) and matched against the last column weighed: stores and browser lists keep their order
 * (survivors in place, newcomers at the end), so a walk down both columns finds a kept value with an array read. A
 * value the last column does not hold is weighed as new; the store copies data on every write, so no value returns
 * after leaving, and the rare miss (a checkpoint taken after a seek) can only count a value twice, never lose one.
 * No weak map: one entry per request made the collector trace an ephemeron table that outlived every checkpoint.
 */
export class CheckpointWeights {
  #lastData: Column = EMPTY
  #lastBrowsers: Column = EMPTY
  #added = 0

  /** Weighs a checkpoint's store data (each with its key's length) and browser snapshots (known by name). */
  weigh(keys: readonly string[], data: readonly object[], browsers: readonly { readonly name: string }[]): Weighed {
    this.#added = 0
    const dataColumn: Column = { keys, values: data, weights: new Float64Array(data.length) }
    const names = browsers.map((b) => b.name)
    const browserColumn: Column = { keys: names, values: browsers, weights: new Float64Array(browsers.length) }
    let all = this.#column(dataColumn, true, this.#lastData)
    all += this.#column(browserColumn, false, this.#lastBrowsers)
    this.#lastData = dataColumn
    this.#lastBrowsers = browserColumn
    return { added: this.#added, all }
  }

  #column(column: Column, countKeys: boolean, last: Column): number {
    const { keys, values, weights } = column
    let all = 0
    let j = 0
    let lastIndex: Map<string, number> | undefined
    for (let i = 0; i < values.length; i++) {
      const key = keys[i] as string
      const value = values[i] as object
      if (j < last.keys.length && last.keys[j] !== key) {
        // Entries were removed before this one (or it is new): find where the last column held this key.
        lastIndex ??= indexOf(last.keys)
        const k = lastIndex.get(key)
        j = k === undefined ? last.keys.length : k
      }
      let w: number
      if (j < last.keys.length && last.values[j] === value) w = last.weights[j] as number
      else {
        w = (countKeys ? key.length : 0) + estimateBytes(value)
        this.#added += w
      }
      if (j < last.keys.length && last.keys[j] === key) j++
      weights[i] = w
      all += w
    }
    return all
  }
}

function indexOf(keys: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  for (let i = 0; i < keys.length; i++) index.set(keys[i] as string, i)
  return index
}

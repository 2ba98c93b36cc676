/**
 * The synchronous store loops of workloads a and b. Every contender imports its own instance of this
 * module (see `isolated()` in library.bench.ts), so each gets identical code with its own JIT feedback:
 * no contender's store shapes make another contender's call sites polymorphic.
 */

export interface LoopStore {
  set(key: string, data: object): void
  get(key: string, cb: (err: unknown, data?: unknown) => void): void
}

/** Sets every key, then gets every key; returns the hits and the sum of the `views` read back. */
export function setThenGet(store: LoopStore, keys: readonly string[], values: readonly { views: number }[]): { hits: number; views: number } {
  const tally = { hits: 0, views: 0 }
  const onGet = (_err: unknown, data?: unknown): void => {
    if (data) {
      tally.hits++
      tally.views += (data as { views: number }).views
    }
  }
  const n = keys.length
  for (let i = 0; i < n; i++) store.set(keys[i]!, values[i]!)
  for (let i = 0; i < n; i++) store.get(keys[i]!, onGet)
  return tally
}

/** Stores records[order[i]] under keys[order[i]] for every i. */
export function fillInOrder(store: LoopStore, keys: readonly string[], records: readonly object[], order: Int32Array): void {
  for (let i = 0; i < order.length; i++) {
    const rank = order[i]!
    store.set(keys[rank]!, records[rank]!)
  }
}

/** After a reap: counts stale keys (ranks below staleCount) still present and fresh keys missing. */
export function checkReap(store: LoopStore, keys: readonly string[], staleCount: number): { staleLeft: number; freshLost: number } {
  // Reset before each get, so a store that never calls back counts as "absent".
  const probe = { present: false }
  const onGet = (_err: unknown, value?: unknown): void => {
    probe.present = value !== undefined && value !== null
  }
  let staleLeft = 0
  let freshLost = 0
  for (let rank = 0; rank < keys.length; rank++) {
    probe.present = false
    store.get(keys[rank]!, onGet)
    if (rank < staleCount && probe.present) staleLeft++
    if (rank >= staleCount && !probe.present) freshLost++
  }
  return { staleLeft, freshLost }
}

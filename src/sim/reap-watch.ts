/**
 * The store's keys with their lastAccess, mirrored from the store's own events, so each reap can report which kept
 * keys come due at the next one without scanning the store. Saves are appended to a queue in order (an older save
 * of the same key stays behind, superseded, and is skipped and dropped when met); lastAccess nearly always grows
 * with that order, and `skew` bounds how far it ever went back (a request loaded before another but saved after it),
 * so a scan from the oldest can stop early and still be exact.
 */
export class ReapWatch {
  // Key → absolute position of its latest save in the queue.
  readonly #latest = new Map<string, number>()
  #keys: string[] = []
  #times: number[] = []
  // Absolute position of #keys[0]; the live part of the queue starts at #head.
  #base = 0
  #head = 0
  #maxSeen = -Infinity
  #skew = 0

  /** Records a save of `key` with its lastAccess (NaN: never reaped, so never reported). */
  saved(key: string, lastAccess: number): void {
    if (lastAccess !== lastAccess) {
      this.#latest.delete(key)
      return
    }
    this.#latest.set(key, this.#base + this.#keys.length)
    this.#keys.push(key)
    this.#times.push(lastAccess)
    if (lastAccess > this.#maxSeen) this.#maxSeen = lastAccess
    else if (this.#maxSeen - lastAccess > this.#skew) this.#skew = this.#maxSeen - lastAccess
    // Superseded saves pile up behind live ones, and a front the scans have moved past is dead weight: shed both.
    // A compaction rewrites every live key's position in #latest (a Map write each), so it waits until dead entries
    // outnumber live ones four to one (it used to run at one to one): a quarter of the Map writes per save, for 16
    // bytes per dead entry held (under 1 MB with 10,000 sessions).
    const length = this.#keys.length
    if (length - this.#head > 5 * this.#latest.size + 4096 || (this.#head > 4096 && 2 * this.#head > length)) this.#compact()
  }

  /** Records that a key left the store. */
  removed(key: string): void {
    this.#latest.delete(key)
  }

  /** Records that the store was emptied. */
  cleared(): void {
    this.#latest.clear()
    this.#keys = []
    this.#times = []
    this.#base = 0
    this.#head = 0
    this.#maxSeen = -Infinity
    this.#skew = 0
  }

  /** The lastAccess last saved for a key, or undefined. */
  lastAccessOf(key: string): number | undefined {
    const at = this.#latest.get(key)
    return at === undefined ? undefined : this.#times[at - this.#base]
  }

  /** Keys whose lastAccess is below `threshold`, oldest first (ties by key). */
  below(threshold: number): string[] {
    const out: string[] = []
    const stop = threshold + this.#skew
    const keys = this.#keys
    const times = this.#times
    const latest = this.#latest
    for (let i = this.#head; i < keys.length; i++) {
      const key = keys[i] as string
      if (latest.get(key) !== this.#base + i) {
        // Superseded or gone: nothing ahead of the live queue needs it, so the front can move past it.
        if (i === this.#head) this.#head++
        continue
      }
      const t = times[i] as number
      if (t >= stop) break
      if (t < threshold) out.push(key)
    }
    if (out.length > 1) this.sortByAge(out)
    return out
  }

  /** Sorts keys in place by lastAccess, then by key, so a list of keys reads the same however it was produced. */
  sortByAge(keys: string[]): void {
    keys.sort((a, b) => (this.lastAccessOf(a) ?? 0) - (this.lastAccessOf(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
  }

  /** Number of keys that will ever be reaped. */
  get size(): number {
    return this.#latest.size
  }

  /**
   * A watch for a restored store, from its keys and data. Keys go in lastAccess order, which is as good as save order
   * for an early stop (better: the skew is zero), and everything the watch reports is sorted by age anyway.
   */
  static rebuild(keys: readonly string[], data: readonly Readonly<Record<string, unknown>>[]): ReapWatch {
    const watch = new ReapWatch()
    const order: { key: string; at: number }[] = []
    for (let i = 0; i < keys.length; i++) {
      const at = data[i]?.lastAccess
      if (typeof at === 'number' && Number.isFinite(at)) order.push({ key: keys[i] as string, at })
    }
    order.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    for (const { key, at } of order) watch.saved(key, at)
    return watch
  }

  #compact(): void {
    const keys: string[] = []
    const times: number[] = []
    const base = this.#base
    for (let i = this.#head; i < this.#keys.length; i++) {
      const key = this.#keys[i] as string
      if (this.#latest.get(key) !== base + i) continue
      this.#latest.set(key, keys.length)
      keys.push(key)
      times.push(this.#times[i] as number)
    }
    this.#keys = keys
    this.#times = times
    this.#base = 0
    this.#head = 0
  }
}

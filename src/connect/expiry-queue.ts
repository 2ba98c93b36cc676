/** Width of a time bucket in ms: a reap re-examines at most one partly due bucket. */
const BUCKET_MS = 1000

interface Bucket<T> {
  keys: string[]
  times: number[]
  tags: T[]
  /** Items before this index were dropped by `earliest` as superseded. */
  start: number
  /** Times ascend from `start` (saves nearly always arrive in clock order). */
  sorted: boolean
}

/**
 * Keys grouped by the second in which they go stale, so a reap visits only what it removes plus one boundary
 * bucket. Saves nearly always land in the newest bucket (O(1)); a late, older one (two requests committing out of
 * order) lands in its own older bucket just as cheaply. Items are never updated in place: each carries a tag (the
 * owner's record) by which the owner tells, when the item comes due, whether the key was saved again since.
 */
export class ExpiryQueue<T> {
  readonly #buckets = new Map<number, Bucket<T>>()
  /** Bucket numbers in ascending order, from `#head`. */
  #order: number[] = []
  #head = 0
  #lastNumber = Number.NaN
  #lastBucket: Bucket<T> | undefined
  #size = 0

  /** Number of queued items, superseded ones included. */
  get size(): number {
    return this.#size
  }

  /** Queues a key that goes stale by `time`, with the owner's tag. */
  push(key: string, time: number, tag: T): void {
    const n = Math.floor(time / BUCKET_MS)
    let bucket = n === this.#lastNumber ? this.#lastBucket : this.#buckets.get(n)
    if (bucket === undefined) {
      bucket = { keys: [], times: [], tags: [], start: 0, sorted: true }
      this.#buckets.set(n, bucket)
      this.#insertNumber(n)
    }
    this.#lastNumber = n
    this.#lastBucket = bucket
    const count = bucket.times.length
    if (bucket.sorted && count > bucket.start && (bucket.times[count - 1] as number) > time) bucket.sorted = false
    bucket.keys.push(key)
    bucket.times.push(time)
    bucket.tags.push(tag)
    this.#size++
  }

  /** Removes and visits every item whose time is below `threshold`. */
  popBelow(threshold: number, visit: (key: string, tag: T) => void): void {
    const order = this.#order
    let h = this.#head
    while (h < order.length) {
      const n = order[h] as number
      if (n * BUCKET_MS >= threshold) break
      const bucket = this.#buckets.get(n) as Bucket<T>
      const { keys, times, tags, start } = bucket
      if ((n + 1) * BUCKET_MS <= threshold) {
        for (let i = start; i < keys.length; i++) visit(keys[i] as string, tags[i] as T)
        this.#size -= keys.length - start
        this.#buckets.delete(n)
        if (n === this.#lastNumber) this.#forgetLast()
        h++
        continue
      }
      // The boundary bucket: keep what is not yet due, in order.
      let kept = 0
      for (let i = start; i < keys.length; i++) {
        if ((times[i] as number) < threshold) visit(keys[i] as string, tags[i] as T)
        else {
          keys[kept] = keys[i] as string
          times[kept] = times[i] as number
          tags[kept] = tags[i] as T
          kept++
        }
      }
      this.#size -= keys.length - start - kept
      keys.length = times.length = tags.length = kept
      bucket.start = 0
      break
    }
    this.#head = h
    if (h > 1024 && h * 2 > order.length) {
      this.#order = order.slice(h)
      this.#head = 0
    }
  }

  /**
   * The smallest time among the items `isLive` accepts, or null when there is none. Items it rejects (superseded by a
   * newer save) are dropped for good as they are met, so repeated calls cost O(1) amortised; a bucket whose items
   * arrived out of order is sorted once, when it first reaches the front.
   */
  earliest(isLive: (key: string, tag: T) => boolean): number | null {
    const order = this.#order
    while (this.#head < order.length) {
      const n = order[this.#head] as number
      const bucket = this.#buckets.get(n) as Bucket<T>
      if (!bucket.sorted) this.#sortBucket(bucket)
      const { keys, times, tags } = bucket
      let i = bucket.start
      while (i < keys.length && !isLive(keys[i] as string, tags[i] as T)) i++
      this.#size -= i - bucket.start
      bucket.start = i
      if (i < keys.length) return times[i] as number
      this.#buckets.delete(n)
      if (n === this.#lastNumber) this.#forgetLast()
      this.#head++
    }
    return null
  }

  /** Empties the queue. */
  clear(): void {
    this.#buckets.clear()
    this.#order = []
    this.#head = 0
    this.#forgetLast()
    this.#size = 0
  }

  #sortBucket(bucket: Bucket<T>): void {
    const { keys, times, tags, start } = bucket
    const idx: number[] = []
    for (let i = start; i < keys.length; i++) idx.push(i)
    idx.sort((a, b) => (times[a] as number) - (times[b] as number))
    bucket.keys = idx.map((i) => keys[i] as string)
    bucket.times = idx.map((i) => times[i] as number)
    bucket.tags = idx.map((i) => tags[i] as T)
    bucket.start = 0
    bucket.sorted = true
  }

  #forgetLast(): void {
    this.#lastNumber = Number.NaN
    this.#lastBucket = undefined
  }

  #insertNumber(n: number): void {
    const order = this.#order
    if (order.length === this.#head || (order[order.length - 1] as number) < n) {
      order.push(n)
      return
    }
    // A bucket older than the newest: rare, so a binary search and a splice are fine.
    let lo = this.#head
    let hi = order.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((order[mid] as number) < n) lo = mid + 1
      else hi = mid
    }
    order.splice(lo, 0, n)
  }
}

/**
 * Keys ordered by the time they go stale, so a reap visits only what it removes. Nearly every session is saved
 * with a lastAccess no older than the one before it, so those go to a sorted FIFO in O(1); the rare older one
 * (two requests committing out of order) goes to a min-heap. Entries are never updated in place: a re-saved key
 * gets a new sequence number and the old queue item is dropped when it comes up.
 */
export class ExpiryQueue {
  // FIFO as parallel arrays from `head`, sorted by time.
  #keys: string[] = []
  #times: number[] = []
  #seqs: number[] = []
  #head = 0
  #tailTime = -Infinity
  // Min-heap by time for out-of-order pushes.
  #heap: { time: number; key: string; seq: number }[] = []

  /** Number of queued items, superseded ones included. */
  get size(): number {
    return this.#keys.length - this.#head + this.#heap.length
  }

  /** Queues a key that goes stale by `time`, tagged with the entry's sequence number. */
  push(key: string, time: number, seq: number): void {
    if (time >= this.#tailTime) {
      this.#keys.push(key)
      this.#times.push(time)
      this.#seqs.push(seq)
      this.#tailTime = time
    } else {
      this.#heapPush({ time, key, seq })
    }
  }

  /** Removes and visits every item whose time is below `threshold`, oldest first per structure. */
  popBelow(threshold: number, visit: (key: string, seq: number) => void): void {
    let h = this.#head
    const times = this.#times
    while (h < times.length && (times[h] as number) < threshold) {
      visit(this.#keys[h] as string, this.#seqs[h] as number)
      h++
    }
    this.#head = h
    if (h === times.length) this.#resetFifo()
    else if (h > 4096 && h * 2 > times.length) this.#shiftFifo()
    const heap = this.#heap
    while (heap.length > 0 && (heap[0] as { time: number }).time < threshold) {
      const top = this.#heapPop()
      visit(top.key, top.seq)
    }
  }

  /** Replaces the contents with exactly the given live items (used to drop superseded ones in bulk). */
  rebuild(items: { key: string; time: number; seq: number }[]): void {
    items.sort((a, b) => a.time - b.time || a.seq - b.seq)
    this.#keys = items.map((i) => i.key)
    this.#times = items.map((i) => i.time)
    this.#seqs = items.map((i) => i.seq)
    this.#head = 0
    this.#tailTime = items.length > 0 ? (items[items.length - 1] as { time: number }).time : -Infinity
    this.#heap = []
  }

  /** Empties the queue. */
  clear(): void {
    this.#resetFifo()
    this.#tailTime = -Infinity
    this.#heap = []
  }

  #resetFifo(): void {
    this.#keys = []
    this.#times = []
    this.#seqs = []
    this.#head = 0
  }

  #shiftFifo(): void {
    const h = this.#head
    this.#keys = this.#keys.slice(h)
    this.#times = this.#times.slice(h)
    this.#seqs = this.#seqs.slice(h)
    this.#head = 0
  }

  #heapPush(item: { time: number; key: string; seq: number }): void {
    const heap = this.#heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as typeof item
      if (p.time <= item.time) break
      heap[i] = p
      i = parent
    }
    heap[i] = item
  }

  #heapPop(): { time: number; key: string; seq: number } {
    const heap = this.#heap
    const top = heap[0] as { time: number; key: string; seq: number }
    const last = heap.pop() as typeof top
    if (heap.length > 0) {
      let i = 0
      const n = heap.length
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && (heap[r] as typeof top).time < (heap[l] as typeof top).time ? r : l
        if ((heap[c] as typeof top).time >= last.time) break
        heap[i] = heap[c] as typeof top
        i = c
      }
      heap[i] = last
    }
    return top
  }
}

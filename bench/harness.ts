/**
 * Measurement plumbing shared by the library bench: machine facts, run scheduling, statistics and
 * table formatting. Nothing in here knows about sessions.
 */
import os from 'node:os'

export interface MachineFacts {
  cpuModel: string
  cores: number
  node: string
  v8: string
  platform: string
  totalMemoryGiB: number
  gcExposed: boolean
  /** 1-minute load average when the bench started; other processes competing for the cores skew results. */
  loadAverageAtStart: number
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gcExposed: typeof gcFunction() === 'function',
    loadAverageAtStart: loadAverage(),
  }
}

/** 1-minute load average, rounded to 2 decimals. */
export function loadAverage(): number {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100
}

function machineCpuMs(): { busy: number; total: number } {
  let busy = 0
  let total = 0
  for (const cpu of os.cpus()) {
    const t = cpu.times
    busy += t.user + t.nice + t.sys + t.irq
    total += t.user + t.nice + t.sys + t.irq + t.idle
  }
  return { busy, total }
}

/**
 * Starts measuring how much of the machine's CPU other processes use; the returned function gives their
 * share (0–1) of all cores' time since the start: machine busy time minus this process's CPU time.
 * (Host-level steal in a VM is not visible here.)
 */
export function startContentionProbe(): () => number {
  const start = machineCpuMs()
  const ownStart = process.cpuUsage()
  return () => {
    const end = machineCpuMs()
    const own = process.cpuUsage(ownStart)
    const total = end.total - start.total
    if (total <= 0) return 0
    const others = end.busy - start.busy - (own.user + own.system) / 1000
    return Math.min(1, Math.max(0, others / total))
  }
}

function gcFunction(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc
}

/** Full collection when node runs with --expose-gc; otherwise a no-op. */
export function collectGarbage(): void {
  const gc = gcFunction()
  if (gc) {
    gc()
    gc()
  }
}

/** Monotonic milliseconds. */
export function nowMs(): number {
  return performance.now()
}

export interface Summary {
  runs: number[]
  median: number
  min: number
  max: number
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { runs: [], median: Number.NaN, min: Number.NaN, max: Number.NaN }
  const mid = Math.floor(n / 2)
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { runs: [...values], median, min: sorted[0]!, max: sorted[n - 1]! }
}

/**
 * One measured thing. `run` does its own untimed setup, calls `settle()` right before it starts its
 * clock (a full GC, so garbage from the setup is not collected inside the timed section), and returns
 * the measured value (a rate or a duration, whichever the workload reports).
 */
export interface Contender {
  name: string
  run(settle: () => void): Promise<number> | number
}

export interface Measured {
  values: Map<string, number[]>
  /** Contenders that threw: they are dropped from later rounds and the error is kept for the report. */
  errors: Map<string, string>
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}${err.stack ? '\n' + err.stack.split('\n').slice(1, 6).join('\n') : ''}` : String(err)
}

/**
 * A warm-up run of every contender, then `runs` timed rounds. Within a round every contender runs
 * once; the starting contender rotates from round to round so no one always goes first (or last).
 */
export async function measure(contenders: readonly Contender[], runs: number, log: (line: string) => void): Promise<Measured> {
  const values = new Map<string, number[]>()
  const errors = new Map<string, string>()
  const attempt = async (c: Contender, label: string): Promise<void> => {
    if (errors.has(c.name)) return
    collectGarbage()
    try {
      const value = await c.run(collectGarbage)
      if (label !== 'warm-up') values.get(c.name)!.push(value)
      log(`    ${label.padEnd(8)} ${c.name.padEnd(38)} ${formatNumber(value)}`)
    } catch (err) {
      errors.set(c.name, describeError(err))
      log(`    ${label.padEnd(8)} ${c.name.padEnd(38)} FAILED: ${describeError(err).split('\n')[0]}`)
    }
  }
  for (const c of contenders) {
    values.set(c.name, [])
    await attempt(c, 'warm-up')
  }
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < contenders.length; k++) {
      await attempt(contenders[(round + k) % contenders.length]!, `run ${round + 1}`)
    }
  }
  return { values, errors }
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value >= 1000) return Math.round(value).toLocaleString('en-US')
  if (value >= 100) return value.toFixed(1)
  if (value >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a'
}

/** Plain-text table with left-aligned first column and right-aligned others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Deterministic PRNG (mulberry32) so every run of the bench builds the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

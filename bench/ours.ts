/**
 * Loads our library through the contract the bench was written against, and checks that contract at
 * runtime so a mismatch is reported precisely instead of surfacing as a confusing crash mid-workload.
 * The import is dynamic so the competitor side of the bench still runs if src/ is broken or absent.
 */
import type { AnyLayer } from './fake-http.ts'

export interface BenchClock {
  now(): number
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

export interface OurStore {
  set(key: string, data: object, cb?: (err?: unknown) => void): void
  get(key: string, cb: (err: unknown, data?: Record<string, unknown>) => void): void
  reap(maxAge?: number): unknown
  close(): void
}

export interface OurApi {
  MemoryStore: new (options: { reapInterval: number; maxAge?: number; clock?: BenchClock }) => OurStore
  session: (options: { store: OurStore; clock?: BenchClock }) => AnyLayer
  cookieDecoder: () => AnyLayer
  createServer: (...layers: AnyLayer[]) => { handle(req: unknown, res: unknown): unknown }
  md5: (input: string) => string
}

export type OursLoad = { ok: true; api: OurApi; path: string } | { ok: false; reason: string; path: string }

export const OURS_PATH = 'src/connect/index.ts'

/** The module's URL when loaded straight from src/ (through tsx). */
export const OURS_SOURCE_URL = new URL(`../${OURS_PATH}`, import.meta.url).href

/** Imports our library from `url` (the tsx-loaded source or a compiled copy) and probes the contract. */
export async function loadOurs(url: string, label: string): Promise<OursLoad> {
  let mod: Record<string, unknown>
  try {
    mod = (await import(url)) as Record<string, unknown>
  } catch (err) {
    return { ok: false, path: label, reason: `import failed: ${err instanceof Error ? err.message : String(err)}` }
  }
  const problems: string[] = []
  for (const name of ['MemoryStore', 'session', 'cookieDecoder', 'createServer', 'md5']) {
    if (typeof mod[name] !== 'function') problems.push(`export "${name}" is ${typeof mod[name]}, expected a function`)
  }
  if (problems.length > 0) return { ok: false, path: label, reason: problems.join('; ') }
  const api = mod as unknown as OurApi

  // Contract probes: synchronous callbacks, copies on get, reap honouring a controlled clock.
  try {
    let t = 1_000_000
    const clock: BenchClock = { now: () => t, setInterval: () => 0, clearInterval: () => {} }
    const store = new api.MemoryStore({ reapInterval: -1, clock })
    let setCalled = false
    store.set('k', { id: 'a', lastAccess: t, views: 1 }, () => {
      setCalled = true
    })
    if (!setCalled) problems.push('MemoryStore#set did not call back synchronously')
    let got: Record<string, unknown> | undefined
    let getCalled = false
    store.get('k', (err, data) => {
      getCalled = true
      if (err) problems.push(`MemoryStore#get called back with an error: ${String(err)}`)
      got = data
    })
    if (!getCalled) problems.push('MemoryStore#get did not call back synchronously')
    else if (!got || got.views !== 1) problems.push(`MemoryStore#get returned ${JSON.stringify(got)} for a stored {views:1}`)
    t += 5000
    store.reap(1000)
    let afterReap: unknown = 'not called'
    store.get('k', (_err, data) => {
      afterReap = data
    })
    if (afterReap !== undefined) problems.push('MemoryStore#reap(1000) on the controlled clock kept an entry idle for 5000 ms')
    store.close()
    if (api.md5('wahoo') !== 'e493298061761236c96b02ea6aa8a2ad') problems.push(`md5('wahoo') = ${api.md5('wahoo')}, expected e493298061761236c96b02ea6aa8a2ad`)
  } catch (err) {
    problems.push(`contract probe threw: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (problems.length > 0) return { ok: false, path: label, reason: problems.join('; ') }
  return { ok: true, api, path: label }
}

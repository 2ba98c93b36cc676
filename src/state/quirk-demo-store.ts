// The state of one "what 2010 did" toggle on /changes: which quirks it covers, whether it is open, and the outcome
// of each quirk's demo run the old way and today's. Widgets read this and call `open`/`close`; the demos themselves
// run in the simulator layer (runQuirkDemo), through the real library.
import { createStore, type StoreApi } from 'zustand/vanilla'
import { QUIRKS, QUIRK_IDS, type Quirk } from '../connect/index.ts'
import { runQuirkDemo, type QuirkDemoResult } from '../sim/index.ts'

/** One quirk's demo: not run yet, running, run (both ways), or failed with a message. */
export type QuirkDemoState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly then: QuirkDemoResult; readonly now: QuirkDemoResult }
  | { readonly status: 'error'; readonly message: string }

export interface QuirkDemoStoreState {
  /** The quirks this toggle covers (those fixed by one /changes entry). */
  readonly quirks: readonly Quirk[]
  readonly open: boolean
  readonly demos: Readonly<Record<string, QuirkDemoState>>
  /** Opens the toggle and runs every demo not run yet. */
  show(): Promise<void>
  /** Closes the toggle; results are kept for the next opening. */
  hide(): void
}

export type QuirkDemoStore = StoreApi<QuirkDemoStoreState>

/** The quirks fixed by one /changes entry (its anchor, e.g. 'q3'). */
export function quirksFixedBy(fix: string): Quirk[] {
  return QUIRK_IDS.filter((id) => QUIRKS[id].fix === fix)
}

/** A store for the toggle of one /changes entry; throws when no quirk belongs to it. */
export function createQuirkDemoStore(fix: string): QuirkDemoStore {
  const quirks = quirksFixedBy(fix)
  if (quirks.length === 0) throw new TypeError(`no 2010 quirk is listed under /changes#${fix}`)
  const store = createStore<QuirkDemoStoreState>()((set, get) => ({
    quirks,
    open: false,
    demos: Object.fromEntries(quirks.map((q) => [q, { status: 'idle' } as QuirkDemoState])),
    async show() {
      set({ open: true })
      await Promise.all(
        get().quirks.map(async (quirk) => {
          if (get().demos[quirk]?.status !== 'idle') return
          const put = (state: QuirkDemoState): void => set({ demos: { ...get().demos, [quirk]: state } })
          put({ status: 'running' })
          try {
            const [then, now] = await Promise.all([runQuirkDemo(quirk, '2010'), runQuirkDemo(quirk, 'today')])
            put({ status: 'done', then, now })
          } catch (err) {
            put({ status: 'error', message: err instanceof Error ? err.message : String(err) })
          }
        }),
      )
    },
    hide() {
      set({ open: false })
    },
  }))
  return store
}

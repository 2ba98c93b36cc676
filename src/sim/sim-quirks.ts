// 2010 mode in the simulator: which of the library's quirks a world can run with. A world takes `quirks: '2010'`
// (every quirk listed here) or a list of these ids, at creation or through a configure action. The others stay
// out, each for a reason given below, because the simulator would no longer describe what it runs.
import { QUIRK_IDS, QUIRKS, type Quirk } from '../connect/index.ts'

/** What a world's `quirks` setting takes: '2010' for every quirk the simulator supports, or a list of them. */
export type SimQuirks = '2010' | readonly Quirk[]

/** Quirks a world cannot run with, and why. */
export const UNSUPPORTED_SIM_QUIRKS: Readonly<Partial<Record<Quirk, string>>> = Object.freeze({
  'shared-global-store': 'one store for the whole page would tie every world (and every compared column) together',
  'broken-default-store': 'a world always hands session() its own store, so there is nothing to break',
  tombstones: "the simulator's store mirror, checkpoints and reap scheduling rely on the store's copies and events",
  'destroy-no-result': "the simulator's store mirror, checkpoints and reap scheduling rely on the store's copies and events",
  'object-map': "the simulator's store mirror, checkpoints and reap scheduling rely on the store's copies and events",
  'aliasing-store': "the simulator's store mirror, checkpoints and reap scheduling rely on the store's copies and events",
  'leaking-timer': 'the virtual clock owns the reaper; a world that cannot stop its timer could not be rewound',
  'async-decoder': 'a simulated request runs to its end on the virtual clock, not on a later JavaScript tick',
  'assertion-rethrown': 'the error would escape the simulator instead of becoming a response',
})

/** The quirks a world can run with, in the order of the /changes page. */
export const SIM_QUIRKS: readonly Quirk[] = Object.freeze(QUIRK_IDS.filter((id) => !Object.hasOwn(UNSUPPORTED_SIM_QUIRKS, id)))

/** Checks a `quirks` setting; throws a TypeError that names a bad id and says why it cannot run in a world. */
export function checkSimQuirks(value: unknown): asserts value is SimQuirks {
  if (value === '2010') return
  if (!Array.isArray(value)) throw new TypeError(`quirks must be '2010' or a list of quirk ids; got ${JSON.stringify(value) ?? typeof value}`)
  for (const id of value as unknown[]) {
    if (typeof id !== 'string' || !Object.hasOwn(QUIRKS, id)) {
      throw new TypeError(`unknown quirk ${JSON.stringify(id) ?? String(id)}; the simulator runs ${SIM_QUIRKS.join(', ')}`)
    }
    const why = UNSUPPORTED_SIM_QUIRKS[id as Quirk]
    if (why !== undefined) throw new TypeError(`quirk ${id} cannot run in a simulated world: ${why}`)
  }
}

/** The quirk ids a setting turns on. */
export function simQuirkList(value: SimQuirks | undefined): readonly Quirk[] {
  return value === undefined ? [] : value === '2010' ? SIM_QUIRKS : value
}

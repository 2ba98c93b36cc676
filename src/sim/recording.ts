// A world written down as data, and rebuilt from it: its starting config, the browsers it started with, and its
// actions at their times (the action language of actions.ts). A share link packs a recording; a scenario file is a
// recording with a title and expectations. Needs no DOM.
import { actionData, fingerprintData, liveFingerprint, playActions, plainCookie, type ActionData, type Compile, type FingerprintData, type TimedAction } from './actions.ts'
import type { BrowserSpec } from './browser.ts'
import { isSingleServer, type ClusterInput } from './cluster.ts'
import type { StackOrder } from './engine.ts'
import type { Faults } from './faulty-store.ts'
import type { SimQuirks } from './sim-quirks.ts'
import { createWorld, type World, type WorldOptions } from './world.ts'

/** A world's starting config as data (every field may be left to its default). */
export interface ConfigData {
  readonly seed?: number
  readonly startTime?: number
  readonly reapInterval?: number
  readonly maxAge?: number
  readonly cookie?: Readonly<Record<string, string | number | boolean | null>>
  readonly fingerprint?: FingerprintData
  readonly stackOrder?: StackOrder
  readonly faults?: Partial<Faults>
  readonly traceCap?: number
  readonly quirks?: SimQuirks
  /** The deployment, when it is not the single server. */
  readonly cluster?: ClusterInput
}

/** A world as data: how it started, who was there, and what happened when. */
export interface Recording {
  readonly config: ConfigData
  readonly browsers: readonly (BrowserSpec & { readonly note?: string })[]
  /** Each at its `at`, ms since the start; a trailing advance says how far time went after the last one. */
  readonly actions: readonly TimedAction<ActionData>[]
}

/** A world that cannot be written down; the message says why, for the reader. */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CaptureError'
  }
}

function configData(world: World): ConfigData {
  const c = world.initialConfig()
  const out: { -readonly [K in keyof ConfigData]: ConfigData[K] } = {
    seed: c.seed,
    startTime: c.startTime,
    reapInterval: c.reapInterval,
    maxAge: c.maxAge,
    fingerprint: fingerprintData(c.fingerprint, 'the starting settings'),
    stackOrder: c.stackOrder,
  }
  if (c.cookie !== undefined) out.cookie = plainCookie(c.cookie)
  if (c.quirks === '2010' || c.quirks.length > 0) out.quirks = c.quirks
  if (!isSingleServer(c.cluster)) out.cluster = { ...c.cluster, proxy: c.cluster.proxy === null ? null : { ...c.cluster.proxy } }
  const faults = Object.entries(c.faults).filter(([, v]) => v !== 0)
  if (faults.length > 0) out.faults = Object.fromEntries(faults)
  return out
}

/**
 * Writes a world down: its starting config, the browsers added before anything else happened, and every action
 * since (advances become the times of the actions after them, and one trailing advance to now; a run of bursts from
 * one browser at one instant becomes one burst). Throws a CaptureError when the world's history no longer reaches
 * back to its start, or a custom fingerprint has no source text.
 */
export function captureWorld(world: World): Recording {
  const start = world.startTime()
  if (world.history().earliest > start) {
    throw new CaptureError('this world has run for longer than its rewindable history reaches, so it could not be rebuilt from its actions')
  }
  const browsers: BrowserSpec[] = []
  const actions: TimedAction<ActionData>[] = []
  let last = 0
  try {
    for (const logged of world.actions()) {
      const { t, ...action } = logged
      const at = t - start
      if (action.kind === 'advance') continue
      // Browsers added at the very start, before anything else happened, are the world's cast.
      if (action.kind === 'addBrowser' && at === 0 && actions.length === 0) {
        browsers.push({ name: action.name, userAgent: action.userAgent, ip: action.ip })
        continue
      }
      const previous = actions[actions.length - 1]
      if (action.kind === 'burst' && previous?.kind === 'burst' && previous.at === at && previous.browser === action.browser) {
        actions[actions.length - 1] = { ...previous, count: previous.count + action.count }
        continue
      }
      actions.push({ ...actionData(action, `the settings change at ${at} ms`), at })
      last = at
    }
    const now = world.now() - start
    if (now > last) actions.push({ kind: 'advance', at: last, ms: now - last })
    return { config: configData(world), browsers, actions }
  } catch (err) {
    if (err instanceof CaptureError) throw err
    throw new CaptureError(err instanceof Error ? err.message : String(err))
  }
}

/** The options a world is created with, for a recording's config (custom fingerprint source compiled by `compile`). */
export function worldOptions(config: ConfigData, compile?: Compile): WorldOptions {
  const { fingerprint, ...rest } = config
  return fingerprint === undefined ? rest : { ...rest, fingerprint: liveFingerprint(fingerprint, compile) }
}

/**
 * Rebuilds the world a recording describes: created from its config, its browsers added, its actions played at
 * their times. Custom fingerprint source is compiled by `compile`; without one, a recording holding code is refused.
 * Throws the world's refusal as an ActionError naming the action.
 */
export function restoreRecording(recording: Recording, compile?: Compile): World {
  const world = createWorld(worldOptions(recording.config, compile))
  for (const b of recording.browsers) world.addBrowser({ name: b.name, userAgent: b.userAgent, ip: b.ip })
  playActions(world, recording.actions, compile === undefined ? {} : { compile })
  return world
}

/** The source of every custom fingerprint a recording would run, in order; empty when it runs none. */
export function customSources(recording: Recording): string[] {
  const out: string[] = []
  const f = recording.config.fingerprint
  if (typeof f === 'object') out.push(f.source)
  for (const a of recording.actions) {
    if (a.kind === 'configure' && typeof a.fingerprint === 'object') out.push(a.fingerprint.source)
  }
  return out
}


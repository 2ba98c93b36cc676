// The playground's world written as a scenario file (the format of content/scenarios/*.json), so it can be saved,
// edited by hand and loaded again, here or in a test.
import { SCENARIO_VERSION, type BrowserSpec } from '../../sim/index.ts'
import { ShareError, type SharedState } from './codec.ts'

/** A scenario file's contents, and what of the world it could not express. */
export interface ExportedScenario {
  readonly scenario: Record<string, unknown>
  /** Things the scenario format has no words for, left out (in the reader's words). */
  readonly omitted: readonly string[]
}

/**
 * Writes a shared state as a scenario: the starting config, every browser that ever took part, and the actions as
 * timeline steps at their times. Custom fingerprints cannot be written in JSON, so a state with one is refused.
 */
export function exportScenario(state: SharedState, title: string, description: string): ExportedScenario {
  const omitted: string[] = []
  const c = state.config
  if (typeof c.fingerprint === 'object') throw new ShareError('A custom fingerprint function cannot be written in a scenario file; pick a named strategy first.')
  const browsers: BrowserSpec[] = [...state.browsers]
  const names = new Set(browsers.map((b) => b.name))
  const timeline: Record<string, unknown>[] = []
  let calls = 0
  let removals = 0
  for (const a of state.actions) {
    const at = a.t
    switch (a.kind) {
      case 'addBrowser':
        // A scenario declares its browsers up front; one added later simply has not acted yet.
        if (!names.has(a.spec.name)) {
          names.add(a.spec.name)
          browsers.push(a.spec)
        }
        break
      case 'removeBrowser':
        removals++
        break
      case 'send':
        timeline.push({ action: 'send', at, browser: a.browser, method: a.method, path: a.path, ...(a.body !== undefined ? { body: a.body } : {}) })
        break
      case 'copyCookie':
        timeline.push({ action: 'stealCookie', at, from: a.from, to: a.to, cookie: a.cookie })
        break
      case 'setIp':
        timeline.push({ action: 'setIp', at, browser: a.browser, ip: a.ip })
        break
      case 'setUserAgent':
        timeline.push({ action: 'setUserAgent', at, browser: a.browser, userAgent: a.userAgent })
        break
      case 'clearCookies':
        timeline.push({ action: 'clearCookies', at, browser: a.browser })
        break
      case 'configure': {
        const s = a.settings
        if (typeof s.fingerprint === 'object') {
          throw new ShareError('A custom fingerprint function cannot be written in a scenario file; pick a named strategy first.')
        }
        const settings: Record<string, unknown> = {}
        if (s.reapInterval !== undefined) settings.reapInterval = s.reapInterval
        if (s.maxAge !== undefined) settings.maxAge = s.maxAge
        if (s.fingerprint !== undefined) settings.fingerprint = s.fingerprint
        if (s.stackOrder !== undefined) settings.stackOrder = s.stackOrder
        // No attributes at all is what the library's defaults are merged into.
        if (s.cookie !== undefined) settings.cookie = s.cookie ?? {}
        if (Object.keys(settings).length > 0) timeline.push({ action: 'configure', at, ...settings })
        if (a.faults !== undefined) timeline.push({ action: 'fault', at, ...a.faults })
        break
      }
      case 'storeCall':
        calls++
        break
    }
  }
  const last = state.actions.length === 0 ? 0 : (state.actions[state.actions.length - 1]?.t ?? 0)
  if (state.now > last) timeline.push({ action: 'advance', at: last, ms: state.now - last })
  if (calls > 0) omitted.push(`${calls} direct store ${calls === 1 ? 'call' : 'calls'} (clear, all, length, destroy)`)
  if (removals > 0) omitted.push(`${removals} browser ${removals === 1 ? 'removal' : 'removals'}`)
  const config: Record<string, unknown> = {
    seed: c.seed,
    startTime: c.startTime,
    reapInterval: c.reapInterval,
    maxAge: c.maxAge,
    fingerprint: c.fingerprint,
    stackOrder: c.stackOrder,
  }
  if (c.cookie !== undefined) config.cookie = c.cookie
  if (c.faults !== undefined) config.faults = c.faults
  return {
    scenario: { version: SCENARIO_VERSION, title, description, config, browsers: browsers.map((b) => ({ name: b.name, userAgent: b.userAgent, ip: b.ip })), timeline, expect: [] },
    omitted,
  }
}

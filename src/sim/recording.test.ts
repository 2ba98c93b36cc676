import { describe, expect, it } from 'vitest'
import { md5 } from '../connect/index.ts'
import { parseRecording } from './action-schema.ts'
import { ActionError } from './actions.ts'
import type { CustomFingerprint } from './fingerprint-strategy.ts'
import { captureWorld, customSources, restoreRecording, type Recording } from './recording.ts'
import { loadScenario, runScenario, scenarioOf, ScenarioError } from './scenario.ts'
import { createWorld, type World, type WorldOptions } from './world.ts'

const ALICE = { name: 'alice', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 6.1) Firefox/3.6.6', ip: '192.0.2.10' }
const BOB = { name: 'bob', userAgent: 'Mozilla/5.0 (Macintosh) Safari/533.16', ip: '198.51.100.7' }
const CRAWLER = { name: 'crawler', userAgent: 'Googlebot/2.1', ip: '66.249.66.1' }

/** A world that has done a bit of everything the action language has words for. */
function busyWorld(origin: WorldOptions = { maxAge: 60_000, reapInterval: 10_000 }): World {
  const world = createWorld(origin)
  world.addBrowser(ALICE)
  world.addBrowser(BOB)
  world.dispatch('alice')
  world.advance(5_000)
  world.dispatch('alice', { method: 'POST', path: '/login?user=alice' })
  world.dispatch('bob')
  world.advance(30_000)
  world.stealCookie('alice', 'bob')
  world.dispatch('bob', { path: '/whoami' })
  world.configure({ maxAge: 20_000, faults: { latency: 5 }, cookie: { path: '/', expires: new Date(0) } })
  world.dispatch('alice')
  world.advance(12_345)
  world.setIp('alice', '203.0.113.9')
  world.setUserAgent('bob', 'Mozilla/5.0 (X11) Chrome/5')
  world.addBrowser(CRAWLER)
  world.burst('crawler', 300)
  world.storeCall({ method: 'length' })
  world.clearCookies('bob')
  world.removeBrowser('crawler')
  world.configure({ cookie: undefined })
  world.dispatch('alice')
  world.advance(70_000)
  return world
}

function table(world: World): string[] {
  return world.sessions().map((s) => `${s.key} ${s.id} ${s.lastAccess} ${JSON.stringify(s.data)}`)
}

/** Through JSON and the schema, as a link or a file would take it. */
function viaJson(recording: Recording): Recording {
  return parseRecording(JSON.parse(JSON.stringify(recording)))
}

describe('recordings', () => {
  it('rebuild the same world: store, browsers, time, settings and trace', () => {
    const world = busyWorld()
    const back = restoreRecording(viaJson(captureWorld(world)))
    expect(back.now()).toBe(world.now())
    expect(table(back)).toEqual(table(world))
    expect(back.browsers()).toEqual(world.browsers())
    expect(back.config().maxAge).toBe(20_000)
    expect(back.config().cookie).toBeUndefined()
    expect(JSON.stringify(back.trace())).toBe(JSON.stringify(world.trace()))
  })

  it('drop no action: store calls, removed browsers and browsers added later are all there', () => {
    const kinds = captureWorld(busyWorld()).actions.map((a) => a.kind)
    expect(kinds).toEqual([
      'send', 'send', 'send', 'stealCookie', 'send', 'configure', 'send', 'setIp', 'setUserAgent', 'addBrowser', 'burst', 'storeCall', 'clearCookies', 'removeBrowser', 'configure', 'send', 'advance',
    ])
  })

  it('hold the past up to the time shown after seeking back', () => {
    const world = busyWorld({})
    world.seek(world.startTime() + 40_000)
    const back = restoreRecording(viaJson(captureWorld(world)))
    expect(back.now()).toBe(world.now())
    expect(table(back)).toEqual(table(world))
  })

  it('of a scenario world start from the scenario config', () => {
    const scenario = loadScenario({
      version: 2,
      title: 't',
      description: '',
      config: { maxAge: 5000, reapInterval: 2000, fingerprint: 'user-agent' },
      browsers: [ALICE, BOB],
      actions: [{ kind: 'send', browser: 'alice' }, { kind: 'advance', ms: 9000 }, { kind: 'send', browser: 'bob' }],
      expect: [],
    })
    const run = runScenario(scenario)
    const back = restoreRecording(viaJson(captureWorld(run.world)))
    expect(table(back)).toEqual(table(run.world))
    expect(back.trace().filter((r) => r.kind === 'reap' && r.removed.length > 0)).toHaveLength(1)
  })

  it('after a 10,000-request burst stay small: one burst action, a few hundred bytes of JSON', { timeout: 60_000 }, () => {
    const world = createWorld()
    world.addBrowser(ALICE)
    world.addBrowser(CRAWLER)
    world.dispatch('alice')
    // The playground sends its burst a chunk per task; each chunk is a burst, and the recording joins them.
    for (let i = 0; i < 40; i++) world.burst('crawler', 250)
    expect(world.sessions()).toHaveLength(10_001)
    const recording = captureWorld(world)
    expect(recording.actions).toEqual([{ kind: 'send', at: 0, browser: 'alice', method: 'GET', path: '/' }, { kind: 'burst', at: 0, browser: 'crawler', count: 10_000 }])
    const json = JSON.stringify(scenarioOf(recording, 'Flood', 'A crawler'))
    expect(json.length).toBeLessThan(1_000)
    const back = restoreRecording(viaJson(recording))
    expect(table(back)).toEqual(table(world))
  })

  it('replay a burst exactly: every request cookieless, each a new session with seeded ids', () => {
    const a = createWorld({ seed: 7 })
    const b = createWorld({ seed: 7 })
    for (const w of [a, b]) {
      w.addBrowser(CRAWLER)
      w.burst('crawler', 50)
    }
    expect(a.sessions()).toHaveLength(50)
    expect(table(a)).toEqual(table(b))
    expect(a.trace().filter((r) => r.kind === 'exchange').every((r) => r.kind === 'exchange' && r.request.cookie === null && r.newSession)).toBe(true)
    expect(a.actions().filter((x) => x.kind === 'burst')).toHaveLength(1)
    // Seeking back into the middle of history and forward again replays the burst as it was.
    a.seek(a.startTime())
    a.seek(a.history().latest)
    expect(table(a)).toEqual(table(b))
  })

  it('refuse a burst that is not a positive whole number of requests, or from nobody', () => {
    const w = createWorld()
    w.addBrowser(CRAWLER)
    expect(() => w.burst('crawler', 0)).toThrow(/count must be a whole number from 1/)
    expect(() => w.burst('crawler', 2.5)).toThrow(/whole number/)
    expect(() => w.burst('nobody', 5)).toThrow(/no browser named "nobody"/)
    expect(w.actions().filter((x) => x.kind === 'burst')).toEqual([])
  })

  it('carry custom fingerprint code as text, run only when the caller compiles it', () => {
    const source = '(req) => md5(req.session.id + "salt")'
    let compiled = 0
    const compile = (text: string): CustomFingerprint => {
      compiled++
      const fn = new Function('md5', `return (${text})`)(md5) as CustomFingerprint['custom']
      return { custom: fn, source: text }
    }
    const world = createWorld({ fingerprint: compile(source) })
    world.addBrowser(ALICE)
    world.dispatch('alice')
    world.dispatch('alice')
    compiled = 0
    const recording = viaJson(captureWorld(world))
    expect(customSources(recording)).toEqual([source])
    expect(() => restoreRecording(recording)).toThrow(/runs only after you allow it/)
    expect(compiled).toBe(0)
    const back = restoreRecording(recording, compile)
    expect(compiled).toBe(1)
    expect(table(back)).toEqual(table(world))
    // A scenario file cannot hold it, and says so.
    expect(() => scenarioOf(recording, 't', '')).toThrow(ScenarioError)
    expect(() => scenarioOf(recording, 't', '')).toThrow(/config\.fingerprint: a custom fingerprint function cannot be written in a scenario file/)
  })

  it('cannot write down a custom fingerprint without its source', () => {
    expect(() => captureWorld(createWorld({ fingerprint: { custom: () => 'k' } }))).toThrow(/no source text/)
  })

  it('name the action a world refuses on replay', () => {
    const recording: Recording = { config: {}, browsers: [ALICE], actions: [{ kind: 'send', browser: 'alice' }, { kind: 'send', browser: 'nobody' }] }
    expect(() => restoreRecording(recording)).toThrow(ActionError)
    expect(() => restoreRecording(recording)).toThrow('action 1 (send) was refused: no browser named "nobody"; the world has "alice"')
  })

  it('export as a scenario that loads and rebuilds the same store', () => {
    const world = busyWorld()
    const scenario = scenarioOf(captureWorld(world), 'Busy', 'A busy morning')
    const run = runScenario(loadScenario(JSON.parse(JSON.stringify(scenario))))
    expect(run.failures).toEqual([])
    expect(run.world.now()).toBe(world.now())
    expect(table(run.world)).toEqual(table(world))
  })
})

import { describe, expect, it } from 'vitest'
import { compressToEncodedURIComponent } from 'lz-string'
import { md5 } from '../../connect/index.ts'
import { createWorld, loadScenario, runScenario, type CustomFingerprint, type World, type WorldOptions } from '../../sim/index.ts'
import { SHARE_VERSION, ShareError, captureShare, customSources, decodeShare, encodeShare, restoreWorld, type SharedState } from './codec.ts'
import { exportScenario } from './scenario-export.ts'

const ALICE = { name: 'alice', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 6.1) Firefox/3.6.6', ip: '192.0.2.10' }
const BOB = { name: 'bob', userAgent: 'Mozilla/5.0 (Macintosh) Safari/533.16', ip: '198.51.100.7' }

/** A world with some history: two browsers, requests, a stolen cookie, a settings change and time passing. */
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
  world.configure({ maxAge: 20_000, faults: { latency: 5 } })
  world.dispatch('alice')
  world.advance(12_345)
  world.setIp('alice', '203.0.113.9')
  world.dispatch('alice')
  world.advance(70_000)
  return world
}

function table(world: World): string[] {
  return world.sessions().map((s) => `${s.key} ${s.id} ${s.lastAccess} ${JSON.stringify(s.data)}`)
}

function tamper(link: string, at: number): string {
  const i = link.length - at
  const c = link[i] === 'A' ? 'B' : 'A'
  return link.slice(0, i) + c + link.slice(i + 1)
}

describe('share links', () => {
  it('round-trip: the restored world has the same store table, browsers and time', () => {
    const origin = { maxAge: 60_000, reapInterval: 10_000 }
    const world = busyWorld(origin)
    const link = encodeShare(captureShare(world, origin))
    expect(link.startsWith(`${SHARE_VERSION}.`)).toBe(true)
    expect(link).toMatch(/^[A-Za-z0-9+\-$.]+$/)
    const { world: back } = restoreWorld(decodeShare(link))
    expect(back.now()).toBe(world.now())
    expect(table(back)).toEqual(table(world))
    expect(back.browsers()).toEqual(world.browsers())
    expect(back.config().maxAge).toBe(20_000)
  })

  it('round-trip after seeking back: the link holds the past up to the time shown', () => {
    const origin = {}
    const world = busyWorld(origin)
    world.seek(world.startTime() + 40_000)
    const { world: back } = restoreWorld(decodeShare(encodeShare(captureShare(world, origin))))
    expect(back.now()).toBe(world.now())
    expect(table(back)).toEqual(table(world))
  })

  it('round-trip of a scenario world, with the scenario config as the origin', () => {
    const scenario = loadScenario({
      version: 1,
      title: 't',
      description: '',
      config: { maxAge: 5000, reapInterval: 2000, fingerprint: 'user-agent' },
      browsers: [ALICE, BOB],
      timeline: [{ action: 'send', browser: 'alice' }, { action: 'advance', ms: 9000 }, { action: 'send', browser: 'bob' }],
      expect: [],
    })
    const run = runScenario(scenario)
    const { world: back } = restoreWorld(decodeShare(encodeShare(captureShare(run.world, scenario.config))))
    expect(table(back)).toEqual(table(run.world))
    expect(back.trace().filter((r) => r.kind === 'reap' && r.removed.length > 0)).toHaveLength(1)
  })

  it('a tampered link is refused with a clear message', () => {
    const link = encodeShare(captureShare(busyWorld({}), {}))
    for (const at of [3, 10, 40]) {
      let message = 'accepted'
      try {
        decodeShare(tamper(link, at))
      } catch (err) {
        expect(err).toBeInstanceOf(ShareError)
        message = (err as Error).message
      }
      expect(message).toMatch(/altered|damaged|cut short/)
    }
    // A payload edited and recompressed without fixing the checksum is caught too.
    const [version, sum] = link.split('.')
    const forged = `${version}.${sum}.${compressToEncodedURIComponent('{"config":{}}')}`
    expect(() => decodeShare(forged)).toThrow(/checksum/)
  })

  it('a malformed link is refused: not the format, bad JSON, wrong shapes', () => {
    expect(() => decodeShare('')).toThrow(/malformed/)
    expect(() => decodeShare('hello world')).toThrow(/malformed/)
    const pack = (body: string) => `${SHARE_VERSION}.${md5(body).slice(0, 12)}.${compressToEncodedURIComponent(body)}`
    expect(() => decodeShare(pack('{not json'))).toThrow(/not valid JSON/)
    expect(() => decodeShare(pack('[]'))).toThrow(/malformed: the state should be an object/)
    const good = captureShare(busyWorld({}), {})
    expect(() => decodeShare(pack(JSON.stringify({ ...good, actions: [{ t: 1, kind: 'launchMissiles' }] })))).toThrow(/actions\[0\]\.kind/)
    expect(() => decodeShare(pack(JSON.stringify({ ...good, now: -5 })))).toThrow(/now/)
    expect(() => decodeShare(pack(JSON.stringify({ ...good, config: { ...good.config, maxAge: 'long' } })))).toThrow(/config\.maxAge/)
    // Well-formed but impossible: the world refuses it when replaying, and says so.
    const impossible: SharedState = { ...good, actions: [{ t: 0, kind: 'send', browser: 'nobody', method: 'GET', path: '/' }] }
    expect(() => restoreWorld(decodeShare(encodeShare(impossible)))).toThrow(/could not be replayed: no browser named "nobody"/)
  })

  it('a link from another version of the format is refused by name', () => {
    const link = encodeShare(captureShare(busyWorld({}), {}))
    const future = link.replace(/^\d+\./, `${SHARE_VERSION + 1}.`)
    expect(() => decodeShare(future)).toThrow(`version ${SHARE_VERSION + 1}`)
  })

  it('a custom fingerprint travels as text and runs only when the caller compiles it', () => {
    const source = '(req) => md5(req.session.id + "salt")'
    let compiled = 0
    const compile = (text: string) => {
      compiled++
      const fn = new Function('md5', `return (${text})`)(md5) as CustomFingerprint['custom']
      return { custom: fn, source: text }
    }
    const origin = { fingerprint: compile(source) }
    const world = createWorld(origin)
    world.addBrowser(ALICE)
    world.dispatch('alice')
    world.dispatch('alice')
    compiled = 0
    const state = decodeShare(encodeShare(captureShare(world, origin)))
    expect(customSources(state)).toEqual([source])
    // Without permission nothing is compiled and the world is not built.
    expect(() => restoreWorld(state)).toThrow(/runs only after you allow it/)
    expect(compiled).toBe(0)
    const { world: back } = restoreWorld(state, compile)
    expect(compiled).toBe(1)
    expect(table(back)).toEqual(table(world))
    expect(back.sessions()[0]?.key).toBe(md5(`${back.sessions()[0]?.id}salt`))
  })

  it('a custom fingerprint without its source cannot be shared', () => {
    const origin = { fingerprint: { custom: () => 'k' } }
    const world = createWorld(origin)
    expect(() => captureShare(world, origin)).toThrow(/no source text/)
  })

  it('exports a scenario that loads and rebuilds the same store', () => {
    const origin = { maxAge: 60_000, reapInterval: 10_000 }
    const world = busyWorld(origin)
    const { scenario, omitted } = exportScenario(captureShare(world, origin), 'Busy', 'A busy morning')
    expect(omitted).toEqual([])
    const run = runScenario(loadScenario(JSON.parse(JSON.stringify(scenario))))
    expect(run.world.now()).toBe(world.now())
    expect(table(run.world)).toEqual(table(world))
  })
})

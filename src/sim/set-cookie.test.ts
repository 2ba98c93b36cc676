import { describe, expect, it } from 'vitest'
import { COOKIE_NAME } from '../connect/index.ts'
import { parseRecording } from './action-schema.ts'
import { captureWorld, restoreRecording } from './recording.ts'
import { loadScenario, runScenario } from './scenario.ts'
import { createWorld } from './world.ts'

const ALICE = { name: 'alice', userAgent: 'Mozilla/5.0 (Windows) Firefox/3.6.6', ip: '192.0.2.10' }
const MALLORY = { name: 'mallory', userAgent: 'Mozilla/5.0 (Windows) Firefox/3.6.6', ip: '192.0.2.10' }

/** Alice has a session; Mallory, behind the same NAT with the same browser, has one of her own. */
function twoSessions() {
  const world = createWorld({ maxAge: 60_000, reapInterval: 10_000 })
  world.addBrowser(ALICE)
  world.addBrowser(MALLORY)
  world.dispatch('alice', { method: 'POST', path: '/login?user=alice' })
  world.dispatch('mallory')
  return world
}

function sid(world: ReturnType<typeof createWorld>, browser: string): string {
  return world.cookies(browser).find((c) => c.name === COOKIE_NAME)?.value ?? ''
}

describe('the setCookie action', () => {
  it('forges an id with one field: the next request carries it and, with the same fingerprint inputs, loads the victim session', async () => {
    const world = twoSessions()
    const before = world.cookies('mallory')[0]
    world.setCookie('mallory', COOKIE_NAME, sid(world, 'alice'))
    const after = world.cookies('mallory')[0]
    // Only the value changed: Path, expiry and flags are the held cookie's.
    expect(after).toEqual({ ...before, value: sid(world, 'alice') })
    const x = await world.send('mallory', { path: '/whoami' })
    expect(x.request.cookie).toBe(`${COOKIE_NAME}=${sid(world, 'alice')}`)
    expect(x.newSession).toBe(false)
    expect(x.response.body).toContain('alice')
  })

  it('adds a session cookie for Path=/ when the browser holds none, and is refused for a value a header cannot carry', () => {
    const world = createWorld()
    world.addBrowser(ALICE)
    world.setCookie('alice', 'theme', 'dark')
    expect(world.cookies('alice')).toEqual([{ name: 'theme', value: 'dark', path: '/', expires: null, httpOnly: false, secure: false }])
    const version = world.version()
    expect(() => world.setCookie('alice', COOKIE_NAME, 'a b')).toThrow(/without spaces/)
    expect(() => world.setCookie('alice', COOKIE_NAME, 'x;y')).toThrow(/semicolons/)
    expect(() => world.setCookie('alice', 'bad name', 'v')).toThrow(/cookie name/)
    expect(() => world.setCookie('nobody', COOKIE_NAME, 'v')).toThrow(/nobody/)
    // A refusal changes nothing.
    expect(world.version()).toBe(version)
    expect(world.cookies('alice')).toHaveLength(1)
  })

  it('is in the history: a recording through JSON and the schema rebuilds the forged jar and what followed', () => {
    const world = twoSessions()
    world.setCookie('mallory', COOKIE_NAME, sid(world, 'alice'))
    world.dispatch('mallory', { path: '/whoami' })
    const recording = captureWorld(world)
    expect(recording.actions.some((a) => a.kind === 'setCookie' && a.browser === 'mallory' && a.name === COOKIE_NAME)).toBe(true)
    const back = restoreRecording(parseRecording(JSON.parse(JSON.stringify(recording))))
    expect(back.browsers()).toEqual(world.browsers())
    expect(JSON.stringify(back.trace())).toBe(JSON.stringify(world.trace()))
  })

  it('survives a seek back and forward (replayed from the history like any action)', () => {
    const world = twoSessions()
    world.advance(1_000)
    world.setCookie('mallory', COOKIE_NAME, 'forged')
    world.advance(1_000)
    const end = world.now()
    world.seek(end - 1_500)
    expect(sid(world, 'mallory')).not.toBe('forged')
    world.seek(end)
    expect(sid(world, 'mallory')).toBe('forged')
  })

  it('plays in a scenario file, and the schema names a missing value', () => {
    const scenario = loadScenario({
      version: 2,
      title: 'Forged id',
      description: 'Mallory types Alice’s id into her own cookie.',
      config: { fingerprint: 'none' },
      browsers: [ALICE, { ...MALLORY, ip: '203.0.113.5' }],
      actions: [
        { kind: 'send', browser: 'alice', method: 'POST', path: '/login?user=alice' },
        { kind: 'send', browser: 'mallory' },
        { kind: 'setCookie', browser: 'mallory', name: COOKIE_NAME, value: 'placeholder' },
      ],
      expect: [],
    })
    const run = runScenario(scenario)
    expect(sid(run.world, 'mallory')).toBe('placeholder')
    expect(() => parseRecording({ browsers: [], actions: [{ kind: 'setCookie', browser: 'a', name: 'x' }] })).toThrow(/actions\[0\]\.value/)
  })
})

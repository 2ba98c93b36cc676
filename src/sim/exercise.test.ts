import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { customInForce, ExerciseError, loadExercise, readerActions, startExercise, withoutLast, type Exercise } from './exercise.ts'
import type { ActionData, TimedAction } from './actions.ts'

const DIR = join(import.meta.dirname, '../../content/exercises')
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'))
const EXERCISES = new Map<string, Exercise>(FILES.map((f) => [f.replace(/\.json$/, ''), loadExercise(readFileSync(join(DIR, f), 'utf8'))]))

function exercise(id: string): Exercise {
  const e = EXERCISES.get(id)
  if (e === undefined) throw new Error(`no exercise ${id}`)
  return e
}

function solvedBy(id: string, actions: readonly TimedAction<ActionData>[]): boolean {
  return startExercise(exercise(id), actions).tracker.solved()
}

describe('every exercise', () => {
  test('there are at least eight, each file named for its id', () => {
    expect(EXERCISES.size).toBeGreaterThanOrEqual(8)
    for (const [file, e] of EXERCISES) expect(e.id).toBe(file)
  })

  for (const [id, e] of EXERCISES) {
    test(`${id}: the solution meets every goal item, the start meets none of the last`, () => {
      const start = startExercise(e)
      expect(start.tracker.solved()).toBe(false)
      const run = startExercise(e, e.solution)
      expect(run.tracker.status().map((s) => s.met)).toEqual(e.goals.map(() => true))
      expect(run.tracker.solved()).toBe(true)
    })

    test(`${id}: the solution without its last action does not solve it, and undo replays to the same place`, () => {
      expect(solvedBy(id, withoutLast(e.solution))).toBe(false)
      // The reader's logged actions, replayed in a fresh world, solve it again (what Undo relies on).
      const run = startExercise(e, e.solution)
      const again = startExercise(e, readerActions(run))
      expect(again.tracker.solved()).toBe(true)
      expect(again.world.now()).toBe(run.world.now())
    })
  }
})

describe('the goals are not met the easy way', () => {
  test('nat-hijack: switching the fingerprint off is not hijacking through the NAT', () => {
    expect(solvedBy('nat-hijack', [{ kind: 'configure', fingerprint: 'none' }, { kind: 'stealCookie', from: 'Alice', to: 'Mallory' }, { kind: 'send', browser: 'Mallory', path: '/whoami' }])).toBe(false)
    // The cookie alone is refused: the User-Agent differs.
    expect(solvedBy('nat-hijack', [{ kind: 'stealCookie', from: 'Alice', to: 'Mallory' }, { kind: 'send', browser: 'Mallory', path: '/whoami' }])).toBe(false)
  })

  test('phone-ip: no fingerprint keeps the phone but lets the thief in; the default loses the phone', () => {
    const steps = (fingerprint: 'none' | 'default'): TimedAction<ActionData>[] => [{ kind: 'configure', fingerprint }, ...exercise('phone-ip').solution.slice(1)]
    const none = startExercise(exercise('phone-ip'), steps('none')).tracker.status().map((s) => s.met)
    expect(none).toEqual([true, true, false])
    const fallback = startExercise(exercise('phone-ip'), steps('default')).tracker.status().map((s) => s.met)
    expect(fallback).toEqual([true, false, false])
  })

  test('phone-ip: logging in again after moving is not keeping the session', () => {
    const e = exercise('phone-ip')
    expect(
      solvedBy('phone-ip', [
        { kind: 'send', browser: 'Phone', method: 'POST', path: '/login?user=pat' },
        { kind: 'setIp', browser: 'Phone', ip: '10.20.30.40' },
        { kind: 'send', browser: 'Phone', method: 'POST', path: '/login?user=pat' },
        { kind: 'send', browser: 'Phone', path: '/whoami' },
        ...e.solution.slice(4),
      ]),
    ).toBe(false)
  })

  test('fixation: a login without regenerate never meets the last two items', () => {
    const s = exercise('fixation').solution
    const plain = s.map((a) => (a.kind === 'send' && a.path?.includes('regenerate') === true ? { ...a, path: '/login?user=victim' } : a))
    const met = startExercise(exercise('fixation'), plain).tracker.status().map((x) => x.met)
    expect(met).toEqual([true, true, false, false])
  })

  test('zombie: waiting past maxAge sends no cookie, so nothing is revived', () => {
    const run = startExercise(exercise('zombie'), [{ kind: 'advance', ms: 11 * 60_000 }, { kind: 'send', browser: 'Alice' }])
    expect(run.tracker.status().map((s) => s.met)).toEqual([true, false])
    // Coming back inside maxAge is a plain visit, not a revival.
    expect(solvedBy('zombie', [{ kind: 'advance', ms: 9 * 60_000 }, { kind: 'send', browser: 'Alice' }])).toBe(false)
  })

  test('reap-three: waiting alone removes nothing, then everything', () => {
    const run = startExercise(exercise('reap-three'), [{ kind: 'advance', ms: 45 * 60_000 }])
    expect(run.world.sessions()).toHaveLength(0)
    expect(run.tracker.solved()).toBe(false)
    // A tiny maxAge sweeps all five at once.
    expect(solvedBy('reap-three', [{ kind: 'configure', maxAge: 1 }, { kind: 'advance', ms: 60_000 }])).toBe(false)
  })

  test('lost-update: without store latency, every view counts', () => {
    expect(solvedBy('lost-update', [{ kind: 'send', browser: 'Alice' }, { kind: 'send', browser: 'Alice' }, { kind: 'advance', ms: 1000 }])).toBe(false)
  })

  test('flood: with the default settings, two minutes reap nothing', () => {
    const run = startExercise(exercise('flood'), [{ kind: 'burst', browser: 'crawler', count: 1000 }, { kind: 'advance', ms: 120_000 }])
    expect(run.tracker.status().map((s) => s.met)).toEqual([true, false])
    // Bounding it later than two minutes after the flood is too late.
    const late = startExercise(exercise('flood'), [{ kind: 'burst', browser: 'crawler', count: 1000 }, { kind: 'advance', ms: 180_000 }, { kind: 'configure', maxAge: 1000, reapInterval: 1000 }, { kind: 'advance', ms: 5000 }])
    expect(late.world.sessions().length).toBeLessThanOrEqual(10)
    expect(late.tracker.solved()).toBe(false)
  })

  test('decoder-order: working requests before the break do not count as the fix', () => {
    expect(solvedBy('decoder-order', [{ kind: 'send', browser: 'Alice' }, { kind: 'configure', stackOrder: 'decoder-missing' }, { kind: 'send', browser: 'Alice' }])).toBe(false)
    expect(solvedBy('decoder-order', [{ kind: 'configure', stackOrder: 'decoder-missing' }, { kind: 'send', browser: 'Alice' }, { kind: 'configure', stackOrder: 'decoder-first' }, { kind: 'send', browser: 'Alice' }])).toBe(true)
  })
})

describe('round-trip: only a session every server can read goes round', () => {
  const shared = { kind: 'configure', cluster: { servers: 3, balancer: 'round-robin', store: 'shared' } } as const
  const send = { kind: 'send', browser: 'Alice' } as const

  test('a MemoryStore each under round robin: three (or six) requests make six sessions, none on two servers', () => {
    const run = startExercise(exercise('round-trip'), [send, send, send])
    expect(run.tracker.status().map((s) => s.met)).toEqual([false, false])
    expect(startExercise(exercise('round-trip'), [send, send, send, send, send, send]).tracker.status().map((s) => s.met)).toEqual([false, false])
  })

  test('sticky balancing keeps the session, but on one server only', () => {
    for (const balancer of ['sticky-address', 'sticky-cookie'] as const) {
      const run = startExercise(exercise('round-trip'), [{ kind: 'configure', cluster: { servers: 3, balancer, store: 'per-server' } }, send, send, send])
      expect(run.world.sessions().map((s) => s.id)).toHaveLength(1)
      expect(new Set(run.world.trace().flatMap((r) => (r.kind === 'exchange' ? [r.server] : []))).size).toBe(1)
      expect(run.tracker.status().map((s) => s.met)).toEqual([false, false])
    }
  })

  test('a shared store: the third request, on app-3, meets the goal', () => {
    const run = startExercise(exercise('round-trip'), [shared, send, send])
    expect(run.tracker.status().map((s) => s.met)).toEqual([true, false])
    void run.world.send('Alice', {})
    expect(run.tracker.solved()).toBe(true)
    expect(run.world.trace().filter((r) => r.kind === 'exchange').map((r) => r.server)).toEqual(['app-1', 'app-2', 'app-3'])
  })
})

describe('a servers goal item', () => {
  const browser = (name: string, ip: string) => ({ name, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/3.6', ip })
  const twoServers = (browserFilter?: string): Exercise =>
    loadExercise({
      version: 1,
      id: 'two',
      title: 'Two servers',
      goal: 'One session on two servers.',
      config: { fingerprint: 'none', cluster: { servers: 2, balancer: 'round-robin', store: 'shared' } },
      browsers: [browser('Alice', '192.0.2.1'), browser('Mallory', '203.0.113.9')],
      actions: [],
      goals: [{ label: 'one id on two servers', servers: { distinct: 2, ...(browserFilter === undefined ? {} : { browser: browserFilter }) } }],
      hints: ['send twice'],
      solution: [{ kind: 'send', browser: 'Alice' }, { kind: 'send', browser: 'Alice' }],
    })

  test('counts the servers that held one session id for one browser', () => {
    // Alice on app-1, then Mallory with Alice's cookie on app-2: the id went round, but not in one browser's hands.
    const run = startExercise(twoServers(), [{ kind: 'send', browser: 'Alice' }, { kind: 'stealCookie', from: 'Alice', to: 'Mallory' }, { kind: 'send', browser: 'Mallory' }])
    expect(run.world.trace().filter((r) => r.kind === 'exchange').map((r) => [r.server, r.lookup])).toEqual([['app-1', 'none'], ['app-2', 'hit']])
    expect(run.tracker.solved()).toBe(false)
    // Mallory's next request is app-1's: now one browser has held that id on both.
    void run.world.send('Mallory', {})
    expect(run.world.trace().at(-1)).toMatchObject({ kind: 'exchange', server: 'app-1', lookup: 'hit' })
    expect(run.tracker.solved()).toBe(true)
  })

  test('with a browser named, only that browser\'s requests meet it', () => {
    const run = startExercise(twoServers('Alice'), [{ kind: 'send', browser: 'Mallory' }, { kind: 'send', browser: 'Mallory' }])
    expect(run.tracker.solved()).toBe(false)
    expect(startExercise(twoServers('Alice'), [{ kind: 'send', browser: 'Alice' }, { kind: 'send', browser: 'Alice' }]).tracker.solved()).toBe(true)
  })

  test('a single server names no server, so it never counts', () => {
    const run = startExercise(twoServers(), [{ kind: 'configure', cluster: { servers: 1 } }, { kind: 'send', browser: 'Alice' }, { kind: 'send', browser: 'Alice' }, { kind: 'send', browser: 'Alice' }])
    expect(run.tracker.solved()).toBe(false)
  })

  test('is checked when loaded', () => {
    const e = JSON.parse(JSON.stringify(twoServers())) as Record<string, unknown>
    expect(() => loadExercise({ ...e, goals: [{ label: 'x', servers: { distinct: 2, browser: 'Nobody' } }] })).toThrow(/goals\[0\]\.servers\.browser/)
    expect(() => loadExercise({ ...e, goals: [{ label: 'x', servers: { distinct: 1 } }] })).toThrow(/goals\[0\]\.servers\.distinct/)
    expect(() => loadExercise({ ...e, goals: [{ label: 'x', servers: { distinct: 9 } }] })).toThrow(/goals\[0\]\.servers\.distinct/)
    expect(() => loadExercise({ ...e, goals: [{ label: 'x', servers: { distinct: 2, server: 'app-1' } }] })).toThrow(/goals\[0\]\.servers/)
  })
})

describe('undo', () => {
  test('a run of advances at the end is one action', () => {
    const a: TimedAction<ActionData>[] = [{ kind: 'send', browser: 'x' }, { kind: 'advance', ms: 1 }, { kind: 'advance', ms: 2 }]
    expect(withoutLast(a)).toEqual([{ kind: 'send', browser: 'x' }])
    expect(withoutLast(withoutLast(a))).toEqual([])
    expect(withoutLast([])).toEqual([])
  })
})

describe('loading', () => {
  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(exercise('nat-hijack'))) as Record<string, unknown>

  test('names the field of the first problem', () => {
    expect(() => loadExercise('{')).toThrow(ExerciseError)
    expect(() => loadExercise({ ...base(), hints: ['a', 'b', 'c', 'd'] })).toThrow(/hints/)
    expect(() => loadExercise({ ...base(), goals: [] })).toThrow(/goals/)
    expect(() => loadExercise({ ...base(), goals: [{ label: 'x', request: { browser: 'Nobody' }, expect: {} }] })).toThrow(/goals\[0\]\.request\.browser/)
    expect(() => loadExercise({ ...base(), goals: [{ label: 'x', request: { browser: 'Alice' }, expect: { sameIdAs: 5 } }] })).toThrow(/sameIdAs/)
    expect(() => loadExercise({ ...base(), solution: [{ kind: 'send', browser: 'Nobody' }] })).toThrow(/solution\[0\]\.browser/)
    expect(() => loadExercise({ ...base(), id: '../x' })).toThrow(/id/)
  })

  test('a goal may filter requests by any fingerprint strategy, ip-only included, and no other', () => {
    for (const strategy of ['default', 'user-agent', 'ip-only', 'none', 'custom']) {
      const e = loadExercise({ ...base(), goals: [{ label: 'x', request: { browser: 'Alice', strategy }, expect: {} }] })
      expect((e.goals[0] as { request: { strategy?: string } }).request.strategy).toBe(strategy)
    }
    expect(() => loadExercise({ ...base(), goals: [{ label: 'x', request: { browser: 'Alice', strategy: 'ip' }, expect: {} }] })).toThrow(/strategy/)
  })
})

describe('the live check', () => {
  test('ticks as the reader acts on the world, with one change call per item met', () => {
    const run = startExercise(exercise('nat-hijack'))
    let calls = 0
    run.tracker.onChange(() => calls++)
    run.world.stealCookie('Alice', 'Mallory')
    void run.world.send('Mallory', { path: '/whoami' })
    expect(run.tracker.solved()).toBe(false)
    // That refused request left Mallory with a session of its own: copy Alice's cookie again, then match her browser.
    run.world.stealCookie('Alice', 'Mallory')
    run.world.setUserAgent('Mallory', run.world.browsers()[0]?.userAgent ?? '')
    void run.world.send('Mallory', { path: '/whoami' })
    expect(run.tracker.status().map((s) => s.met)).toEqual([true, true])
    expect(calls).toBe(1)
    run.detach()
    void run.world.send('Mallory', { path: '/whoami' })
    expect(calls).toBe(1)
  })
})

describe('a custom fingerprint', () => {
  test('phone-ip: a function of the User-Agent, run in the sandbox, solves it, and undo replays it without compiling again', async () => {
    const { loadFingerprintSandbox } = await import('./custom-fingerprint.ts')
    const { compileFingerprint } = await loadFingerprintSandbox()
    const source = "(req) => md5(req.session.id + (req.headers['user-agent'] || ''))"
    const e = exercise('phone-ip')
    const run = startExercise(e)
    run.world.configure({ fingerprint: compileFingerprint(source) })
    for (const a of e.solution.slice(1)) run.world.apply(a as Parameters<typeof run.world.apply>[0])
    expect(run.tracker.solved()).toBe(true)
    const again = startExercise(e, withoutLast(readerActions(run)), customInForce(run))
    expect(again.tracker.status().map((s) => s.met)).toEqual([true, true, false])
    // Without the strategy allowed before, the replay refuses custom code rather than running it.
    expect(() => startExercise(e, readerActions(run))).toThrow(/custom fingerprint/)
    // One that keeps the address in is no better than the default.
    const withIp = startExercise(e)
    withIp.world.configure({ fingerprint: compileFingerprint('(req) => md5(req.session.id + req.remoteAddress)') })
    for (const a of e.solution.slice(1)) withIp.world.apply(a as Parameters<typeof withIp.world.apply>[0])
    expect(withIp.tracker.status().map((s) => s.met)).toEqual([true, false, false])
  })
})

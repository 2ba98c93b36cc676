import { describe, expect, it } from 'vitest'
import { loadScenario, runScenario, ScenarioError, type Scenario } from './scenario.ts'

// Every shipped scenario, so the docs' examples are tests: adding a file adds a test.
const files = import.meta.glob('../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>
const shipped = Object.entries(files).map(([path, json]) => ({ name: path.split('/').pop() as string, json }))

const persistence = shipped.find((f) => f.name === 'persistence.json')?.json

function clone(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
}

function errorOf(input: unknown): ScenarioError {
  try {
    loadScenario(input)
  } catch (err) {
    if (err instanceof ScenarioError) return err
    throw err
  }
  throw new Error('the scenario loaded')
}

describe('shipped scenarios', () => {
  it('are all there', () => {
    expect(shipped.map((f) => f.name).sort()).toEqual([
      'cluster-proxy-fingerprint.json',
      'cluster-round-robin-lost.json',
      'cluster-shared-store.json',
      'cluster-sticky-address.json',
      'cluster-three-servers-exercise.json',
      'cluster-trusted-proxy.json',
      'decoder-below-session.json',
      'fixation-regenerate.json',
      'fixation.json',
      'idle-expiry-zombie.json',
      'logout.json',
      'lost-update.json',
      'persistence.json',
      'phone-changes-ip.json',
      'reaping-many.json',
      'stolen-cookie-blocked.json',
      'stolen-cookie-nat.json',
      'store-outage.json',
      'two-browsers.json',
      'user-agent-change.json',
    ])
    expect(new Set(shipped.map((f) => (f.json as { title: string }).title)).size).toBe(shipped.length)
  })

  for (const { name, json } of shipped) {
    it(`${name} replays with every expected outcome`, () => {
      const scenario = loadScenario(json)
      expect(scenario.expect.length).toBeGreaterThan(0)
      const run = runScenario(scenario)
      expect(run.failures).toEqual([])
      expect(run.passed).toBe(true)
      expect(run.steps.every((s) => s.error === null)).toBe(true)
      // Every send finished: no scenario leaves a request hanging.
      expect(run.steps.filter((s) => s.kind === 'send' && s.exchange === null)).toEqual([])
    })

    it(`${name} is deterministic: the same seed gives the same trace, record for record`, () => {
      const scenario = loadScenario(json)
      const a = runScenario(scenario)
      const b = runScenario(loadScenario(json))
      expect(JSON.stringify(b.world.trace())).toBe(JSON.stringify(a.world.trace()))
      expect(b.world.sessions()).toEqual(a.world.sessions())
      expect(b.world.browsers()).toEqual(a.world.browsers())
    })
  }

  it('gives other ids with another seed, and the same outcomes', () => {
    const scenario = loadScenario(persistence)
    const other: Scenario = { ...scenario, config: { ...scenario.config, seed: 99 } }
    const a = runScenario(scenario)
    const b = runScenario(other)
    expect(b.passed).toBe(true)
    expect(b.steps[0]?.exchange?.sessionId).not.toBe(a.steps[0]?.exchange?.sessionId)
  })

  it('reports expectations that do not hold', () => {
    const json = clone(persistence)
    json.expect = [
      { step: 0, status: 404, newSession: false, body: 'views: 9', setCookie: false, lookup: 'hit' },
      { step: 2, differentIdFrom: 0 },
      { after: 5, sessions: 3, lacks: [4], cookies: { alice: 0 } },
      { reaped: [0] },
    ]
    const run = runScenario(loadScenario(json))
    expect(run.passed).toBe(false)
    expect(run.failures.map((f) => f.message)).toEqual([
      'expect[2] (after step 5): the store holds 1 session(s), expected 3',
      expect.stringMatching(/^expect\[2\] \(after step 5\): the store still holds the session of step 4/),
      'expect[2] (after step 5): alice holds 1 cookie(s), expected 0',
      'expect[0] (step 0): status 200, expected 404',
      'expect[0] (step 0): expected the existing session, but a new one was generated',
      'expect[0] (step 0): body "views: 1", expected "views: 9"',
      expect.stringMatching(/^expect\[0\] \(step 0\): expected no Set-Cookie, got connect\.sid=/),
      'expect[0] (step 0): lookup none, expected hit',
      expect.stringMatching(/^expect\[1\] \(step 2\): session id [0-9a-f]{32} is the one of step 0/),
      expect.stringMatching(/^expect\[3\]: the session of step 0 \([0-9a-f]{32}\) was not reaped$/),
    ])
  })
})

describe('loadScenario on bad input', () => {
  const cases: [string, (s: Record<string, unknown>) => unknown, string, RegExp | string][] = [
    ['an unknown action', (s) => ({ ...s, actions: [{ kind: 'send', browser: 'alice' }, { kind: 'sned', browser: 'alice' }] }), 'actions[1].kind', 'expected one of send, burst, advance, addBrowser, removeBrowser, stealCookie, setIp, setUserAgent, clearCookies, setCookie, configure, storeCall; got the string "sned"'],
    ['another version', (s) => ({ ...s, version: 3 }), 'version', 'expected 2; got number 3'],
    ['a missing field', (s) => ({ ...s, title: undefined }), 'title', 'is required (string)'],
    ['a field of the wrong type', (s) => ({ ...s, actions: [{ kind: 'advance', ms: '5' }] }), 'actions[0].ms', 'expected number, got the string "5"'],
    ['a negative advance', (s) => ({ ...s, actions: [{ kind: 'advance', ms: -5 }] }), 'actions[0].ms', 'must be ≥ 0; got number -5'],
    ['a misspelt key', (s) => ({ ...s, actions: [{ kind: 'send', brwser: 'alice' }] }), 'actions[0].browser', 'is required (string)'],
    ['an extra key', (s) => ({ ...s, actions: [{ kind: 'send', browser: 'alice', colour: 'red' }] }), 'actions[0].colour', 'unknown key'],
    ['the seed page typo', (s) => ({ ...s, config: { maxAage: 1000 } }), 'config.maxAage', /typo: the option is spelled maxAge/],
    ['an unknown browser', (s) => ({ ...s, actions: [{ kind: 'send', browser: 'bob' }] }), 'actions[0].browser', 'unknown browser "bob"; the scenario\'s browsers are alice'],
    ['a removed browser', (s) => ({ ...s, actions: [{ kind: 'removeBrowser', browser: 'alice' }, { kind: 'send', browser: 'alice' }] }), 'actions[1].browser', 'unknown browser "alice"; the scenario\'s browsers are (none)'],
    ['a duplicate browser', (s) => ({ ...s, browsers: [...(s.browsers as unknown[]), ...(s.browsers as unknown[])] }), 'browsers[1].name', 'duplicate browser name "alice"'],
    ['a setting the library refuses', (s) => ({ ...s, config: { reapInterval: 0 } }), 'config.reapInterval', /reapInterval must be a positive number of milliseconds/],
    ['a bad cookie attribute', (s) => ({ ...s, actions: [{ kind: 'configure', cookie: { path: 'a;b' } }] }), 'actions[0].cookie', /must not contain ';'/],
    ['an unknown fingerprint', (s) => ({ ...s, config: { fingerprint: 'ip' } }), 'config.fingerprint', /^expected one of default, user-agent, ip-only, none .*; got the string "ip"$/],
    ['custom code', (s) => ({ ...s, config: { fingerprint: { source: '(req) => "k"' } } }), 'config.fingerprint', /cannot be written in a scenario file/],
    ['time going backwards', (s) => ({ ...s, actions: [{ kind: 'advance', ms: 5000 }, { kind: 'send', browser: 'alice', at: 1000 }] }), 'actions[1].at', '1000 ms is earlier than the scenario\'s time at that action (5000 ms)'],
    ['an expectation on a step that is not a send', (s) => ({ ...s, expect: [{ step: 1, status: 200 }] }), 'expect[0].step', 'step 1 is an advance, not a send'],
    ['an expectation past the actions', (s) => ({ ...s, expect: [{ after: 99, sessions: 1 }] }), 'expect[0].after', /step 99 does not exist/],
    ['an expectation of no known kind', (s) => ({ ...s, expect: [{ sessions: 1 }] }), 'expect[0]', 'expected an object with one of the keys step, after, reaped; got an object'],
    ['a typo inside an expectation', (s) => ({ ...s, expect: [{ after: 0, sessoins: 1 }] }), 'expect[0].sessoins', 'unknown key'],
    ['a failure rate above 1', (s) => ({ ...s, actions: [{ kind: 'configure', faults: { failureRate: 1.5 } }] }), 'actions[0].faults.failureRate', 'must be ≤ 1; got number 1.5'],
    ['a version 1 step that does not fit', (s) => ({ ...s, version: 1, actions: undefined, timeline: [{ action: 'send' }] }), 'actions[0].browser', 'is required (string)'],
    ['not an object', () => 42, '(root)', 'expected object, got number 42'],
  ]

  for (const [what, mutate, path, problem] of cases) {
    it(`names the path and the problem for ${what}`, () => {
      const err = errorOf(mutate(clone(persistence)))
      expect(err.path).toBe(path)
      if (typeof problem === 'string') expect(err.problem).toBe(problem)
      else expect(err.problem).toMatch(problem)
      expect(err.message).toBe(`${err.path}: ${err.problem}`)
    })
  }

  it('reads JSON text, and names a syntax error', () => {
    expect(loadScenario(JSON.stringify(persistence)).title).toBe('A session persists across requests')
    expect(errorOf('{ "version": 2, ').path).toBe('(root)')
    expect(errorOf('{ "version": 2, ').problem).toMatch(/^not valid JSON/)
  })

  it('leaves a world it did not create untouched', () => {
    const run = runScenario(loadScenario(persistence))
    const before = JSON.stringify({ trace: run.world.trace(), sessions: run.world.sessions(), browsers: run.world.browsers(), now: run.world.now() })
    expect(() => loadScenario({ ...clone(persistence), actions: [{ kind: 'explode' }] })).toThrow(ScenarioError)
    expect(JSON.stringify({ trace: run.world.trace(), sessions: run.world.sessions(), browsers: run.world.browsers(), now: run.world.now() })).toBe(before)
  })
})

describe('scenario files of version 1', () => {
  // Copies of two shipped files as they were written in version 1 (a timeline of steps with an "action" key).
  const v1 = import.meta.glob('./fixtures/scenario-v1-*.json', { eager: true, import: 'default' }) as Record<string, unknown>

  it('are migrated and replay to the same expectations and the same trace as their version 2 rewrite', () => {
    expect(Object.keys(v1)).toHaveLength(2)
    for (const [path, json] of Object.entries(v1)) {
      const old = loadScenario(json)
      expect(old.version).toBe(2)
      const run = runScenario(old)
      expect(run.failures).toEqual([])
      const current = shipped.find((f) => path.endsWith(f.name.replace(/^/, 'scenario-v1-')))
      expect(current).toBeDefined()
      const now = runScenario(loadScenario(current?.json))
      expect(JSON.stringify(run.world.trace())).toBe(JSON.stringify(now.world.trace()))
      expect(old.actions).toEqual(now.scenario.actions)
    }
  })

  it('turns a fault step into a configure with faults, keeping its time and note', () => {
    const json = { version: 1, title: 't', description: '', browsers: [], timeline: [{ action: 'fault', at: 5, failNextGet: 1, note: 'n' }, { action: 'advance', ms: 1 }], expect: [] }
    expect(loadScenario(json).actions).toEqual([{ kind: 'configure', at: 5, note: 'n', faults: { failNextGet: 1 } }, { kind: 'advance', ms: 1 }])
  })
})

describe('actions a scenario can hold', () => {
  const base = { version: 2, title: 't', description: '', config: { maxAge: 60_000, reapInterval: 10_000 }, expect: [] }
  const alice = { name: 'alice', userAgent: 'UA', ip: '192.0.2.10' }

  it('adds and removes browsers, calls store methods and floods with a burst, in order and at their times', () => {
    const scenario = loadScenario({
      ...base,
      browsers: [alice],
      actions: [
        { kind: 'send', browser: 'alice' },
        { kind: 'addBrowser', at: 1_000, name: 'crawler', userAgent: 'Googlebot', ip: '66.249.66.1' },
        { kind: 'burst', browser: 'crawler', count: 500 },
        { kind: 'storeCall', method: 'length' },
        { kind: 'removeBrowser', browser: 'crawler', note: 'gone' },
        { kind: 'storeCall', method: 'clear', at: 2_000 },
      ],
    })
    const run = runScenario(scenario)
    expect(run.failures).toEqual([])
    expect(run.world.browsers().map((b) => b.name)).toEqual(['alice'])
    expect(run.world.sessions()).toEqual([])
    expect(run.world.now() - run.world.startTime()).toBe(2_000)
    const calls = run.world.trace().filter((r) => r.kind === 'store-call')
    expect(calls.map((r) => r.result)).toEqual([{ method: 'length', length: 501 }, { method: 'clear', removed: 501 }])
  })

  it('reports an action the world refuses when it runs', () => {
    const bob = { ...alice, name: 'bob' }
    const run = runScenario(loadScenario({ ...base, browsers: [alice, bob], actions: [{ kind: 'stealCookie', from: 'alice', to: 'bob' }] }))
    expect(run.passed).toBe(false)
    expect(run.failures.map((f) => f.message)).toEqual(['actions[0] (stealCookie) was refused: browser "alice" holds no live connect.sid cookie to steal'])
  })
})

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
      expect(run.steps.filter((s) => s.action === 'send' && s.exchange === null)).toEqual([])
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
    ['an unknown action', (s) => ({ ...s, timeline: [{ action: 'send', browser: 'alice' }, { action: 'sned', browser: 'alice' }] }), 'timeline[1].action', 'expected one of send, advance, stealCookie, setIp, setUserAgent, clearCookies, configure, fault; got the string "sned"'],
    ['another version', (s) => ({ ...s, version: 2 }), 'version', 'expected 1; got number 2'],
    ['a missing field', (s) => ({ ...s, title: undefined }), 'title', 'is required (string)'],
    ['a field of the wrong type', (s) => ({ ...s, timeline: [{ action: 'advance', ms: '5' }] }), 'timeline[0].ms', 'expected number, got the string "5"'],
    ['a negative advance', (s) => ({ ...s, timeline: [{ action: 'advance', ms: -5 }] }), 'timeline[0].ms', 'must be ≥ 0; got number -5'],
    ['a misspelt key', (s) => ({ ...s, timeline: [{ action: 'send', brwser: 'alice' }] }), 'timeline[0].browser', 'is required (string)'],
    ['an extra key', (s) => ({ ...s, timeline: [{ action: 'send', browser: 'alice', colour: 'red' }] }), 'timeline[0].colour', 'unknown key'],
    ['the seed page typo', (s) => ({ ...s, config: { maxAage: 1000 } }), 'config.maxAage', /typo: the option is spelled maxAge/],
    ['an unknown browser', (s) => ({ ...s, timeline: [{ action: 'send', browser: 'bob' }] }), 'timeline[0].browser', 'unknown browser "bob"; the scenario\'s browsers are alice'],
    ['a duplicate browser', (s) => ({ ...s, browsers: [...(s.browsers as unknown[]), ...(s.browsers as unknown[])] }), 'browsers[1].name', 'duplicate browser name "alice"'],
    ['a setting the library refuses', (s) => ({ ...s, config: { reapInterval: 0 } }), 'config.reapInterval', /reapInterval must be a positive number of milliseconds/],
    ['a bad cookie attribute', (s) => ({ ...s, timeline: [{ action: 'configure', cookie: { path: 'a;b' } }] }), 'timeline[0].cookie', /must not contain ';'/],
    ['an unknown fingerprint', (s) => ({ ...s, config: { fingerprint: 'ip' } }), 'config.fingerprint', 'expected one of default, user-agent, none; got the string "ip"'],
    ['time going backwards', (s) => ({ ...s, timeline: [{ action: 'advance', ms: 5000 }, { action: 'send', browser: 'alice', at: 1000 }] }), 'timeline[1].at', '1000 ms is earlier than the scenario\'s time at that step (5000 ms)'],
    ['an expectation on a step that is not a send', (s) => ({ ...s, expect: [{ step: 1, status: 200 }] }), 'expect[0].step', 'step 1 is an advance, not a send'],
    ['an expectation past the timeline', (s) => ({ ...s, expect: [{ after: 99, sessions: 1 }] }), 'expect[0].after', /step 99 does not exist/],
    ['an expectation of no known kind', (s) => ({ ...s, expect: [{ sessions: 1 }] }), 'expect[0]', 'expected an object with one of the keys step, after, reaped; got an object'],
    ['a typo inside an expectation', (s) => ({ ...s, expect: [{ after: 0, sessoins: 1 }] }), 'expect[0].sessoins', 'unknown key'],
    ['a failure rate above 1', (s) => ({ ...s, timeline: [{ action: 'fault', failureRate: 1.5 }] }), 'timeline[0].failureRate', 'must be ≤ 1; got number 1.5'],
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
    expect(errorOf('{ "version": 1, ').path).toBe('(root)')
    expect(errorOf('{ "version": 1, ').problem).toMatch(/^not valid JSON/)
  })

  it('leaves a world it did not create untouched', () => {
    const run = runScenario(loadScenario(persistence))
    const before = JSON.stringify({ trace: run.world.trace(), sessions: run.world.sessions(), browsers: run.world.browsers(), now: run.world.now() })
    expect(() => loadScenario({ ...clone(persistence), timeline: [{ action: 'explode' }] })).toThrow(ScenarioError)
    expect(JSON.stringify({ trace: run.world.trace(), sessions: run.world.sessions(), browsers: run.world.browsers(), now: run.world.now() })).toBe(before)
  })
})

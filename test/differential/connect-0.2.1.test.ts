// The differential test of 2010 mode: every request script runs over real node:http against the connect@0.2.1
// package and against our library with every quirk on, under the same fake clock and the same Math.random, and the
// transcripts (status, body, Set-Cookie, chosen headers, the stores after each step) must be equal. The same scripts
// in default mode must show each documented fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectKit, ourKit } from './kits.ts'
import { runScript, type Step } from './harness.ts'
import { SCRIPTS } from './scripts.ts'

const proc = process as NodeJS.Process & { ENOENT?: number }
let hadEnoent = false

beforeAll(() => {
  // Node 0.2 had process.ENOENT (2); 0.2.1's server compares error numbers with it (quirk Q23).
  hadEnoent = proc.ENOENT !== undefined
  proc.ENOENT ??= 2
})

afterAll(() => {
  if (!hadEnoent) delete proc.ENOENT
  // connect 0.2.1 keeps its store in an undeclared, hence global, variable (quirk Q1).
  delete (globalThis as { store?: unknown }).store
})

const connect = connectKit()
const ours2010 = ourKit('2010')
const today = ourKit('today')
const transcripts = new Map<string, Step[]>()

async function connectRun(name: string): Promise<Step[]> {
  const cached = transcripts.get(name)
  if (cached !== undefined) return cached
  const script = SCRIPTS.find((s) => s.name === name)!
  const steps = await runScript(script.run, connect)
  transcripts.set(name, steps)
  return steps
}

const byName = (name: string) => SCRIPTS.find((s) => s.name === name)!

describe('2010 mode agrees with connect 0.2.1 step by step', () => {
  for (const script of SCRIPTS) {
    it(script.name, async () => {
      const expected = await connectRun(script.name)
      const actual = await runScript(script.run, ours2010)
      expect(actual).toEqual(expected)
    })
  }
})

/** The sid in a Set-Cookie list. */
const sidOf = (step: Step | undefined): string | undefined => /^connect\.sid=([^;]*)/.exec(step?.setCookie?.[0] ?? '')?.[1]
/** The value of a store's only entry, or undefined. */
const only = (step: Step | undefined, store = 'store') => step?.stores[store]

describe('default mode shows every documented fix', () => {
  const pair = async (name: string): Promise<[Step[], Step[]]> => [await connectRun(name), await runScript(byName(name).run, today)]

  it('Q8: ids are 128 bits, not four Math.random chunks', async () => {
    const [old, now] = await pair('new session, then a returning client')
    for (const step of old.filter((s) => s.setCookie)) expect(sidOf(step)).toMatch(/^[0-9a-f]{4,28}$/)
    for (const step of now.filter((s) => s.setCookie)) expect(sidOf(step)).toMatch(/^[0-9a-f]{32}$/)
    // Everything else a client sees is the same.
    expect(now.map((s) => [s.status, s.body])).toEqual(old.map((s) => [s.status, s.body]))
  })

  it('kept: a fingerprint mismatch starts a new session, as in 2010', async () => {
    const [old, now] = await pair('fingerprint mismatch: another User-Agent, another address')
    expect(old.map((s) => s.body)).toEqual(['hello ann', 'ann', 'nobody', 'nobody'])
    expect(now.map((s) => s.body)).toEqual(old.map((s) => s.body))
    expect(now.map((s) => s.stores.store!.length)).toEqual(old.map((s) => s.stores.store!.length))
  })

  it('kept: reaping and the zombie window are 2010’s', async () => {
    const [old, now] = await pair('reaping after maxAge, and the zombie window')
    expect(old.map((s) => s.body ?? s.stores.store!.length)).toEqual(['hello ann', 1, 'ann', 0, 'nobody'])
    expect(now.map((s) => s.body ?? s.stores.store!.length)).toEqual(old.map((s) => s.body ?? s.stores.store!.length))
  })

  it('Q3, Q4, Q5: destroy answers 200, deletes the key, reports what it did; the reaper survives', async () => {
    const [old, now] = await pair('destroy, then the reaper and the store')
    const [, oldLogout, , oldLength, oldArgs, oldReap] = old
    const [, nowLogout, , nowLength, nowArgs, nowReap] = now
    expect(oldLogout).toMatchObject({ status: 500, body: "TypeError: Cannot read properties of undefined (reading 'id')" })
    expect(oldLogout!.stores.store).toEqual([[expect.any(String), '(undefined)']])
    expect(nowLogout).toMatchObject({ status: 200, body: 'bye' })
    expect(nowLogout!.setCookie).toBeUndefined()
    expect(nowLogout!.stores.store).toEqual([])
    expect([oldLength!.value, nowLength!.value]).toEqual([2, 1])
    expect([oldArgs!.value, nowArgs!.value]).toEqual([0, 2])
    expect(oldReap!.value).toBe("threw TypeError: Cannot read properties of undefined (reading 'lastAccess')")
    expect(nowReap!.value).toBe('reaped')
  })

  it('Q4: regenerate leaves no null entry behind', async () => {
    const [old, now] = await pair('regenerate')
    expect(old[1]!.stores.store!.map(([, v]) => v === null)).toEqual([true, false])
    expect(now[1]!.stores.store!.map(([, v]) => v === null)).toEqual([false])
    expect(sidOf(now[1])).not.toBe(sidOf(now[0]))
  })

  it('Q1: each session() keeps its own store', async () => {
    const [old, now] = await pair('the shared default store')
    expect([old[1]!.stores.first!.length, old[1]!.stores.second!.length]).toEqual([0, 1])
    expect([now[1]!.stores.first!.length, now[1]!.stores.second!.length]).toEqual([1, 0])
  })

  it('Q2: session() without a store makes a MemoryStore', async () => {
    const [old, now] = await pair('session() without a store')
    expect(old[0]!.value).toBe('threw TypeError: MemoryStore is not a constructor')
    expect(now[0]!.value).toBe('function')
  })

  it('Q7, Q19: every cookie name counts and the header stays', async () => {
    const [old, now] = await pair('cookie decoding: prototype names, case, duplicates, the header')
    expect(JSON.parse(old[0]!.body!)).toEqual({ names: ['foo', 'tostring', '"q"', 'a'], header: false })
    expect(JSON.parse(now[0]!.body!)).toEqual({ names: ['__proto__', 'constructor', 'map', 'foo', 'tostring', '"q"', 'a'], header: true })
  })

  it('Q19: a second decoder keeps the session', async () => {
    const [old, now] = await pair('a second cookieDecoder further down')
    expect(old.map((s) => s.body)).toEqual(['hello ann', 'nobody'])
    expect(now.map((s) => s.body)).toEqual(['hello ann', 'ann'])
  })

  it('Q11: a reason phrase keeps its headers; the application’s cookie is kept', async () => {
    const [old, now] = await pair('writeHead with a reason phrase, and the application’s own cookie')
    expect(old[0]!.headers).toEqual({ 'x-a': undefined })
    expect(old[0]!.setCookie).toBeUndefined()
    expect(now[0]!.headers).toEqual({ 'x-a': '1' })
    expect(now[0]!.setCookie).toHaveLength(1)
    expect(old[1]!.setCookie!.map((c) => c.split('=')[0])).toEqual(['connect.sid'])
    expect(now[1]!.setCookie!.map((c) => c.split('=')[0])).toEqual(['theme', 'connect.sid'])
  })

  it('missing cookieDecoder: an error instead of silence', async () => {
    const [old, now] = await pair('session() without cookieDecoder')
    expect(old[0]).toMatchObject({ status: 200, body: 'no session' })
    expect(now[0]).toMatchObject({ status: 500, body: 'Error: session requires cookieDecoder to work properly' })
  })

  it('Q16: a store error commits nothing and echoes no id', async () => {
    const [old, now] = await pair('a store whose get fails, and a client-chosen id')
    expect(old[0]).toMatchObject({ status: 500, body: 'Error: db down' })
    expect(sidOf(old[0])).toBe('attacker-chosen')
    expect(only(old[0])).toEqual([[expect.any(String), expect.objectContaining({ id: 'attacker-chosen' })]])
    expect(now[0]).toMatchObject({ status: 500, body: 'Error: db down' })
    expect(now[0]!.setCookie).toBeUndefined()
    expect(only(now[0])).toEqual([])
  })

  it('Q12: a failed save is an error, not a cookie', async () => {
    const [old, now] = await pair('a store whose set fails')
    expect(old[0]).toMatchObject({ status: 200, body: 'hello ann' })
    expect(sidOf(old[0])).toBeDefined()
    expect(now[0]).toMatchObject({ status: 500, body: 'Error: disk full' })
    expect(now[0]!.setCookie).toBeUndefined()
  })

  it('Q6, Q13: a key named toString is just a key, and the store keeps copies', async () => {
    const [old, now] = await pair('a fingerprint that names an Object.prototype member')
    expect(old[0]!.body).toBe('function')
    expect(sidOf(old[0])).toMatch(/^function%20toString\(\)/)
    expect(now[0]!.body).toBe('string')
    expect(sidOf(now[0])).toMatch(/^[0-9a-f]{32}$/)
  })

  it('Q21: saved data cannot replace touch', async () => {
    const [old, now] = await pair('stored data with a key named touch')
    expect(old[0]).toMatchObject({ status: 500, body: 'TypeError: req.session.touch is not a function' })
    expect(now[0]).toMatchObject({ status: 200, body: 'eve' })
  })

  it('Q17: a secure cookie is held back over plain HTTP', async () => {
    const [old, now] = await pair('a secure cookie over plain HTTP')
    expect(old[0]!.setCookie?.[0]).toMatch(/; secure/)
    expect(now[0]!.setCookie).toBeUndefined()
  })

  it('Q23: only code ENOENT means not found', async () => {
    const [old, now] = await pair('errors with and without errno')
    expect(old.map((s) => [s.status, s.body])).toEqual([
      [404, 'Cannot GET /enoent'],
      [500, 'Error: plain failure'],
    ])
    expect(now.map((s) => [s.status, s.body])).toEqual([
      [500, 'Error: no such file'],
      [500, 'Error: plain failure'],
    ])
  })

  it('Q24, Q25: errors leave mounted apps; originalUrl stays original', async () => {
    const [old, now] = await pair('a mounted app: its errors and originalUrl')
    expect(old.map((s) => [s.status, s.body])).toEqual([
      [404, 'Cannot GET /inner/fail'],
      [200, '/url'],
    ])
    expect(now.map((s) => [s.status, s.body])).toEqual([
      [500, 'outer handled: inner broke'],
      [200, '/inner/url'],
    ])
  })

  it('Q25: an AssertionError goes to the error handlers', async () => {
    const [old, now] = await pair('an AssertionError thrown by a layer')
    expect(old[0]!.value).toBe('threw AssertionError: boom')
    expect(now[0]!.value).toBe('answered 500 AssertionError [ERR_ASSERTION]: boom')
  })
})

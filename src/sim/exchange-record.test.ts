import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Request, SessionEvent } from '../connect/index.ts'
import { PackedExchange } from './exchange-record.ts'
import type { SentRequest, Step } from './trace.ts'

const req = {} as Request
const sent: SentRequest = { method: 'GET', path: '/', ip: '192.0.2.1', userAgent: 'UA', cookie: null, body: null }
const T = Date.UTC(2010, 6, 9, 12)

function record(sentAt = T, base = T): PackedExchange {
  return new PackedExchange(1, 'alice', { base }, sentAt, 'default', sent)
}

type Commit = Extract<SessionEvent, { type: 'commit' }>
function commitEvent(time: number, id: string, key: string): Commit {
  return { type: 'commit', time, req, id, key, status: 200, setCookie: `connect.sid=${id}`, data: {}, withheld: undefined }
}

/** What a step must show for an event: the event without its request, undefined fields as null. */
function expectedStep(e: SessionEvent, saved: unknown): unknown {
  switch (e.type) {
    case 'commit':
      return { type: 'commit', time: e.time, id: e.id, key: e.key, status: e.status, setCookie: e.setCookie, withheld: e.withheld ?? null, data: saved }
    case 'skip-commit':
      return { type: 'skip-commit', time: e.time, key: e.key ?? null, reason: e.reason }
    case 'regenerate':
      return { type: 'regenerate', time: e.time, oldId: e.oldId ?? null, oldKey: e.oldKey ?? null, id: e.id, key: e.key }
    case 'error':
      return { type: 'error', time: e.time, stage: e.stage, name: e.error.name, message: e.error.message }
    default: {
      const { req: _req, ...rest } = e
      return rest
    }
  }
}

const word = fc.constantFrom('a', 'b', '')
const time = fc.oneof(fc.constant(T), fc.integer({ min: T - 5, max: T + 5 }), fc.double({ min: T - 1, max: T + 1, noNaN: true }))
const eventArb: fc.Arbitrary<SessionEvent> = fc.oneof(
  fc.record({ type: fc.constant('fingerprint' as const), time, req: fc.constant(req), id: word, key: word, inputs: fc.constantFrom(null, { id: 'a' }) }),
  fc.record({ type: fc.constant('lookup' as const), time, req: fc.constant(req), key: word, result: fc.constantFrom('hit' as const, 'miss' as const) }),
  fc.record({ type: fc.constant('generate' as const), time, req: fc.constant(req), id: word, key: word, reason: fc.constantFrom('no-cookie' as const, 'store-miss' as const) }),
  fc.record({ type: fc.constant('load' as const), time, req: fc.constant(req), id: word, key: word }),
  fc.record({ type: fc.constant('touch' as const), time, req: fc.constant(req), id: word, lastAccess: time }),
  fc.record({ type: fc.constant('skip-commit' as const), time, req: fc.constant(req), key: fc.constantFrom(undefined, 'a'), reason: fc.constant('destroyed' as const) }),
  fc.record({ type: fc.constant('destroy' as const), time, req: fc.constant(req), key: word, destroyed: fc.boolean() }),
  fc.record({ type: fc.constant('regenerate' as const), time, req: fc.constant(req), oldId: fc.constantFrom(undefined, 'a'), oldKey: fc.constantFrom(undefined, 'b'), id: word, key: word }),
  fc.record({ type: fc.constant('error' as const), time, req: fc.constant(req), stage: fc.constantFrom('lookup' as const, 'commit' as const), error: fc.constantFrom(new Error('x'), new TypeError('y')) }),
  fc.record({ type: fc.constant('commit' as const), time, req: fc.constant(req), id: word, key: word, status: fc.constantFrom(200, 500), setCookie: fc.constantFrom(null, 'c=1'), data: fc.constant({}), withheld: fc.constantFrom(undefined, 'insecure-connection' as const) }),
)

describe('PackedExchange', () => {
  it('gives back any sequence of events as the steps they announce', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), time, (events, sentAt) => {
        const r = record(sentAt)
        const saved = { v: 1 }
        for (const e of events) r.add(e, e.type === 'commit' ? saved : null)
        const want = events.map((e) => expectedStep(e, e.type === 'commit' ? saved : null))
        expect(r.steps).toEqual(want)
        r.finish(200, '', [], sentAt)
        expect(r.steps).toEqual(want)
      }),
      { numRuns: 500 },
    )
  })

  it('gives back every kind of step exactly as the events announced it', () => {
    const r = record()
    const inputs = { id: 'a', remoteAddress: '192.0.2.1', userAgent: 'UA' }
    const saved = { lastAccess: T + 5 }
    r.add({ type: 'fingerprint', time: T, req, id: 'a', key: 'ka', inputs })
    r.add({ type: 'lookup', time: T, req, key: 'ka', result: 'miss' })
    r.add({ type: 'generate', time: T + 1, req, id: 'b', key: 'kb', reason: 'store-miss' })
    r.add({ type: 'load', time: T + 2, req, id: 'b', key: 'kb' })
    r.add({ type: 'touch', time: T + 3, req, id: 'b', lastAccess: T + 3 })
    r.add({ type: 'regenerate', time: T + 4, req, oldId: undefined, oldKey: 'kb', id: 'c', key: 'kc' })
    r.add({ type: 'destroy', time: T + 4, req, key: 'kc', destroyed: true })
    r.add({ type: 'skip-commit', time: T + 4, req, key: undefined, reason: 'destroyed' })
    r.add({ type: 'error', time: T + 4, req, stage: 'commit', error: new RangeError('no room') })
    r.add(commitEvent(T + 5, 'c', 'kc'), saved)
    expect(r.steps).toEqual([
      { type: 'fingerprint', time: T, id: 'a', key: 'ka', inputs },
      { type: 'lookup', time: T, key: 'ka', result: 'miss' },
      { type: 'generate', time: T + 1, id: 'b', key: 'kb', reason: 'store-miss' },
      { type: 'load', time: T + 2, id: 'b', key: 'kb' },
      { type: 'touch', time: T + 3, id: 'b', lastAccess: T + 3 },
      { type: 'regenerate', time: T + 4, oldId: null, oldKey: 'kb', id: 'c', key: 'kc' },
      { type: 'destroy', time: T + 4, key: 'kc', destroyed: true },
      { type: 'skip-commit', time: T + 4, key: null, reason: 'destroyed' },
      { type: 'error', time: T + 4, stage: 'commit', name: 'RangeError', message: 'no room' },
      { type: 'commit', time: T + 5, id: 'c', key: 'kc', status: 200, setCookie: 'connect.sid=c', withheld: null, data: saved },
    ])
    expect(r.steps[9]).toHaveProperty('data', saved)
    expect(r).toMatchObject({ lookup: 'miss', sessionId: 'c', sessionKey: 'kc', error: { stage: 'commit', name: 'RangeError', message: 'no room' } })
  })

  it('gives back fingerprint inputs exactly, whether or not they can be rebuilt from the request', () => {
    const cases: Record<string, string>[] = [
      { id: 'a', remoteAddress: '192.0.2.1', userAgent: 'UA' },
      { id: 'a', userAgent: 'UA' },
      { id: 'a' },
      { remoteAddress: '192.0.2.1', id: 'a', userAgent: 'UA' },
      { id: 'a', remoteAddress: '192.0.2.9', userAgent: 'UA' },
      { id: 'b', userAgent: 'UA' },
      { id: 'a', userAgent: 'UA', extra: 'x' },
      {},
    ]
    for (const inputs of cases) {
      const r = record()
      r.add({ type: 'fingerprint', time: T, req, id: 'a', key: 'k', inputs })
      const step = r.steps[0] as Extract<Step, { type: 'fingerprint' }>
      expect(step.inputs).toEqual(inputs)
      expect(Object.keys(step.inputs ?? {})).toEqual(Object.keys(inputs))
    }
  })

  it('marks a session new only when a generate step gave it its id', () => {
    const loaded = record()
    loaded.add({ type: 'generate', time: T, req, id: 'other', key: 'k', reason: 'no-cookie' })
    loaded.add(commitEvent(T, 'mine', 'k'))
    expect(loaded.newSession).toBe(false)
    const fresh = record()
    fresh.add({ type: 'generate', time: T, req, id: 'mine', key: 'k', reason: 'no-cookie' })
    fresh.add(commitEvent(T, 'mine', 'k'))
    expect(fresh.newSession).toBe(true)
  })

  it('reads the same after forgetting its decoded views, as a new object', () => {
    const r = record()
    r.add({ type: 'generate', time: T, req, id: 'mine', key: 'k', reason: 'no-cookie' })
    r.add(commitEvent(T + 1, 'mine', 'k'))
    r.finish(200, 'ok', ['connect.sid=mine'], T + 2)
    const first = r.toJSON()
    const steps = r.steps
    expect(r.steps).toBe(steps)
    r.forget()
    expect(r.steps).not.toBe(steps)
    expect(r.toJSON()).toEqual(first)
    expect(r.newSession).toBe(true)
  })

  it('keeps fractional and far-off times exact', () => {
    const times = [T + 0.1, T + 1e-3, 0.30000000000000004, 1e15 + 0.125, -5.5]
    for (const sentAt of times) {
      for (const base of [T, 0, 7.7]) {
        const r = record(sentAt, base)
        r.add({ type: 'touch', time: sentAt + 0.7, req, id: 'x', lastAccess: sentAt / 3 })
        r.finish(200, 'ok', [], sentAt + 0.1)
        expect(r.sentAt).toBe(sentAt)
        expect(r.finishedAt).toBe(sentAt + 0.1)
        expect(r.steps[0]).toEqual({ type: 'touch', time: sentAt + 0.7, id: 'x', lastAccess: sentAt / 3 })
      }
    }
  })

  it('shows a request in flight until it finishes, and steps that arrive after a read', () => {
    const r = record()
    r.add({ type: 'fingerprint', time: T, req, id: 'a', key: 'ka', inputs: null })
    expect(r.steps).toHaveLength(1)
    expect(r.response).toEqual({ status: 0, body: '', setCookie: [] })
    r.add({ type: 'lookup', time: T + 50, req, key: 'ka', result: 'hit' })
    expect(r.steps.map((s) => s.type)).toEqual(['fingerprint', 'lookup'])
    r.finish(404, 'Cannot GET /x', ['a=b'], T + 60)
    expect(r.response).toEqual({ status: 404, body: 'Cannot GET /x', setCookie: ['a=b'] })
    expect(r.response).toBe(r.response)
    expect(r.steps).toBe(r.steps)
  })

  it('serialises as the plain record, in its documented field order', () => {
    const r = record()
    r.add({ type: 'fingerprint', time: T, req, id: 'a', key: 'ka', inputs: null })
    r.finish(200, 'views: 1', [], T)
    r.seq = 4
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>
    expect(Object.keys(json)).toEqual([
      'kind', 'seq', 'exchange', 'browser', 'sentAt', 'finishedAt', 'strategy', 'request', 'steps',
      'lookup', 'sessionId', 'sessionKey', 'newSession', 'error', 'response',
    ])
    expect(json).toMatchObject({ kind: 'exchange', seq: 4, sentAt: T, finishedAt: T, request: sent, response: { status: 200, body: 'views: 1' } })
    expect(JSON.stringify(r)).not.toMatch(/"req"|epoch|packed/)
  })
})

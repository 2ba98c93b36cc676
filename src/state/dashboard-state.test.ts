// The state behind the playground's dashboard: the inspector's target and data, the reader's own actions among the
// trace's records, the store table's filter, and where a jar's cookie came from.
import { describe, expect, it } from 'vitest'
import { COOKIE_NAME } from '../connect/index.ts'
import type { ExchangeRecord, TraceRecord } from '../sim/index.ts'
import { setCookieOrigin } from './cookie-origin.ts'
import { holdersOf, resolveInspection } from './inspect.ts'
import { mergeLog } from './reader-actions.ts'
import { filterSessions, NO_FILTER } from './session-filter.ts'
import { createSimulationStore } from './simulation-store.ts'

const UA = 'Mozilla/5.0 (Windows) Firefox/3.6.6'
const ALICE = { name: 'alice', userAgent: UA, ip: '192.0.2.10' }
const MALLORY = { name: 'mallory', userAgent: UA, ip: '203.0.113.5' }

const tick = () => new Promise((r) => setTimeout(r, 0))

function store() {
  return createSimulationStore({ world: { maxAge: 60_000, reapInterval: 10_000 }, browsers: [ALICE, MALLORY] })
}

function sidOf(s: ReturnType<typeof store>, browser: string): string {
  return s.getState().view.browsers.find((b) => b.name === browser)?.cookies.find((c) => c.name === COOKIE_NAME)?.value ?? ''
}

function describeItems(items: ReturnType<typeof mergeLog>): string[] {
  return items.map((i) => (i.kind === 'reader' ? `reader ${i.reader.action.kind}` : i.record.kind === 'exchange' ? `exchange #${i.record.exchange}` : i.record.kind))
}

describe('the inspector state', () => {
  it('inspect names a request; the data shows the fingerprint inputs the forged id was saved under, and who holds it', async () => {
    const s = store()
    const { actions } = s.getState()
    await actions.send('alice', { method: 'POST', path: '/login?user=alice' })
    await actions.send('mallory')
    await tick()
    const victim = sidOf(s, 'alice')
    expect(actions.setCookie('mallory', COOKIE_NAME, victim)).toBe(true)
    const theft = (await actions.send('mallory', { path: '/whoami' })) as ExchangeRecord
    await tick()
    actions.inspect({ kind: 'exchange', exchange: theft.exchange })
    const { inspected, trace, view, world } = s.getState()
    // Inspecting is the reader's view, not an action on the world.
    expect(world.actions().some((a) => a.kind === 'setCookie')).toBe(true)
    expect(inspected).toEqual({ kind: 'exchange', exchange: theft.exchange })
    const data = resolveInspection(inspected!, trace, view.sessions, view.browsers)
    expect(data.record?.exchange).toBe(theft.exchange)
    expect(data.cookieId).toBe(victim)
    // The save was Alice's login: her address, where the request came from Mallory's.
    const saved = data.saved?.steps.find((x) => x.type === 'fingerprint')
    expect(data.saved?.browser).toBe('alice')
    expect(saved?.type === 'fingerprint' ? saved.inputs?.remoteAddress : null).toBe('192.0.2.10')
    // The default fingerprint refused it: a new session for Mallory, and nobody but Alice holds the victim id.
    expect(theft.newSession).toBe(true)
    expect(holdersOf(view.browsers).get(victim)).toEqual(['alice'])
    actions.inspect(null)
    expect(s.getState().inspected).toBeNull()
  })

  it('a session target resolves to its row, the request that last saved it and its holders; a new world clears it', async () => {
    const s = store()
    const { actions } = s.getState()
    const x = (await actions.send('alice')) as ExchangeRecord
    await tick()
    actions.inspect({ kind: 'session', key: x.sessionKey! })
    const { inspected } = s.getState()
    let { trace, view } = s.getState()
    const data = resolveInspection(inspected!, trace, view.sessions, view.browsers)
    expect(data.session?.id).toBe(x.sessionId)
    expect(data.record?.exchange).toBe(x.exchange)
    expect(data.holders).toEqual(['alice'])
    expect(data.missing).toBeNull()
    // Once reaped, the target stays but says the session is gone.
    actions.advance(120_000)
    await tick()
    ;({ trace, view } = s.getState())
    expect(resolveInspection(inspected!, trace, view.sessions, view.browsers).missing).toMatch(/no longer in the store/)
    actions.reset()
    expect(s.getState().inspected).toBeNull()
  })
})

describe("the reader's actions in the log", () => {
  it('come from the history, between the requests they happened between, and a seek back drops those after now', async () => {
    const s = store()
    const { actions } = s.getState()
    await actions.send('alice')
    actions.setIp('alice', '192.0.2.99')
    await actions.send('alice')
    actions.configure({ maxAge: 30_000 })
    actions.advance(1_000)
    actions.stealCookie('alice', 'mallory')
    await tick()
    const { trace } = s.getState()
    let { readerActions } = s.getState()
    expect(readerActions.map((r) => r.action.kind)).toEqual(['setIp', 'configure', 'stealCookie'])
    const records = trace.filter((r: TraceRecord) => r.kind === 'exchange')
    expect(describeItems(mergeLog(records, readerActions))).toEqual(['exchange #1', 'reader setIp', 'exchange #2', 'reader configure', 'reader stealCookie'])
    // Playing time forward does not rescan; scrubbing back before the theft forgets it.
    actions.seek(s.getState().view.now - 500)
    await tick()
    ;({ readerActions } = s.getState())
    expect(readerActions.map((r) => r.action.kind)).toEqual(['setIp', 'configure'])
  })

  it('the starting cast is not news; a browser added later is', async () => {
    const s = store()
    s.getState().actions.addBrowser({ name: 'carol', userAgent: UA, ip: '198.51.100.1' })
    await tick()
    expect(s.getState().readerActions.map((r) => r.action.kind === 'addBrowser' && r.action.name)).toEqual(['carol'])
  })
})

describe('the store filter', () => {
  it('filters by holder, by id or fingerprint prefix, and by stale or zombie', async () => {
    const s = createSimulationStore({ world: { maxAge: 60_000, reapInterval: 70_000 }, browsers: [ALICE, MALLORY] })
    const { actions } = s.getState()
    const a = (await actions.send('alice')) as ExchangeRecord
    actions.advance(30_000)
    const m = (await actions.send('mallory')) as ExchangeRecord
    actions.advance(31_000)
    await tick()
    const { view } = s.getState()
    const holders = holdersOf(view.browsers)
    const ids = (f: Parameters<typeof filterSessions>[1]) => filterSessions(view.sessions, f, holders).map((r) => r.id)
    expect(filterSessions(view.sessions, NO_FILTER, holders)).toBe(view.sessions)
    expect(ids({ ...NO_FILTER, browser: 'mallory' })).toEqual([m.sessionId])
    expect(ids({ ...NO_FILTER, prefix: ` ${a.sessionId!.slice(0, 6).toUpperCase()} ` })).toEqual([a.sessionId])
    expect(ids({ ...NO_FILTER, prefix: m.sessionKey!.slice(0, 8) })).toEqual([m.sessionId])
    // At 61 s Alice's session is past maxAge (a zombie until the reap at 70 s); Mallory's outlives that reap.
    expect(ids({ ...NO_FILTER, state: 'zombie' })).toEqual([a.sessionId])
    expect(ids({ ...NO_FILTER, state: 'stale' })).toEqual([a.sessionId])
    expect(ids({ ...NO_FILTER, prefix: 'zzz' })).toEqual([])
  })
})

describe('where a cookie came from', () => {
  it("is the raw Set-Cookie that set its value, and nothing for a copied or hand-written one", async () => {
    const s = store()
    const { actions } = s.getState()
    const x = (await actions.send('alice')) as ExchangeRecord
    actions.stealCookie('alice', 'mallory')
    await tick()
    let { trace } = s.getState()
    const cookie = { name: COOKIE_NAME, value: x.sessionId! }
    expect(setCookieOrigin(trace, 'alice', cookie)).toBe(x.response.setCookie[0])
    expect(setCookieOrigin(trace, 'alice', cookie)).toMatch(/^connect\.sid=[^;]+;.*HttpOnly/i)
    expect(setCookieOrigin(trace, 'mallory', cookie)).toBeNull()
    actions.setCookie('alice', COOKIE_NAME, 'forged')
    await tick()
    ;({ trace } = s.getState())
    expect(setCookieOrigin(trace, 'alice', { name: COOKIE_NAME, value: 'forged' })).toBeNull()
  })
})

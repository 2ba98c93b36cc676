import { describe, expect, it } from 'vitest'
import { createSimulationStore, type RequestFrame, type Schedule } from './simulation-store.ts'
import persistence from '../../content/scenarios/persistence.json'

const ALICE = { name: 'alice', userAgent: 'Firefox/3.6', ip: '192.0.2.10' }
const BOB = { name: 'bob', userAgent: 'Safari/5.0', ip: '198.51.100.7' }

/** A schedule the test flushes by hand, to count how many updates a burst makes. */
function manualSchedule(): { schedule: Schedule; flush(): void; queued(): number } {
  const queue: (() => void)[] = []
  return {
    schedule: (f) => queue.push(f),
    flush: () => queue.splice(0).forEach((f) => f()),
    queued: () => queue.length,
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

/** Alice visits at the start and 10 s later, then 10 s pass: a 20 s recording. Returns when it started. */
async function recordTwoVisits(store: ReturnType<typeof createSimulationStore>): Promise<number> {
  const { actions } = store.getState()
  const t0 = store.getState().world.now()
  await actions.send('alice')
  actions.advance(10_000)
  await actions.send('alice')
  actions.advance(10_000)
  return t0
}

describe('simulation store', () => {
  it('a request shows up as a row with its age and expiry once the update is flushed', async () => {
    const store = createSimulationStore({ world: { maxAge: 5_000, reapInterval: 2_000 }, browsers: [ALICE] })
    const { actions } = store.getState()
    const x = await actions.send('alice', { path: '/' })
    await tick()
    const { view } = store.getState()
    expect(view.sessions).toHaveLength(1)
    expect(view.sessions[0]).toMatchObject({ id: x!.sessionId, age: 0, expiresIn: 5_000, zombie: false, stale: false })
    actions.advance(1_500)
    await tick()
    expect(store.getState().view.sessions[0]).toMatchObject({ age: 1_500, expiresIn: 3_500 })
    expect(store.getState().view.nextReapAt).toBe(store.getState().view.startTime + 2_000)
  })

  it('flags a session stale before the reap that removes it, and zombie once past maxAge', async () => {
    const store = createSimulationStore({ world: { maxAge: 5_000, reapInterval: 2_000 }, browsers: [ALICE] })
    const { actions } = store.getState()
    await actions.send('alice')
    actions.advance(3_500) // next reap at 4000 would need lastAccess < −1000: not stale yet
    await tick()
    expect(store.getState().view.sessions[0]).toMatchObject({ stale: false, zombie: false })
    actions.advance(1_000) // now 4500, next reap 6000: 0 < 1000, stale
    await tick()
    expect(store.getState().view.sessions[0]).toMatchObject({ stale: true, zombie: false })
    actions.advance(1_000) // now 5500 > maxAge: zombie until the reap at 6000
    await tick()
    expect(store.getState().view.sessions[0]).toMatchObject({ stale: true, zombie: true })
    expect(actions.stepToNextReap()).toBe(true)
    await tick()
    expect(store.getState().view.sessions).toHaveLength(0)
    expect(store.getState().trace.at(-1)).toMatchObject({ kind: 'reap', removed: [expect.any(String)] })
  })

  it('a burst of 2,000 requests is one action and one state update', () => {
    const s = manualSchedule()
    const store = createSimulationStore({ browsers: [ALICE, BOB], schedule: s.schedule })
    const before = store.getState().updates
    expect(store.getState().actions.burst('alice', 2_000)).toBe(true)
    expect(s.queued()).toBe(1)
    s.flush()
    expect(store.getState().updates).toBe(before + 1)
    expect(store.getState().view.sessions).toHaveLength(2_000)
    expect(store.getState().world.actions().map((a) => a.kind)).toEqual(['addBrowser', 'addBrowser', 'burst'])
    expect(store.getState().actions.burst('alice', 0)).toBe(false)
    expect(store.getState().error).toMatch(/count must be a whole number/)
  })

  it('is primed with actions in the simulator\'s language, played at their times before the reader arrives', () => {
    const store = createSimulationStore({
      world: { maxAge: 5_000, reapInterval: 2_000 },
      browsers: [ALICE, BOB],
      prime: [{ kind: 'send', browser: 'alice' }, { kind: 'send', browser: 'bob', at: 1_500 }],
    })
    const { view, world } = store.getState()
    expect(view.now - view.startTime).toBe(1_500)
    expect(view.sessions.map((r) => r.lastAccess - view.startTime)).toEqual([0, 1_500])
    expect(world.actions().filter((a) => a.kind === 'send')).toHaveLength(2)
  })

  it('captures the world as a recording and exports it as a scenario; custom code is refused with a message', async () => {
    const store = createSimulationStore({ browsers: [ALICE], prime: [{ kind: 'send', browser: 'alice' }] })
    expect(store.getState().actions.capture()?.actions).toEqual([{ kind: 'send', at: 0, browser: 'alice', method: 'GET', path: '/' }])
    const scenario = await store.getState().actions.exportScenario('Mine', 'One request')
    expect(scenario).toMatchObject({ version: 2, title: 'Mine', browsers: [ALICE], expect: [] })
    const custom = createSimulationStore({ world: { fingerprint: { custom: () => 'k', source: '() => "k"' } } })
    expect(await custom.getState().actions.exportScenario('x', '')).toBeNull()
    expect(custom.getState().error).toMatch(/cannot be written in a scenario file/)
  })

  it('a refused action leaves the world as it was and reports a message; the next good one clears it', async () => {
    const store = createSimulationStore({ browsers: [ALICE] })
    const { actions } = store.getState()
    const before = store.getState().view.now
    expect(await actions.send('mallory')).toBeNull()
    expect(store.getState().error).toMatch(/no browser named "mallory"/)
    expect(actions.advance(-5)).toBe(false)
    expect(store.getState().error).toMatch(/advance/)
    expect(actions.configure({ maxAge: 0 })).toBe(false)
    expect(store.getState().error).toMatch(/maxAge must be a positive number/)
    expect(store.getState().world.now()).toBe(before)
    expect(actions.advance(10)).toBe(true)
    expect(store.getState().error).toBeNull()
  })

  it('two stores are independent simulations', async () => {
    const a = createSimulationStore({ browsers: [ALICE] })
    const b = createSimulationStore({ browsers: [ALICE] })
    await a.getState().actions.send('alice')
    await tick()
    expect(a.getState().view.sessions).toHaveLength(1)
    expect(b.getState().view.sessions).toHaveLength(0)
  })

  it('Play advances virtual time by speed × real time on each frame, and Pause stops it', async () => {
    let frame: ((t: number) => void) | null = null
    const requestFrame: RequestFrame = (cb) => {
      frame = cb
      return () => (frame = null)
    }
    const store = createSimulationStore({ requestFrame, speed: 100 })
    const start = store.getState().world.now()
    store.getState().actions.play()
    frame!(1_000)
    frame!(1_016)
    frame!(1_032)
    expect(store.getState().world.now()).toBe(start + 3_200)
    frame!(60_000) // a long stall counts as at most 250 ms
    expect(store.getState().world.now()).toBe(start + 3_200 + 25_000)
    store.getState().actions.pause()
    expect(frame).toBeNull()
    expect(store.getState().playing).toBe(false)
    expect(store.getState().actions.setSpeed(0)).toBe(false)
    expect(store.getState().speed).toBe(100)
  })

  it('seek rewinds the world and the view follows', async () => {
    const store = createSimulationStore({ browsers: [ALICE] })
    const { actions } = store.getState()
    const t0 = store.getState().world.now()
    await actions.send('alice')
    actions.advance(60_000)
    await actions.send('alice')
    await tick()
    expect(store.getState().view.sessions[0]!.data.views).toBe(2)
    expect(actions.seek(t0 + 30_000)).toBe(true)
    await tick()
    expect(store.getState().view.now).toBe(t0 + 30_000)
    expect(store.getState().view.sessions[0]!.data.views).toBe(1)
  })

  it('loads a scenario into a new world; a bad one leaves the current world untouched', async () => {
    const store = createSimulationStore({ browsers: [BOB] })
    const original = store.getState().world
    expect(await store.getState().actions.loadScenario({ ...persistence, actions: [{ kind: 'sned' }] })).toBeNull()
    expect(store.getState().error).toMatch(/actions\[0\]\.kind/)
    expect(store.getState().world).toBe(original)
    const scenario = await store.getState().actions.loadScenario(persistence)
    expect(scenario?.title).toBe(persistence.title)
    await tick()
    expect(store.getState().world).not.toBe(original)
    expect(store.getState().view.browsers.map((b) => b.name)).toEqual(['alice'])
    expect(store.getState().view.sessions).toHaveLength(1)
  })

  it('Play after scrubbing back replays the recorded future to its end, then goes on live', async () => {
    let frame: ((t: number) => void) | null = null
    const requestFrame: RequestFrame = (cb) => {
      frame = cb
      return () => (frame = null)
    }
    const store = createSimulationStore({ browsers: [ALICE], requestFrame, speed: 100 })
    const { actions } = store.getState()
    const t0 = await recordTwoVisits(store)
    const recorded = store.getState().world.actions().length
    actions.seek(t0 + 5_000)
    actions.play()
    frame!(0)
    frame!(100) // +10 s: over the second send, which is replayed, not lost
    const world = store.getState().world
    expect(world.now()).toBe(t0 + 15_000)
    expect(world.sessions()[0]?.data.views).toBe(2)
    expect(world.history()).toMatchObject({ latest: t0 + 20_000, fork: null })
    frame!(200) // +10 s: past the end of the recording, on live
    expect(world.now()).toBe(t0 + 25_000)
    expect(world.history()).toMatchObject({ latest: t0 + 25_000, ahead: 0, fork: null })
    expect(world.actions().length).toBeGreaterThan(recorded)
    actions.pause()
  })

  it('a new action after scrubbing back forks the timeline, says so in the view, and can be undone', async () => {
    const store = createSimulationStore({ browsers: [ALICE, BOB] })
    const { actions } = store.getState()
    const t0 = await recordTwoVisits(store)
    actions.seek(t0 + 5_000)
    await tick()
    expect(store.getState().view).toMatchObject({ ahead: 3, fork: null })
    await actions.send('bob')
    await tick()
    expect(store.getState().view).toMatchObject({ ahead: 0, latest: t0 + 5_000, fork: { at: t0 + 5_000, actions: 3, latest: t0 + 20_000 } })
    expect(actions.undoFork()).toBe(true)
    await tick()
    expect(store.getState().view).toMatchObject({ now: t0 + 5_000, latest: t0 + 20_000, ahead: 3, fork: { at: t0 + 5_000, actions: 1 } })
    expect(store.getState().view.sessions).toHaveLength(1)
    expect(actions.advance(15_000)).toBe(true)
    await tick()
    expect(store.getState().view.sessions[0]?.data.views).toBe(2)
    expect(actions.forgetFork()).toBe(true)
    await tick()
    expect(store.getState().view.fork).toBeNull()
    expect(actions.undoFork()).toBe(false)
    expect(store.getState().error).toMatch(/no fork to undo/)
  })

  it('with store latency a sent request is in the view at once, as in flight, until its response ends', async () => {
    const store = createSimulationStore({ world: { faults: { latency: 500 } }, browsers: [ALICE, BOB] })
    const { actions } = store.getState()
    const t0 = store.getState().world.now()
    const done = actions.send('alice', { path: '/whoami' })
    await tick()
    expect(store.getState().view.pending).toEqual([
      { exchange: 1, browser: 'alice', sentAt: t0, request: expect.objectContaining({ method: 'GET', path: '/whoami' }) },
    ])
    expect(store.getState().trace).toHaveLength(0)
    actions.advance(500)
    expect((await done)?.response.status).toBe(200)
    await tick()
    expect(store.getState().view.pending).toEqual([])
    expect(store.getState().trace.at(-1)).toMatchObject({ kind: 'exchange', exchange: 1 })
  })
})

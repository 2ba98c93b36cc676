import { describe, expect, it } from 'vitest'
import { captureWorld, restoreRecording } from './recording.ts'
import { parseRecording } from './action-schema.ts'
import { SIM_QUIRKS } from './sim-quirks.ts'
import { createWorld, type WorldOptions } from './world.ts'

const UA = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'

function world(options: WorldOptions = {}) {
  const w = createWorld(options)
  w.addBrowser({ name: 'alice', userAgent: UA, ip: '192.0.2.10' })
  return w
}

describe('a world in 2010 mode', () => {
  it('runs the library with the quirks: 2010 ids, and logout answered with a 500', async () => {
    const w = world({ quirks: '2010' })
    const first = await w.send('alice', { path: '/' })
    expect(first.sessionId).toMatch(/^[0-9a-f]{4,28}$/)
    const logout = await w.send('alice', { method: 'POST', path: '/logout' })
    expect(logout.response.status).toBe(500)
    const today = world()
    await today.send('alice', { path: '/' })
    expect((await today.send('alice', { method: 'POST', path: '/logout' })).response.status).not.toBe(500)
  })

  it('repeats itself: the same seed gives the same 2010 ids', async () => {
    const ids = async () => (await world({ quirks: ['math-random-ids'], seed: 7 }).send('alice', { path: '/' })).sessionId
    expect(await ids()).toBe(await ids())
  })

  it('switches quirks on and off through configure, and writes them down in a recording', async () => {
    const w = world()
    w.configure({ quirks: ['math-random-ids'] })
    expect((await w.send('alice', { path: '/' })).sessionId).toMatch(/^[0-9a-f]{4,28}$/)
    w.configure({ quirks: [] })
    w.clearCookies('alice')
    expect((await w.send('alice', { path: '/' })).sessionId).toMatch(/^[0-9a-f]{32}$/)
    const recording = parseRecording(JSON.parse(JSON.stringify(captureWorld(w))))
    expect(recording.actions.filter((a) => a.kind === 'configure').map((a) => (a as { quirks?: unknown }).quirks)).toEqual([['math-random-ids'], []])
    expect(restoreRecording(recording).sessions().map((s) => s.id)).toEqual(w.sessions().map((s) => s.id))
  })

  it('refuses quirks it cannot run, saying why, and unknown ids', () => {
    expect(() => createWorld({ quirks: ['tombstones'] })).toThrow(/cannot run in a simulated world: the simulator's store mirror/)
    expect(() => world().configure({ quirks: ['nope' as never] })).toThrow(/unknown quirk "nope"/)
    expect(SIM_QUIRKS).toContain('destroy-answers-500')
    expect(SIM_QUIRKS).not.toContain('async-decoder')
  })
})

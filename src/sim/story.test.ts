import { describe, expect, it } from 'vitest'
import { loadScenario, runScenario, type Scenario } from './scenario.ts'
import { changesBetween, checkStoryTimes, StoryTape } from './story.ts'
import type { World } from './world.ts'

const files = import.meta.glob('../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>
const shipped = Object.entries(files).map(([path, json]) => ({ name: path.split('/').pop() as string, scenario: loadScenario(json) }))

function reading(world: World): string {
  return JSON.stringify({ now: world.now(), sessions: world.sessions(), browsers: world.browsers() })
}

describe('every shipped scenario as a story', () => {
  it('has 20 scenarios to play', () => {
    expect(shipped).toHaveLength(20)
  })

  for (const { name, scenario } of shipped) {
    describe(name, () => {
      it('gives each action an instant of its own, and a note', () => {
        expect(checkStoryTimes(scenario)).toEqual([])
        expect(scenario.actions.filter((a) => a.note === undefined || a.note.trim() === '').map((a) => a.kind)).toEqual([])
      })

      it('plays to the end one action at a time, ending as the scenario does', () => {
        const tape = new StoryTape(scenario)
        let steps = 0
        while (tape.forward()) steps++
        expect(steps).toBe(scenario.actions.length)
        expect(tape.forward()).toBe(false)
        const run = runScenario(scenario)
        expect(reading(tape.world)).toBe(reading(run.world))
        expect(JSON.stringify(tape.world.trace())).toBe(JSON.stringify(run.world.trace()))
        // Every send has its exchange by the end, the same one the scenario run saw.
        scenario.actions.forEach((a, i) => {
          const step = tape.step(i)
          expect(step?.refused).toBeNull()
          if (a.kind === 'send') expect(step?.exchange?.seq).toBe(run.steps[i]?.exchange?.seq)
        })
      })

      it('steps back to exactly the state each earlier step left, and forward again', () => {
        const tape = new StoryTape(scenario)
        const forward: string[] = [reading(tape.world)]
        while (tape.forward()) forward.push(reading(tape.world))
        for (let k = scenario.actions.length - 1; k >= 0; k--) {
          expect(tape.back()).toBe(true)
          expect(tape.position).toBe(k)
          expect(reading(tape.world)).toBe(forward[k])
        }
        expect(tape.back()).toBe(false)
        tape.goTo(scenario.actions.length)
        expect(reading(tape.world)).toBe(forward[scenario.actions.length])
      })
    })
  }
})

describe('leaving a story and resuming it', () => {
  const zombie = shipped.find((s) => s.name === 'idle-expiry-zombie.json')?.scenario as Scenario
  const lost = shipped.find((s) => s.name === 'lost-update.json')?.scenario as Scenario

  it('comes back to the step left after the reader acted freely, and plays on to the same end', () => {
    const tape = new StoryTape(zombie)
    tape.goTo(3)
    const atStep = reading(tape.world)
    tape.leave()
    tape.world.send('bob')
    tape.world.advance(90_000)
    tape.world.setIp('alice', '203.0.113.9')
    expect(reading(tape.world)).not.toBe(atStep)
    tape.resume()
    expect(tape.position).toBe(3)
    expect(reading(tape.world)).toBe(atStep)
    tape.goTo(zombie.actions.length)
    expect(reading(tape.world)).toBe(reading(runScenario(zombie).world))
  })

  it('rebuilds the step when the reader went back before it and changed the past', () => {
    const tape = new StoryTape(zombie)
    tape.goTo(4)
    const atStep = reading(tape.world)
    tape.leave()
    tape.world.seek(tape.world.startTime() + 1500)
    tape.world.clearCookies('alice')
    tape.resume()
    expect(tape.position).toBe(4)
    expect(reading(tape.world)).toBe(atStep)
  })

  it('a request held by a slow store gets its exchange when it ends, even after stepping back over it', () => {
    const tape = new StoryTape(lost)
    tape.goTo(3)
    expect(tape.step(2)?.exchange).toBeNull()
    expect(tape.step(2)?.pending).not.toBeNull()
    tape.back()
    tape.forward()
    tape.forward()
    // The advance after the second send is where both responses end.
    expect(tape.step(2)?.exchange).toBeNull()
    tape.forward()
    expect(tape.step(2)?.exchange?.response.body).toBe('views: 2')
    expect(tape.step(3)?.exchange?.response.body).toBe('views: 2')
  })

  it('refuses a step outside the story', () => {
    const tape = new StoryTape(lost)
    expect(() => tape.goTo(99)).toThrow(/runs from 0 to 7/)
    expect(tape.position).toBe(0)
  })
})

describe('changesBetween', () => {
  it('tells rows added, removed and touched, and cookies set, changed and gone', () => {
    const s = (key: string, lastAccess: number) => ({ key, id: key, lastAccess, data: { id: key, lastAccess } })
    const c = (name: string, value: string, expires: number | null) => ({ name, value, path: '/', expires, httpOnly: true, secure: false })
    const before = { sessions: [s('a', 1), s('b', 1), s('c', 1)], browsers: [{ name: 'x', userAgent: 'u', ip: '1.1.1.1', cookies: [c('sid', 'a', 10), c('old', 'z', null)] }] }
    const after = { sessions: [s('a', 1), s('b', 5), s('d', 5)], browsers: [{ name: 'x', userAgent: 'u', ip: '1.1.1.1', cookies: [c('sid', 'a', 20), c('new', 'n', null)] }] }
    const changes = changesBetween(before, after)
    expect(changes.added.map((r) => r.key)).toEqual(['d'])
    expect(changes.removed.map((r) => r.key)).toEqual(['c'])
    expect(changes.touched.map((r) => r.key)).toEqual(['b'])
    expect(changes.cookies).toEqual([
      { browser: 'x', name: 'sid', change: 'changed', value: 'a', expires: 20 },
      { browser: 'x', name: 'new', change: 'set', value: 'n', expires: null },
      { browser: 'x', name: 'old', change: 'gone', value: null, expires: null },
    ])
  })
})

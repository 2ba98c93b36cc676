import { describe, expect, it } from 'vitest'
import { loadScenario } from '../sim/index.ts'
import persistenceJson from '../../content/scenarios/persistence.json'
import { createStoryStores } from './story-store.ts'

const persistence = loadScenario(persistenceJson)

function where(stores: ReturnType<typeof createStoryStores>) {
  const { position, phase, mode } = stores.story.getState()
  return { position, phase, mode }
}

describe('a story store', () => {
  it('walks a send through its three phases, then the next action; back undoes it phase by phase', () => {
    const stores = createStoryStores(persistence)
    const { actions } = stores.story.getState()
    expect(where(stores)).toEqual({ position: 0, phase: 0, mode: 'story' })
    expect(actions.back()).toBe(false)
    expect(actions.next()).toBe(true)
    expect(where(stores)).toMatchObject({ position: 1, phase: 1 })
    expect(stores.story.getState().step?.exchange?.response.body).toBe('views: 1')
    actions.next()
    actions.next()
    expect(where(stores)).toMatchObject({ position: 1, phase: 3 })
    actions.next()
    // An advance has no phases.
    expect(where(stores)).toMatchObject({ position: 2, phase: 0 })
    expect(stores.story.getState().step?.note).toBe('a minute passes')
    actions.back()
    expect(where(stores)).toMatchObject({ position: 1, phase: 3 })
    actions.back()
    actions.back()
    actions.back()
    expect(where(stores)).toMatchObject({ position: 0, phase: 0 })
    expect(stores.simulation.getState().world.sessions()).toEqual([])
  })

  it('plays to the end and stops there', () => {
    const stores = createStoryStores(persistence)
    const { actions } = stores.story.getState()
    let moves = 0
    while (actions.next()) moves++
    // Four sends of three phases, two advances of one.
    expect(moves).toBe(4 * 3 + 2)
    expect(where(stores)).toMatchObject({ position: 6, phase: 3 })
    expect(stores.story.getState().step?.exchange?.response.body).toBe('anonymous')
  })

  it('is left for free play and resumed at the step it was left at', () => {
    const stores = createStoryStores(persistence)
    const { actions } = stores.story.getState()
    actions.next()
    actions.next()
    actions.next()
    actions.next()
    const world = stores.simulation.getState().world
    const before = JSON.stringify(world.sessions())
    actions.leave()
    expect(where(stores).mode).toBe('free')
    // Away from the story, stepping does nothing; the world is the reader's.
    expect(actions.next()).toBe(false)
    void stores.simulation.getState().actions.send('alice')
    stores.simulation.getState().actions.advance(5 * 60_000)
    expect(JSON.stringify(world.sessions())).not.toBe(before)
    expect(actions.resume()).toBe(true)
    expect(where(stores)).toMatchObject({ position: 2, mode: 'story' })
    expect(JSON.stringify(world.sessions())).toBe(before)
    actions.next()
    expect(stores.story.getState().step?.exchange?.response.body).toBe('views: 2')
  })
})

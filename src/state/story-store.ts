import { createStore, type StoreApi } from 'zustand/vanilla'
import { StoryTape } from '../sim/index.ts'
import type { Scenario, StoryStep } from '../sim/index.ts'
import { createSimulationStore, type SimulationStore } from './simulation-store.ts'
import { nextTask } from './next-task.ts'

/**
 * Where in a send the story stands: 1 the browser sends, 2 the middleware decides, 3 the store changes. Other actions
 * (and the start) have no phases: 0.
 */
export type StoryPhase = 0 | 1 | 2 | 3

/** The names of a send's three phases, in order. */
export const PHASE_NAMES = ['the browser sends', 'the middleware decides', 'the store changes'] as const

export interface StoryState {
  readonly title: string
  readonly description: string
  /** How many actions the story has. */
  readonly length: number
  /** How many actions have been applied (0: none yet). */
  readonly position: number
  readonly phase: StoryPhase
  /** 'story' while stepping; 'free' once the reader left the story to act in the world. */
  readonly mode: 'story' | 'free'
  /** The step that brought the story where it is (the action at position - 1), or null at the start. */
  readonly step: StoryStep | null
  /** Why the last story action could not be done, or null. */
  readonly error: string | null
  readonly actions: StoryActions
}

export interface StoryActions {
  /** The next phase of a send, or the next action; false at the end (or while away from the story). */
  next(): boolean
  /** The previous phase, or the state before the action; false at the start (or while away from the story). */
  back(): boolean
  /** Back to the start of the story. */
  restart(): boolean
  /** Leaves the story at this step: the world is live for the reader to act in. */
  leave(): void
  /** Comes back to the step the story was left at. */
  resume(): boolean
}

/** A story and the simulation it plays in: widgets read the simulation as they read any other. */
export interface StoryStores {
  readonly story: StoreApi<StoryState>
  readonly simulation: SimulationStore
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Checks a scenario file (JSON text or a parsed value) and makes a story of it; throws the loader's ScenarioError,
 * which names what is wrong. Asynchronous because the scenario schema (and its validator) loads on first use.
 */
export async function loadStory(json: unknown): Promise<StoryStores> {
  const { loadScenario } = await import('../sim/scenario.ts')
  const scenario = loadScenario(json)
  // Checking the file and building its world are each a long stretch on a slow phone: apart, neither holds the page.
  await nextTask()
  return createStoryStores(scenario)
}

/**
 * Creates a story of a scenario: a world of its own, wrapped in a simulation store (so the usual widgets show it),
 * and the story's own state (position, phase, mode) with the actions that move it.
 */
export function createStoryStores(scenario: Scenario): StoryStores {
  const tape = new StoryTape(scenario)
  const simulation = createSimulationStore({ existing: tape.world, speed: 1000 })

  const isSend = (position: number): boolean => scenario.actions[position - 1]?.kind === 'send'
  const stepAt = (position: number): StoryStep | null => (position === 0 ? null : tape.step(position - 1))
  const go = (phase: StoryPhase): void => story.setState({ position: tape.position, phase, step: stepAt(tape.position), error: null })
  const attempt = (change: () => boolean): boolean => {
    try {
      return change()
    } catch (err) {
      story.setState({ error: messageOf(err) })
      return false
    }
  }

  const actions: StoryActions = {
    next: () =>
      attempt(() => {
        const { mode, position, phase } = story.getState()
        if (mode !== 'story') return false
        if (isSend(position) && phase > 0 && phase < 3) {
          go((phase + 1) as StoryPhase)
          return true
        }
        if (!tape.forward()) return false
        simulation.getState().actions.pause()
        go(isSend(tape.position) ? 1 : 0)
        return true
      }),
    back: () =>
      attempt(() => {
        const { mode, position, phase } = story.getState()
        if (mode !== 'story') return false
        if (isSend(position) && phase > 1) {
          go((phase - 1) as StoryPhase)
          return true
        }
        if (!tape.back()) return false
        go(isSend(tape.position) ? 3 : 0)
        return true
      }),
    restart: () =>
      attempt(() => {
        if (story.getState().mode !== 'story') return false
        tape.goTo(0)
        go(0)
        return true
      }),
    leave() {
      if (story.getState().mode === 'free') return
      try {
        tape.leave()
        story.setState({ mode: 'free', error: null })
      } catch (err) {
        story.setState({ error: messageOf(err) })
      }
    },
    resume: () =>
      attempt(() => {
        if (story.getState().mode !== 'free') return false
        simulation.getState().actions.pause()
        tape.resume()
        story.setState({ mode: 'story', position: tape.position, step: stepAt(tape.position), error: null })
        return true
      }),
  }

  const story = createStore<StoryState>()(() => ({
    title: scenario.title,
    description: scenario.description,
    length: tape.length,
    position: 0,
    phase: 0,
    mode: 'story',
    step: null,
    error: null,
    actions,
  }))
  // A response a slow store held ends during a later step; the step that sent it shows it once it has.
  simulation.subscribe(() => {
    const { position, step } = story.getState()
    const now = stepAt(position)
    if (now !== step) story.setState({ step: now })
  })
  return { story, simulation }
}

import { setTimeout as delay } from 'node:timers/promises'

/**
 * Polls `probe` until it returns something other than undefined: for states reached over a real network (a client
 * reconnecting), where no clock can be injected. Bounded in tries and time; throws naming the last outcome.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, tries = 200, pauseMs = 50): Promise<T> {
  let last: unknown
  for (let i = 0; i < tries; i++) {
    try {
      const value = await probe()
      if (value !== undefined) return value
      last = 'undefined'
    } catch (err) {
      last = err
    }
    await delay(pauseMs)
  }
  throw new Error(`state not reached after ${tries} tries ${pauseMs} ms apart; last outcome: ${String(last)}`)
}

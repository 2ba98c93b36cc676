import type { Response } from './http-types.ts'

/**
 * What the application has written to a response that the library still holds back (a session's commit holds the
 * head and body until the store has saved). The server reads it to tell whether a response is already answered,
 * since `headersSent` stays false while the output is held.
 */
export interface HeldOutput {
  /** The application has written the head (or a body, which implies one). */
  readonly started: boolean
  /** The application has ended the response. */
  readonly ended: boolean
}

const HELD = Symbol('sessionscope.held-output')

type WithHeld = Response & { [HELD]?: HeldOutput }

/** Registers the holder of a response's output. */
export function holdOutput(res: Response, held: HeldOutput): void {
  ;(res as WithHeld)[HELD] = held
}

/** True once the application has written the head, whether it has gone out yet or is still held. */
export function responseStarted(res: Response): boolean {
  return res.headersSent || (res as WithHeld)[HELD]?.started === true
}

/** True once the application has ended the response, whether it has gone out yet or is still held. */
export function responseEnded(res: Response): boolean {
  return (res as { writableEnded?: boolean }).writableEnded === true || (res as WithHeld)[HELD]?.ended === true
}

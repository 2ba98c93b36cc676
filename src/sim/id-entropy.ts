// The arithmetic behind guessing a session id: how many ids there are, and how long an attacker who guesses at a
// given rate takes, on average, to land on any one of the sessions a store holds. Today's figure comes from the
// library's own generator (ID_BITS); 2010's from the shape of connect 0.2.1's `utils.uid`.
import { ID_BITS } from '../connect/index.ts'

/** Bits of randomness in one id from the library's generator today. */
export const TODAY_ID_BITS: number = ID_BITS

/** 2010's `utils.uid` joined this many chunks... */
export const LEGACY_CHUNKS = 4
/** ...each `Math.floor(Math.random() * 0x0FFFFFFF)` written in hex, so one of this many values (0 to 0x0FFFFFFE). */
export const LEGACY_CHUNK_VALUES = 0x0fffffff

/** Bits a 2010 id would carry if `Math.random` were perfect: four chunks of log2(0x0FFFFFFF) bits each. */
export const LEGACY_ID_BITS: number = LEGACY_CHUNKS * Math.log2(LEGACY_CHUNK_VALUES)

/**
 * The most a 2010 id could really carry: V8's `Math.random` of the time (MWC1616) kept 64 bits of state, and each id
 * is a function of that state, so there were at most 2^64 different ids whatever their length.
 */
export const LEGACY_STATE_BITS = 64

/** The shortest and longest 2010 id, in hex characters (a chunk is written without leading zeros). */
export const LEGACY_ID_LENGTH = { min: LEGACY_CHUNKS, max: LEGACY_CHUNKS * 7 } as const

/** The share of 2010 ids that are the full 28 characters: each chunk needs a value of at least 0x1000000. */
export const LEGACY_FULL_LENGTH_SHARE: number = ((LEGACY_CHUNK_VALUES - 0x1000000) / LEGACY_CHUNK_VALUES) ** LEGACY_CHUNKS

/** A brute-force estimate: the inputs and what follows from them. */
export interface GuessEstimate {
  /** Bits per id. */
  readonly bits: number
  /** Live sessions the attacker may hit (any one will do). */
  readonly live: number
  /** Guesses per second. */
  readonly rate: number
  /** Chance that one guess hits a live session: live / 2^bits. */
  readonly perGuess: number
  /** Expected guesses to the first hit: 2^bits / live (Infinity with no live session). */
  readonly guesses: number
  /** Expected seconds to the first hit: 2^bits / (live × rate) (Infinity with no live session). */
  readonly seconds: number
}

/**
 * The expected time to guess any one of `live` session ids of `bits` random bits each at `rate` guesses a second:
 * each guess hits with probability live / 2^bits, so the first hit takes 2^bits / live guesses on average.
 * Throws a RangeError naming the input that cannot be used.
 */
export function estimateGuessing(bits: number, live: number, rate: number): GuessEstimate {
  if (!Number.isFinite(bits) || bits <= 0 || bits > 1024) throw new RangeError(`bits per id must be a number above 0 and at most 1024; got ${String(bits)}`)
  if (!Number.isInteger(live) || live < 0) throw new RangeError(`live sessions must be a whole number ≥ 0; got ${String(live)}`)
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`guesses per second must be a number above 0; got ${String(rate)}`)
  const space = 2 ** bits
  const perGuess = Math.min(1, live / space)
  const guesses = live === 0 ? Infinity : Math.max(1, space / live)
  return { bits, live, rate, perGuess, guesses, seconds: guesses / rate }
}

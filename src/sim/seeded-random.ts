import { quote } from './quote.ts'

/** The whole state of a generator: four 32-bit words, enough to resume it exactly. */
export type RandomState = readonly [number, number, number, number]

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, period at least 2^32, fast in
 * plain JavaScript integer arithmetic. Seeded through splitmix32 so nearby seeds give unrelated streams. Not for
 * secrets: it exists so the simulator is reproducible.
 */
export class SeededRandom {
  #a: number
  #b: number
  #c: number
  #d: number

  /** A generator for `seed`; `stream` picks an independent sequence for the same seed. */
  constructor(seed: number, stream = 0) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`seed must be a finite number; got ${quote(seed)}`)
    let s = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.#a = next()
    this.#b = next()
    this.#c = next()
    this.#d = next()
    // The first outputs of sfc32 still echo the seed; the reference implementation discards a dozen.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const a = this.#a
    const b = this.#b
    const c = this.#c
    const d = this.#d
    const t = (((a + b) | 0) + d) | 0
    this.#d = (d + 1) | 0
    this.#a = b ^ (b >>> 9)
    this.#b = (c + (c << 3)) | 0
    this.#c = (((c << 21) | (c >>> 11)) + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296
  }

  /** 32 lowercase hex digits (128 bits), the shape of the library's own ids. */
  nextHexId(): string {
    let id = ''
    for (let i = 0; i < 4; i++) {
      const x = this.nextUint32()
      id += (HEX_BYTE[x >>> 24] as string) + (HEX_BYTE[(x >>> 16) & 255] as string) + (HEX_BYTE[(x >>> 8) & 255] as string) + (HEX_BYTE[x & 255] as string)
    }
    return id
  }

  /** A copy of the state, for checkpoints. */
  state(): RandomState {
    return [this.#a, this.#b, this.#c, this.#d]
  }

  /** Resumes from a state taken with `state()`. */
  restore(state: RandomState): void {
    this.#a = state[0] | 0
    this.#b = state[1] | 0
    this.#c = state[2] | 0
    this.#d = state[3] | 0
  }
}

/** A session id generator drawing 32-hex ids from a seeded generator: the simulator's `genid`. */
export function seededGenid(random: SeededRandom): () => string {
  return () => random.nextHexId()
}

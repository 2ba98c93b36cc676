// The pure-JS build on every platform: under Node the package entry would route to node:crypto, a second code path
// (and a slower one for short strings); this way Node tests exercise exactly what browsers run.
import { md5 as md5Hash } from 'js-md5/build/md5.mjs'
import { latin1Bytes } from './quirks.ts'

// ES2024 string methods that Node 20 and current browsers have; the project's lib stays at ES2023 so nothing newer slips in.
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string }

// Char codes of the hex digits, and one array of a digest's 32 codes reused by every call: a hash is then one
// string allocation, where building it a digit at a time made 31 intermediate strings per hash.
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0))
const codes: number[] = new Array<number>(32).fill(48)

/** A digest as lowercase hex, two digits per byte in order. */
function hexOf(digest: readonly number[]): string {
  for (let i = 0; i < 16; i++) {
    const byte = digest[i] as number
    codes[2 * i] = HEX_CODES[byte >> 4] as number
    codes[2 * i + 1] = HEX_CODES[byte & 15] as number
  }
  return String.fromCharCode(...codes)
}

/** Lowercase hex MD5 of a string's UTF-8 bytes (2010 hashed latin-1: Q9 on the site's "What changed since 2010" page). */
export function md5(text: string): string {
  const s = text as string & WellFormed
  // A lone surrogate has no UTF-8 form; hash it as U+FFFD like node:crypto does, on every code path.
  return hexOf(md5Hash.digest(s.isWellFormed() ? text : s.toWellFormed()))
}

/** Lowercase hex MD5 of each UTF-16 unit's low 8 bits, as Node 0.2 hashed a string given without an encoding (quirk Q9). */
export function md5Latin1(text: string): string {
  return hexOf(md5Hash.digest(latin1Bytes(text)))
}

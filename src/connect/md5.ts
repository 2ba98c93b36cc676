// The pure-JS build on every platform: under Node the package entry would route to node:crypto, a second code path
// (and a slower one for short strings); this way Node tests exercise exactly what browsers run.
import { md5 as md5Hash } from 'js-md5/build/md5.mjs'
import { latin1Bytes } from './quirks.ts'

// ES2024 string methods that Node 20 and current browsers have; the project's lib stays at ES2023 so nothing newer slips in.
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string }

/** Lowercase hex MD5 of a string's UTF-8 bytes (2010 hashed latin-1: Q9 on the site's "What changed since 2010" page). */
export function md5(text: string): string {
  const s = text as string & WellFormed
  // A lone surrogate has no UTF-8 form; hash it as U+FFFD like node:crypto does, on every code path.
  return md5Hash(s.isWellFormed() ? text : s.toWellFormed())
}

/** Lowercase hex MD5 of each UTF-16 unit's low 8 bits, as Node 0.2 hashed a string given without an encoding (quirk Q9). */
export function md5Latin1(text: string): string {
  return md5Hash(latin1Bytes(text))
}

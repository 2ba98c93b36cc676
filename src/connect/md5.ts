import { md5 as md5Hash } from 'js-md5'

/** Lowercase hex MD5 of a string's UTF-8 bytes (2010 hashed latin-1; SPEC fixes Q9). */
export function md5(text: string): string {
  // A lone surrogate has no UTF-8 form; hash it as U+FFFD like node:crypto does, on every code path.
  return md5Hash(text.isWellFormed() ? text : text.toWellFormed())
}

import { deserialize, serialize } from 'node:v8'
import type { PlainData } from '../../connect/index.ts'
import { copyPlainData } from '../../connect/internal.ts'

/**
 * Thrown (and handed to callbacks) when what Redis holds under a session key is not session data this store wrote:
 * the session is reported as an error, never loaded in part.
 */
export class StoredSessionError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`the Redis value of session ${key} ${problem}; destroy it (or clear the store) to start that session again`)
    this.name = 'StoredSessionError'
  }
}

/**
 * Copies session data by MemoryStore's rule and encodes the copy for Redis. V8's serialisation keeps exactly what
 * that copy keeps (Dates, undefined, NaN, -0, holes, an own `__proto__` key), so a session reads back as MemoryStore
 * would have handed it out. Throws the library's SessionDataError for data that is not plain, before any write.
 */
export function encodeSession(data: PlainData): { copy: PlainData; bytes: Buffer } {
  const copy = copyPlainData(data)
  return { copy, bytes: serialize(copy) }
}

/** Decodes a stored value in full, or throws a StoredSessionError saying why it is not session data. */
export function decodeSession(key: string, stored: Buffer): PlainData {
  let value: unknown
  try {
    value = deserialize(stored)
  } catch {
    throw new StoredSessionError(key, 'cannot be decoded (it was not written by RedisStore)')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new StoredSessionError(key, `is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'not a plain object' : `a ${typeof value}`}, not a session object`)
  }
  try {
    // The same check MemoryStore applies on the way in: a Map, a RegExp or a class instance anywhere fails the whole value.
    return copyPlainData(value)
  } catch (err) {
    throw new StoredSessionError(key, `holds something that is not plain data (${(err as Error).message})`)
  }
}

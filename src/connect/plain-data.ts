/** Session data as stores keep it: plain objects, arrays, strings, numbers, booleans, null and Dates. */
export type PlainData = Record<string, unknown>

/** Thrown when session data holds something a store cannot keep as plain data. */
export class SessionDataError extends TypeError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`session data at ${path} ${problem}; keep only plain objects, arrays, strings, numbers, booleans, null and Dates`)
    this.name = 'SessionDataError'
  }
}

/**
 * Copies the own enumerable data of an object deeply, so a store never shares objects with a request (fixes Q13/Q14).
 * Functions, symbols, class instances and cycles are refused with a SessionDataError naming the path.
 */
export function copyPlainData(source: object): PlainData {
  return copyObject(source as Record<string, unknown>, 'session', [])
}

function copyObject(src: Record<string, unknown>, path: string, seen: object[]): PlainData {
  // Spreading copies every own enumerable key in one step (V8 clones the shape); only values that are not
  // strings, numbers or booleans need a second look. An own `__proto__` key stays data under spread.
  const out: PlainData = { ...src }
  for (const key in out) {
    const value = out[key]
    const t = typeof value
    if (t === 'string' || t === 'number' || t === 'boolean' || value === null || value === undefined) continue
    if (!Object.hasOwn(out, key)) continue
    const copied = copyValue(value, path, key, seen, src)
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true })
    else out[key] = copied
  }
  return out
}

function copyValue(value: unknown, parentPath: string, key: string, seen: object[], parent: object): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value
    case 'number':
      return value
    case 'object':
      break
    default:
      throw new SessionDataError(childPath(parentPath, key), `is a ${typeof value}`)
  }
  if (value === null) return null
  const path = childPath(parentPath, key)
  if (value instanceof Date) return new Date(value.getTime())
  if (seen.includes(value) || value === parent) throw new SessionDataError(path, 'refers back to itself')
  if (seen.length > 64) throw new SessionDataError(path, 'is nested more than 64 levels deep')
  seen.push(parent)
  try {
    if (Array.isArray(value)) {
      const arr = new Array<unknown>(value.length)
      for (let i = 0; i < value.length; i++) arr[i] = copyValue(value[i], path, String(i), seen, value)
      return arr
    }
    const proto = Object.getPrototypeOf(value) as unknown
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object'
      throw new SessionDataError(path, `is an instance of ${name}`)
    }
    return copyObject(value as Record<string, unknown>, path, seen)
  } finally {
    seen.pop()
  }
}

function childPath(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`
}

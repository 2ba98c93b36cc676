// How the simulator's error messages show what a user gave it: a pasted 10 MB User-Agent must not become a 10 MB
// error message, and a line break in a value must not break the message's line.

/** Characters of user input an error message shows before it cuts the rest. */
export const QUOTE_LIMIT = 60

/**
 * User input as an error message shows it: strings JSON-quoted (so spaces and line breaks are visible), anything
 * else as its value or its kind; past `limit` characters, cut and followed by how much was left out.
 */
export function quote(value: unknown, limit: number = QUOTE_LIMIT): string {
  if (typeof value === 'string') {
    if (value.length <= limit) return JSON.stringify(value)
    return `${JSON.stringify(value.slice(0, limit))}… (${value.length - limit} more characters)`
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) {
    return String(value)
  }
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    text = undefined
  }
  if (text === undefined) return Array.isArray(value) ? 'an array' : 'an object'
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`
}

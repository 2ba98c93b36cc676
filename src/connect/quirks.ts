// 2010 mode: the bugs of connect 0.2.1 brought back on purpose, one id per fix on the site's /changes page. Every
// part that had 2010 behaviour (session, MemoryStore, cookieDecoder, createServer) takes `quirks: '2010' | Quirk[]`
// and applies the ids that concern it; one list can therefore be handed to all four. Quirks are resolved once, at
// construction: a part built without them runs exactly the code it ran before 2010 mode existed.

/** Where a quirk lives: which constructor applies it. */
export type QuirkPart = 'session' | 'MemoryStore' | 'cookieDecoder' | 'createServer'

/** Every quirk 2010 mode can bring back, with the part(s) that apply it and the /changes entry that fixed it. */
export const QUIRKS = {
  'shared-global-store': { parts: ['session'], fix: 'q1', label: 'Every session() uses the store of the last session() made' },
  'broken-default-store': { parts: ['session'], fix: 'q2', label: 'session() without a store throws a TypeError' },
  'destroy-answers-500': { parts: ['session'], fix: 'q3', label: 'Destroying the session makes the response a 500' },
  tombstones: { parts: ['MemoryStore'], fix: 'q4', label: 'Destroy stores null: length counts it, the reaper throws on it' },
  'destroy-no-result': { parts: ['MemoryStore'], fix: 'q5', label: 'destroy calls back with no arguments' },
  'object-map': { parts: ['MemoryStore'], fix: 'q6', label: 'Sessions live in a plain object looked up with `in`' },
  'prototype-cookie-names': { parts: ['cookieDecoder'], fix: 'q7', label: 'Cookies named __proto__, constructor or map vanish' },
  'math-random-ids': { parts: ['session'], fix: 'q8', label: 'Ids are four Math.random hex chunks (4 to 28 characters)' },
  'latin1-fingerprint': { parts: ['session'], fix: 'q9', label: 'The default fingerprint hashes each character’s low 8 bits' },
  'leaking-timer': { parts: ['MemoryStore'], fix: 'q10', label: 'The reaper cannot be stopped and keeps Node running; 0 means the default' },
  'writehead-drops-headers': { parts: ['session'], fix: 'q11', label: 'writeHead passes on two arguments and overwrites Set-Cookie' },
  'fire-and-forget-save': { parts: ['session'], fix: 'q12', label: 'The response goes out without waiting for the save' },
  'aliasing-store': { parts: ['session', 'MemoryStore'], fix: 'q13', label: 'The store keeps the live session object (and its request)' },
  'fixation-on-store-error': { parts: ['session'], fix: 'q16', label: 'A store error saves and echoes the client’s id' },
  'secure-over-http': { parts: ['session'], fix: 'q17', label: 'A secure cookie is sent over plain HTTP too' },
  'async-decoder': { parts: ['cookieDecoder'], fix: 'q18', label: 'cookieDecoder calls next later when there is a header' },
  'decoder-deletes-header': { parts: ['cookieDecoder'], fix: 'q19', label: 'cookieDecoder resets req.cookies and deletes the header' },
  'data-shadows-methods': { parts: ['session'], fix: 'q21', label: 'Loaded data can replace touch, destroy and regenerate' },
  'errno-not-found': { parts: ['createServer'], fix: 'q23', label: 'An error whose errno equals process.ENOENT becomes a 404' },
  'mounted-errors-swallowed': { parts: ['createServer'], fix: 'q24', label: 'A mounted app’s error turns into the outer 404' },
  'assertion-rethrown': { parts: ['createServer'], fix: 'q25', label: 'An AssertionError is thrown past every error handler' },
  'original-url-rewritten': { parts: ['createServer'], fix: 'q25', label: 'req.originalUrl is rewritten on every next()' },
  'silent-without-decoder': { parts: ['session'], fix: 'missing-cookie-decoder', label: 'Without cookieDecoder, session() silently does nothing' },
} as const satisfies Record<string, { parts: readonly QuirkPart[]; fix: string; label: string }>

/** The id of one 2010 quirk. */
export type Quirk = keyof typeof QUIRKS

/** Every quirk id, in the order of the /changes page. */
export const QUIRK_IDS: readonly Quirk[] = Object.freeze(Object.keys(QUIRKS) as Quirk[])

/** What the `quirks` option takes: `'2010'` for every quirk, or the ids to bring back. */
export type QuirksOption = '2010' | readonly Quirk[]

/** Thrown for a `quirks` option that is neither `'2010'` nor a list of known quirk ids. */
export class QuirkError extends TypeError {
  constructor(
    readonly owner: string,
    readonly value: unknown,
    message: string,
  ) {
    super(`${owner}: ${message}`)
    this.name = 'QuirkError'
  }
}

/** The resolved quirks of one part: a set, empty when 2010 mode is off. */
export type QuirkSet = ReadonlySet<Quirk>

const NONE: QuirkSet = new Set()

/**
 * Resolves a `quirks` option to the set of ids that concern `part`, or throws a QuirkError naming the bad id. A
 * list may hold ids of other parts (so one list serves all four); they are ignored here.
 */
export function resolveQuirks(value: unknown, part: QuirkPart, owner: string = part): QuirkSet {
  if (value === undefined) return NONE
  let ids: readonly Quirk[]
  if (value === '2010') ids = QUIRK_IDS
  else if (Array.isArray(value)) {
    for (const id of value as unknown[]) {
      if (typeof id !== 'string' || !Object.hasOwn(QUIRKS, id)) {
        throw new QuirkError(owner, value, `unknown quirk ${JSON.stringify(id) ?? String(id)}; use '2010' for all of them or ids among ${QUIRK_IDS.join(', ')}`)
      }
    }
    ids = value as Quirk[]
  } else {
    throw new QuirkError(owner, value, `quirks must be '2010' or a list of quirk ids; got ${JSON.stringify(value) ?? typeof value}`)
  }
  const mine = ids.filter((id) => (QUIRKS[id].parts as readonly QuirkPart[]).includes(part))
  return mine.length === 0 ? NONE : new Set(mine)
}

/** The ids among `quirks` (resolved as '2010' or a list) that apply to a part: for tools that show which are on. */
export function quirksOf(value: QuirksOption, part?: QuirkPart): Quirk[] {
  const ids = value === '2010' ? QUIRK_IDS : value
  return part === undefined ? [...ids] : ids.filter((id) => (QUIRKS[id].parts as readonly QuirkPart[]).includes(part))
}

/**
 * connect 0.2.1's `utils.uid`: four chunks of `abs((random() * 0xFFFFFFF) | 0)` in lowercase hex, 4 to 28
 * characters (quirk `math-random-ids`). `random` defaults to Math.random; a simulator passes a seeded one.
 */
export function uid2010(random: () => number = Math.random): string {
  let uid = ''
  for (let n = 4; n; --n) uid += Math.abs((random() * 0xfffffff) | 0).toString(16)
  return uid
}

/** The bytes Node 0.2 hashed for a string given without an encoding: each UTF-16 unit's low 8 bits (quirk Q9). */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff
  return bytes
}

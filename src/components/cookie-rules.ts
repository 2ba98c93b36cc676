// Explains how a Cookie header becomes req.cookies by walking through the same steps parseCookie takes, one
// piece at a time, and noting each 2010 rule that changed something. The lab shows parseCookie's own result; this
// module only says why. Its own tally (`cookies`) is tested to equal parseCookie's for any header.
import { decodeCookieValue, type CookieMap } from '../connect/index.ts'

export type RuleId =
  | 'split'
  | 'no-equals'
  | 'name-trimmed'
  | 'name-lowercased'
  | 'value-trimmed'
  | 'quote-stripped'
  | 'plus-to-space'
  | 'percent-decoded'
  | 'malformed-escape'
  | 'duplicate'
  | 'prototype-name'

export interface RuleInfo {
  /** Short name, as the lab's badges show it. */
  label: string
  /** One sentence on what the rule does. */
  description: string
  /** For colouring: which part of the piece the rule touches. */
  kind: 'structure' | 'name' | 'value' | 'outcome'
}

export const RULES: Readonly<Record<RuleId, RuleInfo>> = {
  split: {
    label: 'split on ; or ,',
    description: 'The header is cut at every semicolon or comma, and the spaces after it are dropped.',
    kind: 'structure',
  },
  'no-equals': {
    label: "no '=' → empty name",
    description: 'A piece without an equals sign becomes a cookie with the empty name, and the whole piece is its value.',
    kind: 'structure',
  },
  'name-trimmed': {
    label: 'name trimmed',
    description: 'Whitespace around the name is removed.',
    kind: 'name',
  },
  'name-lowercased': {
    label: 'name lowercased',
    description: 'Names are compared and stored in lower case, so SID and sid are the same cookie.',
    kind: 'name',
  },
  'value-trimmed': {
    label: 'value trimmed',
    description: 'Whitespace around the value is removed.',
    kind: 'value',
  },
  'quote-stripped': {
    label: 'quote stripped',
    description: 'A value that starts with a double quote loses its first and last character, whatever the last one is.',
    kind: 'value',
  },
  'plus-to-space': {
    label: '+ to space',
    description: 'Every plus sign in the value becomes a space, as in a form-encoded query string.',
    kind: 'value',
  },
  'percent-decoded': {
    label: '%XX decoded',
    description: 'Each %XX escape is a byte; runs of bytes are read as UTF-8 (an invalid sequence becomes U+FFFD).',
    kind: 'value',
  },
  'malformed-escape': {
    label: 'malformed escape kept',
    description: 'A % that is not followed by two hex digits stays in the value as it is; nothing throws.',
    kind: 'value',
  },
  duplicate: {
    label: 'duplicate ignored — first wins',
    description: 'A name seen earlier in the header keeps its first value; later pieces with that name are dropped.',
    kind: 'outcome',
  },
  'prototype-name': {
    label: 'ordinary name (2010 dropped it)',
    description:
      'In 2010 this name collided with a property every object inherits, so the cookie vanished. Here it is a cookie like any other.',
    kind: 'outcome',
  },
}

export interface RuleStep {
  rule: RuleId
  /** What the rule was applied to, and what came out (for the name or value rules). */
  before?: string
  after?: string
  /** Extra words for this occurrence, e.g. which separator ended the previous piece. */
  note?: string
}

export interface PieceExplanation {
  /** 0-based position in the header. */
  index: number
  /** The piece exactly as the split left it. */
  raw: string
  /** The separator that came just before this piece, or null for the first one. */
  separator: ';' | ',' | null
  name: string
  /** The decoded value this piece carries (also for a dropped duplicate, to show what was lost). */
  value: string
  /** False for a duplicate: the piece does not reach req.cookies. */
  kept: boolean
  /** Rules that changed something, in the order they ran. */
  steps: RuleStep[]
}

export interface CookieExplanation {
  pieces: PieceExplanation[]
  /** The cookies the pieces add up to: equal to parseCookie's result for any non-empty header. */
  cookies: CookieMap
}

// The same split parseCookie makes, with the separator captured so each piece can say what cut it.
const SPLIT_KEEPING_SEPARATORS = /([;,]) */
const VALID_ESCAPE = /%[0-9a-fA-F]{2}/
const MALFORMED_ESCAPE = /%(?![0-9a-fA-F]{2})/
/** Names that, once lowercased, were inherited by every object in connect 0.2.1 (Object.prototype plus its `map` patch). */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'map'])

/**
 * Walks a Cookie header through parseCookie's steps. An empty header has no pieces (cookieDecoder leaves
 * req.cookies empty for it and never calls the parser).
 */
export function explainCookieHeader(header: string): CookieExplanation {
  const cookies = Object.create(null) as CookieMap
  const pieces: PieceExplanation[] = []
  if (header === '') return { pieces, cookies }
  const parts = header.split(SPLIT_KEEPING_SEPARATORS)
  const several = parts.length > 1
  for (let i = 0; i < parts.length; i += 2) {
    const raw = parts[i] as string
    const separator = i === 0 ? null : (parts[i - 1] as ';' | ',')
    const steps: RuleStep[] = []
    if (several) {
      steps.push({
        rule: 'split',
        note: separator === null ? 'first piece' : `after '${separator}'`,
      })
    }

    // The name: before the first '=', trimmed, lowercased; no '=' at all means the empty name.
    const eq = raw.indexOf('=')
    let name = ''
    if (eq === -1) {
      steps.push({ rule: 'no-equals' })
    } else {
      const rawName = raw.slice(0, eq)
      const trimmed = rawName.trim()
      if (trimmed !== rawName) steps.push({ rule: 'name-trimmed', before: rawName, after: trimmed })
      name = trimmed.toLowerCase()
      if (name !== trimmed) steps.push({ rule: 'name-lowercased', before: trimmed, after: name })
    }
    if (PROTOTYPE_NAMES.has(name)) steps.push({ rule: 'prototype-name' })

    // The value: after the first '=', trimmed, unquoted, then decoded.
    const rawValue = eq === -1 ? raw : raw.slice(eq + 1)
    let value = rawValue.trim()
    if (value !== rawValue) steps.push({ rule: 'value-trimmed', before: rawValue, after: value })
    if (value.charCodeAt(0) === 34 /* " */) {
      const unquoted = value.slice(1, -1)
      steps.push({
        rule: 'quote-stripped',
        before: value,
        after: unquoted,
        ...(value.length < 2 || !value.endsWith('"') ? { note: 'the last character was not a quote' } : {}),
      })
      value = unquoted
    }
    const decoded = decodeCookieValue(value)
    if (value.includes('+')) steps.push({ rule: 'plus-to-space' })
    if (VALID_ESCAPE.test(value)) steps.push({ rule: 'percent-decoded' })
    if (MALFORMED_ESCAPE.test(value)) steps.push({ rule: 'malformed-escape' })
    if (decoded !== value) {
      // Attach the whole decoding's before/after to its first step, so the lab can show it once.
      const first = steps.find((s) => s.rule === 'plus-to-space' || s.rule === 'percent-decoded')
      if (first !== undefined) {
        first.before = value
        first.after = decoded
      }
    }

    const kept = !Object.hasOwn(cookies, name)
    if (kept) cookies[name] = decoded
    else steps.push({ rule: 'duplicate', note: `'${name}' already has a value` })

    pieces.push({ index: pieces.length, raw, separator, name, value: decoded, kept, steps })
  }
  return { pieces, cookies }
}

/** Whether two cookie maps hold the same names with the same values, in the same order. */
export function sameCookies(a: CookieMap, b: CookieMap): boolean {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k])
}

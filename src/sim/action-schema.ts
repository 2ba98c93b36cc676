// The one schema of the action language's data form (actions.ts), and of what holds actions: a world's config and
// browsers, a recording (config + browsers + actions) and so a scenario file and a share link. Kept apart from
// actions.ts so that running a world does not load the validator; whoever reads data from outside loads this.
import { z } from './zod.ts'
import { ACTION_KINDS, type ActionData, type TimedAction } from './actions.ts'
import { BALANCERS, MAX_SERVERS, STORE_MODES } from './cluster.ts'
import { STACK_ORDERS } from './engine.ts'
import { FINGERPRINT_NAMES } from './fingerprint-strategy.ts'
import type { ConfigData, Recording } from './recording.ts'
import { STORE_METHODS } from './store-call.ts'
import { SIM_QUIRKS } from './sim-quirks.ts'
import type { Quirk } from '../connect/index.ts'

/** Data that does not fit the schema: `path` names where (`actions[3].kind`), `problem` says what. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`)
    this.name = 'DataError'
  }
}

const name = z.string().min(1)
const ms = z.number().min(0)
const quirks = z.union([z.literal('2010'), z.array(z.enum(SIM_QUIRKS as [Quirk, ...Quirk[]]))])

/** Building blocks the scenario format adds its own parts to. */
export const parts = {
  name,
  index: z.number().int().min(0),
  ms,
  note: z.string().optional(),
  /** 2010 mode: '2010' or a list of the quirks a world can run. */
  quirks,
}

const cookieOptions = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))

const faults = z.strictObject({
  latency: ms.optional(),
  failNextGet: parts.index.optional(),
  failNextSet: parts.index.optional(),
  failureRate: z.number().min(0).max(1).optional(),
})

const fingerprint = z.union([z.enum(FINGERPRINT_NAMES), z.strictObject({ source: z.string().min(1) })])

// The deployment; the world checks the proxy's address and fills in the defaults.
const cluster = z.strictObject({
  servers: z.number().int().min(1).max(MAX_SERVERS).optional(),
  balancer: z.enum(BALANCERS).optional(),
  store: z.enum(STORE_MODES).optional(),
  proxy: z.strictObject({ address: z.string().min(1).optional(), trusted: z.boolean().optional() }).nullable().optional(),
})

const settings = {
  cluster: cluster.optional(),
  reapInterval: z.number().optional(),
  maxAge: z.number().optional(),
  fingerprint: fingerprint.optional(),
  stackOrder: z.enum(STACK_ORDERS).optional(),
  faults: faults.optional(),
  quirks: quirks.optional(),
}

// Every action may say when (`at`, ms since the start) and why (`note`).
const stamp = { at: ms.optional(), note: parts.note }

const action = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('send'),
    ...stamp,
    browser: name,
    method: z.string().regex(/^[A-Z]+$/, 'must be an upper-case HTTP method').optional(),
    path: z.string().startsWith('/').optional(),
    body: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('burst'), ...stamp, browser: name, count: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('advance'), ...stamp, ms }),
  z.strictObject({ kind: z.literal('addBrowser'), ...stamp, name, userAgent: z.string(), ip: name }),
  z.strictObject({ kind: z.literal('removeBrowser'), ...stamp, browser: name }),
  z.strictObject({ kind: z.literal('stealCookie'), ...stamp, from: name, to: name, cookie: name.optional() }),
  z.strictObject({ kind: z.literal('setIp'), ...stamp, browser: name, ip: name }),
  z.strictObject({ kind: z.literal('setUserAgent'), ...stamp, browser: name, userAgent: z.string() }),
  z.strictObject({ kind: z.literal('clearCookies'), ...stamp, browser: name }),
  z.strictObject({ kind: z.literal('setCookie'), ...stamp, browser: name, name, value: z.string() }),
  z.strictObject({ kind: z.literal('configure'), ...stamp, ...settings, cookie: cookieOptions.nullable().optional() }),
  z.strictObject({ kind: z.literal('storeCall'), ...stamp, method: z.enum(STORE_METHODS), key: name.optional() }),
])

/** One action of a sequence, as data. */
export const stepSchema: z.ZodType<TimedAction<ActionData>> = action

/** A world's starting config as data. */
export const configSchema: z.ZodType<ConfigData> = z.strictObject({
  seed: z.number().int().optional(),
  startTime: z.number().optional(),
  ...settings,
  cookie: cookieOptions.optional(),
  traceCap: z.number().int().min(1).optional(),
})

/** A browser a world starts with. */
export const browserSchema = z.strictObject({ name, userAgent: z.string(), ip: name, note: parts.note })

/** The fields of a recording (config, browsers, actions); a scenario adds its own beside them. */
export const recordingFields = {
  config: configSchema.default({}),
  browsers: z.array(browserSchema),
  actions: z.array(stepSchema),
}

const recordingSchema: z.ZodType<Recording> = z.strictObject(recordingFields)

/** `actions[3].kind`, `config.cookie["max-age"]`, or `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += (out === '' ? '' : '.') + key
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out === '' ? '(root)' : out
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value)}`
  if (value === undefined) return 'nothing'
  return `${typeof value} ${String(value)}`
}

/** How a union issue not told apart by `kind` is explained: the keys that name its branches, in branch order. */
export type UnionKeys = readonly string[]

/** Describes a zod issue in the reader's words, against the input it was found in. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, unionKeys: UnionKeys = []): { path: string; problem: string } {
  const path = issue.path
  const here = formatPath(path)
  const value = valueAt(input, path)
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { path: here, problem: `is required (${issue.expected})` }
      return { path: here, problem: `expected ${issue.expected}, got ${kindOf(value)}` }
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      return { path: here, problem: `${options.length === 1 ? `expected ${options[0]}` : `expected one of ${options.join(', ')}`}; got ${kindOf(value)}` }
    }
    case 'unrecognized_keys': {
      const keys = issue.keys
      const typo = keys[0] === 'maxAage' ? " (the 2010 page's typo: the option is spelled maxAge)" : ''
      return { path: formatPath([...path, keys[0] as string]), problem: `unknown key${typo}${keys.length > 1 ? ` (also ${keys.slice(1).join(', ')})` : ''}` }
    }
    case 'too_small':
      if (issue.origin === 'string') return { path: here, problem: 'must not be empty' }
      if (issue.origin === 'array') return { path: here, problem: `needs at least ${String(issue.minimum)} item(s)` }
      return { path: here, problem: `must be ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}; got ${kindOf(value)}` }
    case 'too_big':
      return { path: here, problem: `must be ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}; got ${kindOf(value)}` }
    case 'invalid_format':
      if (issue.format === 'starts_with') return { path: here, problem: `must start with "${String((issue as { prefix?: string }).prefix)}"` }
      return { path: here, problem: issue.message }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator
      // zod 4 reports a bad discriminator at the discriminator's own path.
      if (discriminator === 'kind') return { path: here, problem: `expected one of ${ACTION_KINDS.join(', ')}; got ${kindOf(value)}` }
      if (discriminator !== undefined) return { path: here, problem: issue.message }
      // A fingerprint: a name, or an object with the source.
      if (typeof value === 'string' || value === undefined) {
        return { path: here, problem: `expected one of ${FINGERPRINT_NAMES.join(', ')} (or { "source": "…" } where code may travel); got ${kindOf(value)}` }
      }
      // Otherwise report against the branch the object meant, named by its key.
      const branch = typeof value === 'object' && value !== null ? unionKeys.findIndex((k) => k in value) : -1
      if (branch === -1) {
        if (unionKeys.length === 0) return { path: here, problem: issue.message }
        return { path: here, problem: `expected an object with one of the keys ${unionKeys.join(', ')}; got ${kindOf(value)}` }
      }
      const nested = issue.errors[branch]?.[0]
      if (nested === undefined) return { path: here, problem: issue.message }
      return describeIssue({ ...nested, path: [...path, ...nested.path] } as z.core.$ZodIssue, input, unionKeys)
    }
    default:
      return { path: here, problem: issue.message }
  }
}

/** JSON text parsed (anything else passed through); a DataError at the root when it is not JSON. */
export function readJson(input: unknown): unknown {
  if (typeof input !== 'string') return input
  try {
    return JSON.parse(input) as unknown
  } catch (err) {
    throw new DataError('(root)', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Checks a value against a schema; throws a DataError naming the first problem. */
export function parseData<T>(schema: z.ZodType<T>, value: unknown, unionKeys: UnionKeys = []): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const { path, problem } = describeIssue(parsed.error.issues[0] as z.core.$ZodIssue, value, unionKeys)
    throw new DataError(path, problem)
  }
  return parsed.data
}

/** Checks a recording (a link's contents; JSON text or a parsed value) against the schema; throws a DataError naming the first problem. */
export function parseRecording(input: unknown): Recording {
  return parseData(recordingSchema, readJson(input))
}

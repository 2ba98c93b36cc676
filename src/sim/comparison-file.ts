// A comparison written down: the stream (a recording in the action language) and its columns, as a file or a link
// carries it; and a stream read from whatever file a reader brings (a comparison, a scenario, a recording).
import { z } from './zod.ts'
import { DataError, parseData, parseRecording, parts, readJson } from './action-schema.ts'
import { FINGERPRINT_NAMES } from './fingerprint-strategy.ts'
import { MAX_COLUMNS, MIN_COLUMNS, type ComparisonData } from './compare.ts'
import type { Recording } from './recording.ts'
import { loadScenario } from './scenario.ts'

/** The comparison file format version this code writes and reads. */
export const COMPARISON_VERSION = 1

const column = z.strictObject({
  label: z.string().min(1).max(60),
  fingerprint: z.union([z.enum(FINGERPRINT_NAMES), z.strictObject({ source: z.string().min(1) })]).optional(),
  reapInterval: z.number().optional(),
  maxAge: z.number().optional(),
  cookie: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable().optional(),
  quirks: parts.quirks.optional(),
})

const file = z.strictObject({
  version: z.literal(COMPARISON_VERSION),
  kind: z.literal('comparison'),
  title: z.string().max(200).optional(),
  columns: z.array(column).min(MIN_COLUMNS).max(MAX_COLUMNS),
  stream: z.unknown(),
})

/** A comparison as a file holds it. */
export function comparisonFile(data: ComparisonData): unknown {
  return { version: COMPARISON_VERSION, kind: 'comparison', ...(data.title !== undefined ? { title: data.title } : {}), columns: data.columns, stream: data.stream }
}

/** Reads a comparison file (JSON text or a parsed value); throws a DataError naming the first problem. */
export function parseComparison(input: unknown): ComparisonData {
  const value = parseData(file, readJson(input))
  let stream: Recording
  try {
    stream = parseRecording(value.stream)
  } catch (err) {
    if (err instanceof DataError) throw new DataError(`stream.${err.path}`.replace('.(root)', ''), err.problem)
    throw err
  }
  const columns: ComparisonData['columns'] = value.columns.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as ComparisonData['columns'][number])
  return { ...(value.title !== undefined ? { title: value.title } : {}), columns, stream }
}

/** What a file a reader brings turned out to be. */
export type BroughtFile = { readonly kind: 'comparison'; readonly data: ComparisonData } | { readonly kind: 'stream'; readonly stream: Recording; readonly title: string | null }

/**
 * Reads a file brought to the compare view: a comparison file (stream and columns), a scenario file or a recording
 * (a stream for the columns already set). Throws a DataError naming the first problem of the kind it looked like.
 */
export function readBroughtFile(input: unknown): BroughtFile {
  const value = readJson(input)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataError('(root)', 'expected a comparison, a scenario or a recording (a JSON object)')
  const v = value as Record<string, unknown>
  if (v.kind === 'comparison') return { kind: 'comparison', data: parseComparison(value) }
  if ('version' in v || 'expect' in v || 'timeline' in v) {
    const scenario = loadScenario(value)
    const { title, description: _d, expect: _e, version: _v, ...stream } = scenario as Recording & { title: string; description: string; expect: unknown; version: number }
    return { kind: 'stream', stream, title }
  }
  return { kind: 'stream', stream: parseRecording(value), title: null }
}

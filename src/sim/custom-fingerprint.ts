// A custom fingerprint is code a reader typed or a link carried. It never runs in the page: it runs in QuickJS
// compiled to WebAssembly (src/sim/fingerprint-sandbox.ts), which has no DOM, storage, network or page globals and
// can be stopped mid-loop. This file is the light half: the limits, the error, the data the code may read, and
// the on-demand loader. Importing it costs nothing; the WASM is fetched only when loadFingerprintSandbox is called.
import type { Request } from '../connect/index.ts'
import type { CustomFingerprint } from './fingerprint-strategy.ts'

/** Wall-clock time one call of a custom fingerprint may take before it is stopped. */
export const FINGERPRINT_BUDGET_MS = 50

/** Memory one custom fingerprint's sandbox may allocate, its own engine included. */
export const FINGERPRINT_MEMORY_BYTES = 8 * 1024 * 1024

/** The longest key a custom fingerprint may return (the default's keys are 32 characters). */
export const MAX_FINGERPRINT_KEY_LENGTH = 1024

/** The longest source text accepted for a custom fingerprint. */
export const MAX_FINGERPRINT_SOURCE_LENGTH = 20_000

/** A custom fingerprint that cannot be compiled or that failed on a request; the message says what to change. */
export class FingerprintError extends Error {
  override readonly name = 'FingerprintError'
}

/**
 * What a custom fingerprint may read of a request: plain data, copied for each call. `session.id` is the candidate
 * id being checked; `remoteAddress` also appears as `socket.remoteAddress` so Node-style code keeps working.
 * Header names are lowercase, as Node gives them.
 */
export interface FingerprintInput {
  readonly session: { readonly id: string }
  readonly remoteAddress: string
  readonly socket: { readonly remoteAddress: string }
  readonly headers: Readonly<Record<string, string | readonly string[]>>
  readonly method: string
  readonly url: string
}

/** Copies what a custom fingerprint may read out of a request, as plain data. */
export function fingerprintInput(req: Request): FingerprintInput {
  const headers: Record<string, string | readonly string[]> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value
    else if (Array.isArray(value)) headers[name] = value.filter((v): v is string => typeof v === 'string')
  }
  const remoteAddress = req.socket?.remoteAddress ?? ''
  return {
    session: { id: String(req.session?.id ?? '') },
    remoteAddress,
    socket: { remoteAddress },
    headers,
    method: req.method ?? 'GET',
    url: req.originalUrl ?? req.url ?? '/',
  }
}

/** Turns source text into a custom fingerprint that runs in the sandbox; throws FingerprintError if it does not parse. */
export type CompileFingerprint = (source: string) => CustomFingerprint

/** The loaded sandbox: compiling is synchronous once it is here. */
export interface FingerprintSandbox {
  /**
   * Checks that `source` is one JavaScript expression (a function such as `(req) => md5(req.session.id)`) and
   * returns a strategy that evaluates it in the sandbox on each request. Compiling runs none of the code.
   */
  readonly compileFingerprint: CompileFingerprint
}

/**
 * Loads the sandbox (QuickJS as WebAssembly, about 240 KB gzip) on first use; later calls resolve to the same one.
 * Pages that never compile custom code never fetch it.
 */
export async function loadFingerprintSandbox(): Promise<FingerprintSandbox> {
  // The module system keeps the loaded module, so the WASM is instantiated once per page without a cache of ours.
  const loaded = await import('./fingerprint-sandbox.ts')
  return loaded.sandbox
}

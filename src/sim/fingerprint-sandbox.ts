// The heavy half of custom fingerprints: QuickJS as WebAssembly. Loaded only through loadFingerprintSandbox().
// Each compiled fingerprint gets its own QuickJS runtime: its own heap (bounded), its own time budget, and
// no way to reach the page, the other fingerprints or the host, except the md5 function handed to it.
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten-core'
import releaseSync from '@jitl/quickjs-wasmfile-release-sync'
import { md5, type Request } from '../connect/index.ts'
import {
  FINGERPRINT_BUDGET_MS,
  FINGERPRINT_MEMORY_BYTES,
  FingerprintError,
  MAX_FINGERPRINT_KEY_LENGTH,
  MAX_FINGERPRINT_SOURCE_LENGTH,
  fingerprintInput,
  type FingerprintSandbox,
} from './custom-fingerprint.ts'
import type { CustomFingerprint } from './fingerprint-strategy.ts'

// One instantiation of the WASM per page (or Node process); each fingerprint takes a runtime from it.
const quickjs = await newQuickJSWASMModuleFromVariant(releaseSync)

// The stack QuickJS may use before a deep recursion becomes a RangeError (well inside the WASM's own stack).
const MAX_STACK_BYTES = 256 * 1024

/**
 * The one function a request crosses into: it evaluates the user's expression afresh (the source sits where only an
 * expression fits), and calls it with the request parsed from JSON. One crossing per request keeps the cost down.
 * When the expression is not a function, it returns `notAFunction` with the expression's type written on it.
 */
function runner(source: string): string {
  return (
    '(function (input, notAFunction) {\n"use strict";\nconst fingerprint = (\n' +
    source +
    '\n);\nif (typeof fingerprint !== "function") { notAFunction.kind = typeof fingerprint; return notAFunction; }\n' +
    'return fingerprint(JSON.parse(input));\n})'
  )
}

/**
 * A text that parses as `runner(source)` does only if the source is one balanced expression: a source that closes the
 * wrapper's parenthesis early (to run code beside it) meets a bracket here instead, and fails to parse.
 */
function bracketed(source: string): string {
  return `"use strict";\n[\n${source}\n];`
}

interface Thrown {
  readonly name: string
  readonly message: string
}

/** Reads a thrown value without trusting it: a getter that loops is interrupted, a value that cannot be read says so. */
function readThrown(context: QuickJSContext, handle: QuickJSHandle): Thrown {
  const kind = context.typeof(handle)
  if (kind !== 'object') {
    const value: unknown = kind === 'symbol' || kind === 'function' ? kind : context.dump(handle)
    return { name: '', message: `${kind === 'string' ? JSON.stringify(value) : String(value)}` }
  }
  const text = (key: string): string => {
    const got = context.getProp(handle, key)
    try {
      return context.typeof(got) === 'string' ? context.getString(got) : ''
    } finally {
      got.dispose()
    }
  }
  let thrown: Thrown
  try {
    thrown = { name: text('name'), message: text('message') }
  } catch {
    thrown = { name: '', message: '' }
  }
  return thrown.name === '' && thrown.message === '' ? { name: '', message: 'an object without a readable name or message' } : thrown
}

function isInterrupt(t: Thrown): boolean {
  return t.name === 'InternalError' && t.message === 'interrupted'
}

function isOutOfMemory(t: Thrown): boolean {
  return t.name === 'InternalError' && /out of memory/.test(t.message)
}

function shorten(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en')} characters)`
}

/** A fingerprint's context (which owns its runtime) and the handles it keeps; all freed together. */
interface Held {
  readonly context: QuickJSContext
  readonly handles: QuickJSHandle[]
}

function release(held: Held): void {
  for (const h of held.handles) if (h.alive) h.dispose()
  if (held.context.alive) held.context.dispose()
}

// A fingerprint that is no longer referenced (replaced in the settings, its world gone) frees its runtime.
const finalizer = new FinalizationRegistry<Held>(release)

const TIMEOUT_MESSAGE =
  `the custom fingerprint ran longer than ${FINGERPRINT_BUDGET_MS} ms and was stopped (is there an endless loop?); ` +
  'change the function and apply it again'
const MEMORY_MESSAGE =
  `the custom fingerprint used more than ${FINGERPRINT_MEMORY_BYTES / 1024 / 1024} MB and was stopped; change the function and apply it again`

// QuickJS asks the interrupt handler only after a fixed count of operations (about every 30 ms of a tight loop
// here). Code is stopped once it has run past the deadline *and* been asked twice: a short function is never
// stopped because the machine was busy or collecting garbage, while a loop ends soon after the deadline.
const CHECKS_BEFORE_STOP = 2

// Stops in a row (each in a task of its own, no call finishing between them) after which a fingerprint no longer runs.
const STOPS_BEFORE_RETIRING = 3

/**
 * The time budget of one fingerprint's calls. After a call is stopped, later calls in the same task fail at once with
 * the same message, so a burst of requests through an endless loop costs one budget, not one per request. After
 * STOPS_BEFORE_RETIRING stops in a row, every later call fails at once: a comparison that gives a looping function a
 * new task for each slice then ends in a few budgets instead of one budget per request.
 */
class Budget {
  private deadline = 0
  private checks = 0
  private tripped: string | null = null
  private stopsInARow = 0
  private retired: string | null = null

  /** Gives the next call its full budget. */
  start(): void {
    this.deadline = Date.now() + FINGERPRINT_BUDGET_MS
    this.checks = 0
  }

  /** The interrupt handler: true once the running call has had its time. */
  readonly exceeded = (): boolean => ++this.checks >= CHECKS_BEFORE_STOP && Date.now() > this.deadline

  /** The message of a stop in this task, or of the stops that retired the function, if any. */
  get stopped(): string | null {
    return this.retired ?? this.tripped
  }

  /** A call ended within its budget (with a result or a throw of its own): the count of stops in a row starts again. */
  finished(): void {
    this.stopsInARow = 0
  }

  /** Records a stop; the next task gets a fresh chance, unless this was one stop too many in a row. */
  trip(message: string): void {
    if (this.tripped === null) setTimeout(() => (this.tripped = null), 0)
    this.tripped = message
    if (++this.stopsInARow >= STOPS_BEFORE_RETIRING) this.retired = `${message} (it was stopped ${STOPS_BEFORE_RETIRING} times in a row, so it no longer runs)`
  }
}

/** Compiles `source` in a fresh runtime; see FingerprintSandbox.compileFingerprint. */
function compileFingerprint(source: string): CustomFingerprint {
  if (typeof source !== 'string') throw new FingerprintError(`the fingerprint source must be text; got ${typeof source}`)
  if (source.trim() === '') throw new FingerprintError('the fingerprint source is empty; write a function such as (req) => md5(req.session.id)')
  if (source.length > MAX_FINGERPRINT_SOURCE_LENGTH) {
    throw new FingerprintError(
      `the fingerprint source is ${source.length.toLocaleString('en')} characters; at most ${MAX_FINGERPRINT_SOURCE_LENGTH.toLocaleString('en')} are accepted`,
    )
  }
  // A context made by the module owns a runtime of its own: one heap and one budget per fingerprint.
  const context = quickjs.newContext()
  const runtime = context.runtime
  const held: Held = { context, handles: [] }
  const budget = new Budget()
  let run: QuickJSHandle
  let notAFunction: QuickJSHandle
  try {
    runtime.setInterruptHandler(budget.exceeded)
    runtime.setMaxStackSize(MAX_STACK_BYTES)
    const md5Handle = context.newFunction('md5', (arg) => {
      if (context.typeof(arg) !== 'string') throw new TypeError(`md5 takes a string; it was given ${context.typeof(arg)}`)
      return context.newString(md5(context.getString(arg)))
    })
    context.setProp(context.global, 'md5', md5Handle)
    md5Handle.dispose()
    notAFunction = context.newObject()
    held.handles.push(notAFunction)
    // Both checks compile only: nothing of the source runs here, not even a default parameter.
    for (const text of [runner(source), bracketed(source)]) {
      const checked = context.evalCode(text, 'fingerprint.js', { type: 'global', strict: true, compileOnly: true })
      if (checked.error !== undefined) {
        const t = readThrown(context, checked.error)
        checked.error.dispose()
        throw new FingerprintError(
          `the fingerprint source must be one JavaScript expression, a function such as (req) => md5(req.session.id); ${t.name || 'it'}: ${shorten(t.message)}`,
        )
      }
      checked.value.dispose()
    }
    // Evaluating the wrapper only creates a function; the source inside it runs on each request.
    budget.start()
    run = context.unwrapResult(context.evalCode(runner(source), 'fingerprint.js', { type: 'global', strict: true }))
    held.handles.push(run)
    runtime.setMemoryLimit(FINGERPRINT_MEMORY_BYTES)
  } catch (err) {
    release(held)
    throw err
  }

  /** Turns a failure inside the sandbox into the error the library reports for the request. */
  const failure = (handle: QuickJSHandle): FingerprintError => {
    // Reading the error gets a fresh budget: its getters are user code too.
    budget.start()
    const t = readThrown(context, handle)
    if (isInterrupt(t)) budget.trip(TIMEOUT_MESSAGE)
    else if (isOutOfMemory(t)) budget.trip(MEMORY_MESSAGE)
    else budget.finished()
    if (budget.stopped !== null) return new FingerprintError(budget.stopped)
    const thrown = t.name !== '' ? `${t.name}: ${t.message}` : t.message
    return new FingerprintError(`the custom fingerprint threw ${shorten(thrown)}`)
  }

  const custom = (req: Request): string => {
    if (budget.stopped !== null) throw new FingerprintError(budget.stopped)
    const input = JSON.stringify(fingerprintInput(req))
    budget.start()
    const text = context.newString(input)
    const out = context.callFunction(run, context.undefined, text, notAFunction)
    text.dispose()
    if (out.error !== undefined) {
      const error = failure(out.error)
      out.error.dispose()
      throw error
    }
    budget.finished()
    const value = out.value
    try {
      const kind = context.typeof(value)
      if (kind === 'string') {
        const key = context.getString(value)
        if (key.length > MAX_FINGERPRINT_KEY_LENGTH) {
          throw new FingerprintError(
            `the custom fingerprint returned ${key.length.toLocaleString('en')} characters; a key may have at most ${MAX_FINGERPRINT_KEY_LENGTH.toLocaleString('en')}`,
          )
        }
        return key
      }
      if (kind === 'object' && context.eq(value, notAFunction)) {
        const got = context.getProp(notAFunction, 'kind')
        const expression = context.getString(got)
        got.dispose()
        throw new FingerprintError(`the fingerprint source must be a function such as (req) => md5(req.session.id); it is a ${expression}`)
      }
      throw new FingerprintError(`the custom fingerprint must return a string (the store key); it returned ${kind}`)
    } finally {
      value.dispose()
    }
  }

  const strategy: CustomFingerprint = { custom, source }
  finalizer.register(strategy, held)
  return strategy
}

/** The loaded sandbox, as loadFingerprintSandbox() hands it out. */
export const sandbox: FingerprintSandbox = { compileFingerprint }

// V8 compiles each WASM function on its first use; one trusted run at load pays for that, not a reader's first request.
compileFingerprint('(req) => md5(req.session.id + req.remoteAddress)').custom({ headers: {}, session: { id: 'warm-up' } as Request['session'] })

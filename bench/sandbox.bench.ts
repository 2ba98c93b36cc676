/**
 * What running custom fingerprints in QuickJS costs, in Node: the cold load (each measured in a fresh process, as
 * a page would pay it once), compiling one function, and one call against the same function run natively.
 * Run: node --import tsx bench/sandbox.bench.ts. It reports; it asserts nothing.
 */
import { execFileSync } from 'node:child_process'
import { md5, type Request } from '../src/connect/index.ts'
import { loadFingerprintSandbox } from '../src/sim/index.ts'
import { loadAverage } from './harness.ts'

const COLD_RUNS = 5
const CALLS = 20_000
const ROUNDS = 5

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

/** One cold load in a child process: import plus WASM instantiation plus the warm-up run, in ms. */
function coldLoadMs(): number {
  const script = `const t = performance.now(); const m = await import('./src/sim/custom-fingerprint.ts'); await m.loadFingerprintSandbox(); console.log(performance.now() - t)`
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  return Number(out.trim())
}

const request: Request = {
  method: 'GET',
  url: '/',
  headers: { 'user-agent': 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6' },
  socket: { remoteAddress: '192.0.2.10' },
  session: { id: 'Q2hlY2tpbmcgdGhlIGJ1ZGdldA' } as Request['session'],
}

/** Microseconds per call, median of several rounds. */
function perCallUs(call: (req: Request) => string): number {
  const rounds: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now()
    for (let i = 0; i < CALLS; i++) call(request)
    rounds.push(((performance.now() - t) * 1000) / CALLS)
  }
  return median(rounds)
}

const loadBefore = loadAverage()
const cold = Array.from({ length: COLD_RUNS }, coldLoadMs)
const { compileFingerprint } = await loadFingerprintSandbox()
const source = "(req) => md5(req.session.id + req.remoteAddress + (req.headers['user-agent'] || ''))"
const compiles: number[] = []
for (let i = 0; i < 20; i++) {
  const t = performance.now()
  compileFingerprint(source)
  compiles.push(performance.now() - t)
}
const sandboxed = compileFingerprint(source)
const native = (req: Request) => md5(String(req.session?.id) + (req.socket?.remoteAddress ?? '') + (req.headers['user-agent'] ?? ''))
if (sandboxed.custom(request) !== native(request)) throw new Error('the sandboxed and native fingerprints disagree')
const constant = compileFingerprint("() => 'k'")

const rows: [string, string][] = [
  ['cold load (import + WASM instantiation + warm-up), median of 5 fresh processes', `${median(cold).toFixed(0)} ms (${cold.map((c) => c.toFixed(0)).join(', ')})`],
  ['compile one fingerprint (a fresh runtime each), median of 20', `${median(compiles).toFixed(2)} ms`],
  ['one call, md5 fingerprint, sandboxed', `${perCallUs(sandboxed.custom).toFixed(1)} µs`],
  ['one call, the same fingerprint as native JavaScript', `${perCallUs(native).toFixed(1)} µs`],
  ["one call, () => 'k', sandboxed (the fixed cost of crossing into QuickJS)", `${perCallUs(constant.custom).toFixed(1)} µs`],
]
console.log(`Custom fingerprint sandbox, Node ${process.version}, 1-minute load ${loadBefore} → ${loadAverage()}`)
console.log('| measure | result |\n|---|---|')
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`)

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** How to get Redis when it is missing; the tests fail with this rather than skip. */
export const REDIS_INSTALL_HINT =
  'redis-server was not found on PATH. The Redis store and cluster tests need a real Redis: install it with ' +
  '`sudo apt-get install -y redis-server` (Debian/Ubuntu; npm test does this itself when run as root), then run the tests again.'

/** A redis-server of the tests' own: 127.0.0.1, a free port, a temporary directory, no persistence. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server (its data is lost: nothing is saved); the port stays reserved for start(). */
  stop(): Promise<void>
  /** Starts it again, empty, on the same port (a Redis restart as clients see it). */
  start(): Promise<void>
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a hung Redis. */
  pause(): void
  /** Lets a paused server run again (SIGCONT), its data intact. */
  resume(): void
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>
}

/** A port the kernel reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** Throws an Error saying how to install Redis when `binary` (redis-server) is not on PATH. */
export function assertRedisInstalled(binary = 'redis-server'): void {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 })
  if (probe.error !== undefined || probe.status !== 0) throw new Error(REDIS_INSTALL_HINT)
}

const READY_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 10_000

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`redis-server did not report ready within ${READY_TIMEOUT_MS} ms on port ${port}:\n${output}`))
    }, READY_TIMEOUT_MS)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        child.stdout?.resume()
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err.message.includes('ENOENT') ? new Error(REDIS_INSTALL_HINT) : err)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with code ${String(code)} before it was ready on port ${port}:\n${output}`))
    })
  })
}

function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    // With --save '' a SIGTERM shuts Redis down at once, saving nothing; a paused server must run to hear it.
    child.kill('SIGCONT')
    child.kill('SIGTERM')
  })
}

/** Starts a private redis-server; fails (never skips) with an install hint when Redis is missing. */
export async function startRedisServer(): Promise<RedisServer> {
  assertRedisInstalled()
  const dir = mkdtempSync(join(tmpdir(), 'sessionscope-redis-'))
  let child: ChildProcess | undefined
  let port = 0
  // Another process may take the probed port before Redis binds it; a few fresh ports make that a non-issue.
  for (let attempt = 0; attempt < 3 && child === undefined; attempt++) {
    port = await freePort()
    try {
      child = await launch(port, dir)
    } catch (err) {
      if (attempt === 2 || (err as Error).message === REDIS_INSTALL_HINT) {
        rmSync(dir, { recursive: true, force: true })
        throw err
      }
    }
  }
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child !== undefined) await halt(child)
      child = undefined
    },
    async start() {
      if (child === undefined) child = await launch(port, dir)
    },
    pause() {
      child?.kill('SIGSTOP')
    },
    resume() {
      child?.kill('SIGCONT')
    },
    async dispose() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}

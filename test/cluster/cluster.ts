import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'

/** The servers each application process runs (see app-process.ts). */
export type AppKind = 'memory' | 'redis' | 'trusted'

export interface AppProcess {
  readonly pid: number
  readonly ports: Record<AppKind, number>
  readonly child: ChildProcess
  /** True while the process runs. */
  alive(): boolean
}

export interface Cluster {
  readonly apps: AppProcess[]
  /** The ports of one kind of server, one per process. */
  ports(kind: AppKind): number[]
  stop(): Promise<void>
}

const APP_FILE = fileURLToPath(new URL('./app-process.ts', import.meta.url))
const START_TIMEOUT_MS = 45_000
const STOP_TIMEOUT_MS = 5_000

function startApp(redisUrl: string, prefix: string): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', APP_FILE], {
    env: { ...process.env, CLUSTER_REDIS_URL: redisUrl, CLUSTER_PREFIX: prefix },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`an app process did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`))
    }, START_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => {
      clearTimeout(timer)
      const { pid, ports } = JSON.parse(line) as { pid: number; ports: Record<AppKind, number> }
      resolve({ pid, ports, child, alive: () => child.exitCode === null && child.signalCode === null })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`an app process exited with ${String(code)} before listening:\n${stderr}`))
    })
  })
}

function stopApp(app: AppProcess): Promise<void> {
  if (!app.alive()) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => app.child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    app.child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    // Closing stdin asks the process to stop; it exits on its own, its Redis connection closed.
    app.child.stdin?.end()
  })
}

/** Starts `count` application processes sharing the Redis at `redisUrl` (keys under `prefix`). */
export async function startCluster(count: number, redisUrl: string, prefix: string): Promise<Cluster> {
  const settled = await Promise.allSettled(Array.from({ length: count }, () => startApp(redisUrl, prefix)))
  const apps = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed !== undefined) {
    await Promise.all(apps.map(stopApp))
    throw (failed as PromiseRejectedResult).reason
  }
  return {
    apps,
    ports: (kind) => apps.map((a) => a.ports[kind]),
    stop: async () => {
      await Promise.all(apps.map(stopApp))
    },
  }
}

// npm run bench:cluster — sessions in Redis shared by two application processes under concurrent load on loopback.
// A private redis-server, two app processes (the real library on node:http, the RedisStore), CLIENTS concurrent
// clients that each keep one session and send requests one after another, alternating between the two processes
// (round-robin in the client, so no proxy process shares the CPU). Bounded by a request count and a time cap.
// Reports requests/s and p50/p99 latency, then checks every session: the count a client saw is the count in Redis.
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { RedisStore } from '../src/stores/redis/index.ts'
import type { PlainData } from '../src/connect/index.ts'
import { startRedisServer } from '../test/support/redis-server.ts'
import { startCluster } from '../test/cluster/cluster.ts'
import { LoopbackClient } from '../test/cluster/http-client.ts'

const CLIENTS = Number(process.env.CLIENTS ?? 32)
const REQUESTS = Number(process.env.REQUESTS ?? 20_000)
const TIME_CAP_MS = Number(process.env.TIME_CAP_MS ?? 30_000)
const WARMUP = 2
const PREFIX = 'bench:'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

const load = loadavg().map((l) => l.toFixed(1)).join(' ')
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${load} at start`)
const redis = await startRedisServer()
const cluster = await startCluster(2, redis.url, PREFIX)
const ports = cluster.ports('redis')
const inspector = new RedisStore({ url: redis.url, prefix: PREFIX, reapInterval: -1 })
await inspector.ready()
const clients = Array.from({ length: CLIENTS }, (_, i) => new LoopbackClient('127.0.0.1', `Bench/${i}`))
const seen = clients.map(() => 0)
let failures = 0
try {
  // Every client gets its session before the clock starts.
  for (let round = 0; round < WARMUP; round++) {
    await Promise.all(clients.map(async (c, i) => {
      const r = await c.get(`http://127.0.0.1:${ports[(i + round) % 2]}/visit`)
      if (r.status === 200) seen[i] = JSON.parse(r.body).visits as number
      else failures++
    }))
  }
  const latencies: number[] = []
  let issued = 0
  const start = performance.now()
  const deadline = start + TIME_CAP_MS
  await Promise.all(clients.map(async (c, i) => {
    let hop = i
    while (issued < REQUESTS && performance.now() < deadline) {
      issued++
      const t0 = performance.now()
      const r = await c.get(`http://127.0.0.1:${ports[hop++ % 2]}/visit`)
      latencies.push(performance.now() - t0)
      if (r.status !== 200) {
        failures++
        continue
      }
      const visits = JSON.parse(r.body).visits as number
      if (visits !== seen[i]! + 1) failures++
      seen[i] = visits
    }
  }))
  const seconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  const sessions = await new Promise<PlainData[]>((resolve, reject) => inspector.all((err, all) => (err ? reject(err) : resolve(all!))))
  const byId = new Map(sessions.map((s) => [s.id as string, s.visits as number]))
  const intact = clients.filter((c, i) => c.cookie !== undefined && byId.get(c.cookie) === seen[i]).length
  console.log(`${latencies.length} requests by ${CLIENTS} concurrent clients over 2 processes + Redis in ${seconds.toFixed(1)} s`)
  console.log(`throughput ${(latencies.length / seconds).toFixed(0)} req/s; latency p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`)
  console.log(`sessions intact: ${intact}/${CLIENTS} (each client's last count equals its session's count in Redis); failed or out-of-order answers: ${failures}`)
  if (intact !== CLIENTS || failures !== 0) process.exitCode = 1
} finally {
  for (const c of clients) c.close()
  await cluster.stop()
  await inspector.close()
  await redis.dispose()
}

// Three real application processes behind a round-robin proxy on 127.0.0.1, with a real redis-server: where sessions
// live, what the proxy does to the 2010 fingerprint, and what happens when Redis goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { RedisStore } from '../../src/stores/redis/index.ts'
import type { PlainData } from '../../src/connect/index.ts'
import { startRedisServer, type RedisServer } from '../support/redis-server.ts'
import { eventually } from '../support/eventually.ts'
import { startCluster, type Cluster } from './cluster.ts'
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts'
import { LoopbackClient, type Reply } from './http-client.ts'

type Count = { id: string; key: string; views: number; history: number[]; pid: number }

const md5hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')
const PREFIX = 'cluster:'
const PROCESSES = 3

let redis: RedisServer
let cluster: Cluster
let viaMemory: RoundRobinProxy
let viaRedis: RoundRobinProxy
let viaTrusted: RoundRobinProxy
let inspector: RedisStore
const clients: LoopbackClient[] = []

/** A client with its own loopback address (127.0.0.2, 127.0.0.3, …), closed after the file's tests. */
function client(localAddress: string, userAgent = 'ClusterTest/1.0'): LoopbackClient {
  const c = new LoopbackClient(localAddress, userAgent)
  clients.push(c)
  return c
}

beforeAll(async () => {
  redis = await startRedisServer()
  cluster = await startCluster(PROCESSES, redis.url, PREFIX)
  ;[viaMemory, viaRedis, viaTrusted] = await Promise.all([
    startRoundRobinProxy(cluster.ports('memory')),
    startRoundRobinProxy(cluster.ports('redis')),
    startRoundRobinProxy(cluster.ports('trusted')),
  ])
  inspector = new RedisStore({ url: redis.url, prefix: PREFIX, reapInterval: -1 })
  await inspector.ready()
})

afterAll(async () => {
  for (const c of clients) c.close()
  await Promise.all([viaMemory?.close(), viaRedis?.close(), viaTrusted?.close()])
  await cluster?.stop()
  await inspector?.close()
  await redis?.dispose()
})

async function counts(c: LoopbackClient, url: string, n: number): Promise<Count[]> {
  const out: Count[] = []
  for (let i = 0; i < n; i++) {
    const reply = await c.get(`${url}/count`)
    expect(reply.status, reply.body).toBe(200)
    out.push(reply.json<Count>())
  }
  return out
}

describe('a session across processes', () => {
  it('with the Redis store, a session survives every hop through every process', async () => {
    const ada = client('127.0.0.2')
    const seen = await counts(ada, viaRedis.url, 2 * PROCESSES)
    expect(new Set(seen.map((r) => r.pid)).size).toBe(PROCESSES)
    expect(seen.map((r) => r.views)).toEqual([1, 2, 3, 4, 5, 6])
    expect(new Set(seen.map((r) => r.id)).size).toBe(1)
    expect(seen.at(-1)!.history).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('with a MemoryStore per process, every hop to another process starts a new session', async () => {
    const ada = client('127.0.0.2')
    const seen = await counts(ada, viaMemory.url, 2 * PROCESSES)
    expect(new Set(seen.map((r) => r.pid)).size).toBe(PROCESSES)
    // Each process is asked for a session another process made: a miss, a new id, a new cookie, views back to 1.
    expect(seen.map((r) => r.views)).toEqual([1, 1, 1, 1, 1, 1])
    expect(new Set(seen.map((r) => r.id)).size).toBe(2 * PROCESSES)
  })
})

describe('the fingerprint behind a proxy', () => {
  it('without trustProxy, every client has the proxy address, so the key binds only the User-Agent', async () => {
    const ada = client('127.0.0.2')
    const bob = client('127.0.0.3')
    const [a] = await counts(ada, viaRedis.url, 1)
    const [b] = await counts(bob, viaRedis.url, 1)
    expect(a!.key).toBe(md5hex(`${a!.id}127.0.0.1ClusterTest/1.0`))
    expect(b!.key).toBe(md5hex(`${b!.id}127.0.0.1ClusterTest/1.0`))
    // Bob, at another address with Ada's cookie and the same User-Agent, is handed Ada's session.
    bob.cookie = ada.cookie
    const [stolen] = await counts(bob, viaRedis.url, 1)
    expect(stolen!.id).toBe(a!.id)
    expect(stolen!.views).toBe(2)
  })

  it('with trustProxy naming the proxy, the key binds the client address the proxy forwards', async () => {
    const ada = client('127.0.0.2')
    const bob = client('127.0.0.3')
    const seen = await counts(ada, viaTrusted.url, PROCESSES)
    expect(seen.map((r) => r.views)).toEqual([1, 2, 3])
    for (const r of seen) expect(r.key).toBe(md5hex(`${r.id}127.0.0.2ClusterTest/1.0`))
    bob.cookie = ada.cookie
    const [theft] = await counts(bob, viaTrusted.url, 1)
    expect(theft!.id).not.toBe(seen[0]!.id)
    expect(theft!.views).toBe(1)
    expect(theft!.key).toBe(md5hex(`${theft!.id}127.0.0.3ClusterTest/1.0`))
  })

  it('a forged X-Forwarded-For sent straight to an app (not through the proxy) is ignored', async () => {
    const ada = client('127.0.0.2')
    const [a] = await counts(ada, viaTrusted.url, 1)
    const mallory = client('127.0.0.4')
    mallory.cookie = ada.cookie
    const direct = `http://127.0.0.1:${cluster.ports('trusted')[0]}`
    const reply = await mallory.get(`${direct}/count`, { 'x-forwarded-for': '127.0.0.2' })
    const m = reply.json<Count>()
    expect(m.id).not.toBe(a!.id)
    expect(m.views).toBe(1)
    expect(m.key).toBe(md5hex(`${m.id}127.0.0.4ClusterTest/1.0`))
  })
})

/** Every session in Redis, decoded in full (an undecodable one fails the call). */
function everySession(): Promise<PlainData[]> {
  return new Promise((resolve, reject) => inspector.all((err, sessions) => (err ? reject(err) : resolve(sessions!))))
}

function expectWhole(sessions: PlainData[]): void {
  for (const s of sessions) {
    const views = s.views as number | undefined
    if (views === undefined) continue
    expect(s.history, `session ${String(s.id)}`).toEqual(Array.from({ length: views }, (_, i) => i + 1))
  }
}

/** Requests through the proxy until each process has answered 200 (bounded); the processes are not restarted. */
async function recovered(c: LoopbackClient): Promise<Count[]> {
  const ok: Count[] = []
  await eventually(async () => {
    const reply: Reply = await c.get(`${viaRedis.url}/count`)
    if (reply.status === 200) ok.push(reply.json<Count>())
    return new Set(ok.map((r) => r.pid)).size === PROCESSES ? true : undefined
  }, 300)
  return ok
}

describe('when Redis goes away', () => {
  it('stopped mid-run: clean 500s, no crash; restarted: every process recovers by itself', async () => {
    const ada = client('127.0.0.2')
    await counts(ada, viaRedis.url, 2)
    await redis.stop()
    try {
      for (let i = 0; i < 2 * PROCESSES; i++) {
        const reply = await ada.get(`${viaRedis.url}/count`)
        expect(reply.status).toBe(500)
      }
      for (const port of cluster.ports('redis')) expect((await ada.get(`http://127.0.0.1:${port}/health`)).status).toBe(200)
      expect(cluster.apps.every((a) => a.alive())).toBe(true)
    } finally {
      await redis.start()
    }
    const after = await recovered(ada)
    // Redis restarted empty (it keeps nothing on disk here): the session is gone and a new one starts and then lasts.
    expect(after[0]!.views).toBe(1)
    expect(after.map((r) => r.views)).toEqual(after.map((_, i) => i + 1))
    expect(cluster.apps.every((a) => a.alive())).toBe(true)
  })

  it('hung mid-run under load: requests fail cleanly, then sessions go on whole, none half-written', async () => {
    const crowd = Array.from({ length: 8 }, (_, i) => client(`127.0.0.${10 + i}`, `Crowd/${i}`))
    const statuses: number[] = []
    const work = async (c: LoopbackClient, rounds: number) => {
      for (let i = 0; i < rounds; i++) statuses.push((await c.get(`${viaRedis.url}/count`)).status)
    }
    await Promise.all(crowd.map((c) => work(c, 3)))
    redis.pause()
    try {
      // Each request now waits for the store's command timeout (1 s) and ends in a 500.
      await Promise.all(crowd.map((c) => work(c, 1)))
    } finally {
      redis.resume()
    }
    await Promise.all(crowd.map((c) => work(c, 3)))
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThanOrEqual(crowd.length)
    expect(statuses.every((s) => s === 200 || s === 500)).toBe(true)
    expect(statuses.slice(-3 * crowd.length).every((s) => s === 200)).toBe(true)
    const sessions = await everySession()
    expect(sessions.length).toBeGreaterThanOrEqual(crowd.length)
    expectWhole(sessions)
    expect(cluster.apps.every((a) => a.alive())).toBe(true)
  })
})

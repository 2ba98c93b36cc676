import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { cookieDecoder, createServer, MemoryStore, session, type Request, type Response } from '../../src/connect/index.ts'
import { ManualClock } from '../support/manual-clock.ts'

const md5hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

/** A minimal cookie jar for fetch: keeps name=value pairs from Set-Cookie. */
class Jar {
  readonly cookies = new Map<string, string>()
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  take(res: globalThis.Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1))
    }
  }
}

const clock = new ManualClock(Date.UTC(2026, 0, 1))
const store = new MemoryStore({ clock, reapInterval: 2_000, maxAge: 5_000 })
const app = createServer(
  cookieDecoder(),
  session({ store }),
  (req: Request, res: Response, next: (err?: unknown) => void) => {
    const s = req.session!
    const url = req.url ?? '/'
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url === '/count') {
      s.views = ((s.views as number | undefined) ?? 0) + 1
      send({ id: s.id, views: s.views, key: req.sessionHash })
    } else if (url === '/logout') {
      s.destroy((err) => (err ? next(err) : send({ destroyed: true })))
    } else if (url === '/login') {
      const before = s.id
      s.regenerate((err) => {
        if (err) return next(err)
        req.session!.user = 'ada'
        send({ before, after: req.session!.id })
      })
    } else next()
  },
)
const server = http.createServer(app)
let base = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  store.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function get(jar: Jar, path: string, ua = 'IntegrationAgent/1.0') {
  const res = await fetch(base + path, { headers: { cookie: jar.header(), 'user-agent': ua } })
  jar.take(res)
  return res
}

describe('on a real node:http server', () => {
  it('a new session: exact Set-Cookie, key = md5(id + 127.0.0.1 + UA)', async () => {
    const jar = new Jar()
    const res = await get(jar, '/count')
    const body = (await res.json()) as { id: string; key: string; views: number }
    const cookies = res.headers.getSetCookie()
    expect(cookies).toEqual([`connect.sid=${body.id}; path=/; httpOnly; expires=${new Date(clock.now() + 5_000).toUTCString()}`])
    expect(body.key).toBe(md5hex(`${body.id}127.0.0.1IntegrationAgent/1.0`))
    expect(body.views).toBe(1)
  })

  it('data persists across requests with the same cookie', async () => {
    const jar = new Jar()
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    const second = (await (await get(jar, '/count')).json()) as { id: string; views: number }
    expect(second.id).toBe(first.id)
    expect(second.views).toBe(2)
  })

  it('a changed User-Agent gets a new session; the old one is untouched', async () => {
    const jar = new Jar()
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    const other = (await (await get(jar, '/count', 'AnotherAgent/2.0')).json()) as { id: string; views: number }
    expect(other.id).not.toBe(first.id)
    expect(other.views).toBe(1)
  })

  it('a changed client address gets a new session (fingerprint binds the IP)', async () => {
    const jar = new Jar()
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    // Same cookie and UA, but the request arrives from ::1 instead of 127.0.0.1.
    const url = new URL(base)
    const res = await new Promise<{ id: string }>((resolve, reject) => {
      const r = http.get(
        { host: '127.0.0.1', port: url.port, path: '/count', headers: { cookie: jar.header(), 'user-agent': 'IntegrationAgent/1.0' }, localAddress: '127.0.0.2' },
        (m) => {
          let data = ''
          m.on('data', (c) => (data += c))
          m.on('end', () => resolve(JSON.parse(data) as { id: string }))
        },
      )
      r.on('error', reject)
    })
    expect(res.id).not.toBe(first.id)
  })

  it('destroy removes the session and sends no cookie; the next request starts over', async () => {
    const jar = new Jar()
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    const before = store.size
    const out = await get(jar, '/logout')
    expect(await out.json()).toEqual({ destroyed: true })
    expect(out.headers.getSetCookie()).toEqual([])
    expect(store.size).toBe(before - 1)
    const again = (await (await get(jar, '/count')).json()) as { id: string; views: number }
    expect(again.id).not.toBe(first.id)
    expect(again.views).toBe(1)
  })

  it('regenerate issues a new id, keeps the request going, and the old key is gone', async () => {
    const jar = new Jar()
    await get(jar, '/count')
    const res = await get(jar, '/login')
    const body = (await res.json()) as { before: string; after: string }
    expect(body.after).not.toBe(body.before)
    expect(jar.cookies.get('connect.sid')).toBe(body.after)
    expect(store.entries().some((e) => e.data.id === body.before)).toBe(false)
    expect(store.entries().find((e) => e.data.id === body.after)?.data.user).toBe('ada')
  })

  it('reaping after maxAge, driven by the injected clock: reaped at the first reap after going stale', async () => {
    const jar = new Jar()
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    clock.advance(4_000)
    expect(store.entries().some((e) => e.data.id === first.id)).toBe(true)
    clock.advance(2_000) // idle 6 s > 5 s, and a reap has run since it went stale
    expect(store.entries().some((e) => e.data.id === first.id)).toBe(false)
    const again = (await (await get(jar, '/count')).json()) as { id: string; views: number }
    expect(again.id).not.toBe(first.id)
    expect(again.views).toBe(1)
  })

  it('a session idle past maxAge but before the next reap is revived (the zombie window)', async () => {
    const jar = new Jar()
    // Line up just after a reap so the next one is a full interval away.
    clock.advance(2_000 - (clock.now() % 2_000))
    const first = (await (await get(jar, '/count')).json()) as { id: string }
    clock.advance(5_500) // stale for 0.5 s; reaps at +2 s and +4 s found it fresh, the next is at +6 s
    const again = (await (await get(jar, '/count')).json()) as { id: string; views: number }
    expect(again.id).toBe(first.id)
    expect(again.views).toBe(2)
  })
})

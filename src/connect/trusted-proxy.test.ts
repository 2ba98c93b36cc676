import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { cookieDecoder, createServer, MemoryStore, session, trustedProxy, type Request, type SessionEvent } from './index.ts'
import { drive } from '../../test/support/drive.ts'

const md5hex = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')
const req = (remoteAddress: string, xff?: string | string[]) =>
  ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress } }) as unknown as Request

describe('trustedProxy: the client address behind a trusted proxy', () => {
  const viaLocalProxy = trustedProxy(['127.0.0.1'])

  it('takes the address the trusted proxy forwarded', () => {
    expect(viaLocalProxy(req('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9')
    expect(viaLocalProxy(req('::ffff:127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9')
  })

  it('ignores the header from a peer that is not a trusted proxy (a client cannot choose its address)', () => {
    expect(viaLocalProxy(req('198.51.100.4', '127.0.0.1'))).toBe('198.51.100.4')
    expect(viaLocalProxy(req('198.51.100.4', '203.0.113.9, 127.0.0.1'))).toBe('198.51.100.4')
  })

  it('reads the chain from the right, so addresses a client prepends are never believed', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended what it saw.
    expect(viaLocalProxy(req('127.0.0.1', '1.2.3.4, 203.0.113.9'))).toBe('203.0.113.9')
    const twoProxies = trustedProxy(['127.0.0.1', '10.0.0.2'])
    expect(twoProxies(req('127.0.0.1', '1.2.3.4, 203.0.113.9, 10.0.0.2'))).toBe('203.0.113.9')
    expect(twoProxies(req('127.0.0.1', ['1.2.3.4', '203.0.113.9, 10.0.0.2']))).toBe('203.0.113.9')
  })

  it('keeps the peer when the header is missing, empty or malformed, and never reads past a bad entry', () => {
    expect(viaLocalProxy(req('127.0.0.1'))).toBe('127.0.0.1')
    expect(viaLocalProxy(req('127.0.0.1', ''))).toBe('127.0.0.1')
    expect(viaLocalProxy(req('127.0.0.1', 'unknown'))).toBe('127.0.0.1')
    expect(viaLocalProxy(req('127.0.0.1', '203.0.113.9, garbage'))).toBe('127.0.0.1')
  })

  it('stops after a bounded number of trusted hops', () => {
    const all = trustedProxy(() => true)
    const chain = Array.from({ length: 10_000 }, (_, i) => `10.0.${i >> 8 & 255}.${i & 255}`).join(', ')
    expect(all(req('127.0.0.1', chain))).toMatch(/^10\.0\./)
  })

  it('accepts a test function, given canonical addresses and the hop, where only true means trusted', () => {
    const seen: [string, number][] = []
    const fn = trustedProxy((address, hop) => {
      seen.push([address, hop])
      return address.startsWith('10.')
    })
    expect(fn(req('::ffff:10.0.0.1', '203.0.113.9, 10.0.0.5'))).toBe('203.0.113.9')
    expect(seen).toEqual([['10.0.0.1', 0], ['10.0.0.5', 1], ['203.0.113.9', 2]])
    expect(trustedProxy((() => 'yes') as never)(req('10.0.0.1', '203.0.113.9'))).toBe('10.0.0.1')
  })

  it('refuses a bad setting with a TypeError that says what to write', () => {
    expect(() => trustedProxy(['127.0.0.1', 'localhost'])).toThrow(/"localhost" is not an IPv4 or IPv6 address.*\['127\.0\.0\.1', '::1'\]/)
    expect(() => trustedProxy(['10.0.0.0/8'])).toThrow(TypeError)
    expect(() => trustedProxy([])).toThrow(/non-empty array/)
    expect(() => trustedProxy('127.0.0.1' as never)).toThrow(/non-empty array/)
    expect(() => trustedProxy(true as never)).toThrow(/spoofing/)
  })
})

describe('session({ trustProxy })', () => {
  const ua = { 'user-agent': 'ua' }

  it('without the option, everyone behind the proxy is keyed by the proxy address', async () => {
    let key = ''
    let id = ''
    const app = createServer(cookieDecoder(), session({ store: new MemoryStore({ reapInterval: -1 }) }), (r: Request, res) => {
      key = r.sessionHash!
      id = r.session!.id
      res.end()
    })
    await drive(app, { remoteAddress: '127.0.0.1', headers: { ...ua, 'x-forwarded-for': '203.0.113.9' } })
    expect(key).toBe(md5hex(`${id}127.0.0.1ua`))
  })

  it('with it, the key binds the forwarded client address, and the fingerprint event shows it', async () => {
    let key = ''
    let id = ''
    const mw = session({ store: new MemoryStore({ reapInterval: -1 }), trustProxy: ['127.0.0.1'] })
    const events: SessionEvent[] = []
    mw.on((e) => events.push(e))
    const app = createServer(cookieDecoder(), mw, (r: Request, res) => {
      key = r.sessionHash!
      id = r.session!.id
      res.end()
    })
    await drive(app, { remoteAddress: '127.0.0.1', headers: { ...ua, 'x-forwarded-for': '203.0.113.9' } })
    expect(key).toBe(md5hex(`${id}203.0.113.9ua`))
    expect(events.find((e) => e.type === 'fingerprint')).toMatchObject({ inputs: { id, remoteAddress: '203.0.113.9', userAgent: 'ua' } })
    // A client talking to the server directly cannot pose as another address.
    await drive(app, { remoteAddress: '198.51.100.4', headers: { ...ua, 'x-forwarded-for': '203.0.113.9' } })
    expect(key).toBe(md5hex(`${id}198.51.100.4ua`))
  })

  it('a stolen cookie replayed with a forged header from outside does not open the session', async () => {
    const store = new MemoryStore({ reapInterval: -1 })
    let id = ''
    const app = createServer(cookieDecoder(), session({ store, trustProxy: ['127.0.0.1'] }), (r: Request, res) => {
      id = r.session!.id
      res.end()
    })
    const victim = await drive(app, { remoteAddress: '127.0.0.1', headers: { ...ua, 'x-forwarded-for': '203.0.113.9' } })
    await drive(app, { remoteAddress: '198.51.100.4', headers: { ...ua, 'x-forwarded-for': '203.0.113.9', cookie: `connect.sid=${victim.sid}` } })
    expect(id).not.toBe(victim.sid)
  })

  it('is validated when session() is built', () => {
    expect(() => session({ trustProxy: ['not-an-ip'] })).toThrow(/session: trustProxy: "not-an-ip" is not an IPv4 or IPv6 address/)
    expect(() => session({ trustProxy: ['127.0.0.1'], fingerprint: () => 'k' })).toThrow(/custom fingerprint reads it with trustedProxy/)
  })
})

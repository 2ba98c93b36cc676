import { describe, expect, it } from 'vitest'
import { compressToEncodedURIComponent } from 'lz-string'
import { md5 } from '../../connect/index.ts'
import { captureWorld, createWorld, restoreRecording, type World } from '../../sim/index.ts'
import { SHARE_VERSION, ShareError, decodeShare, encodeShare } from './codec.ts'
import v1 from './fixtures/link-v1.json'

const ALICE = { name: 'alice', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 6.1) Firefox/3.6.6', ip: '192.0.2.10' }
const BOB = { name: 'bob', userAgent: 'Mozilla/5.0 (Macintosh) Safari/533.16', ip: '198.51.100.7' }

function busyWorld(): World {
  const world = createWorld({ maxAge: 60_000, reapInterval: 10_000 })
  world.addBrowser(ALICE)
  world.addBrowser(BOB)
  world.dispatch('alice')
  world.advance(5_000)
  world.dispatch('bob', { method: 'POST', path: '/login?user=bob' })
  world.advance(30_000)
  world.stealCookie('alice', 'bob')
  world.storeCall({ method: 'length' })
  world.advance(1_000)
  return world
}

function table(world: World): string[] {
  return world.sessions().map((s) => `${s.key} ${s.id} ${s.lastAccess} ${JSON.stringify(s.data)}`)
}

function tamper(link: string, at: number): string {
  const i = link.length - at
  const c = link[i] === 'A' ? 'B' : 'A'
  return link.slice(0, i) + c + link.slice(i + 1)
}

const pack = (body: string, version = SHARE_VERSION) => `${version}.${md5(body).slice(0, 12)}.${compressToEncodedURIComponent(body)}`

describe('share links', () => {
  it('pack a recording and unpack the same one, in URL-safe characters', () => {
    const recording = captureWorld(busyWorld())
    const link = encodeShare(recording)
    expect(link.startsWith(`${SHARE_VERSION}.`)).toBe(true)
    expect(link).toMatch(/^[A-Za-z0-9+\-$.]+$/)
    expect(decodeShare(link)).toEqual(recording)
  })

  it('stay short after a 10,000-request burst', { timeout: 60_000 }, () => {
    const world = createWorld()
    world.addBrowser({ name: 'crawler', userAgent: 'Googlebot/2.1', ip: '66.249.66.1' })
    for (let i = 0; i < 40; i++) world.burst('crawler', 250)
    const link = encodeShare(captureWorld(world))
    expect(link.length).toBeLessThan(400)
    expect(table(restoreRecording(decodeShare(link)))).toEqual(table(world))
  })

  it('of version 1 keep opening, on the same world they were made from', () => {
    const recording = decodeShare(v1.link)
    expect(recording.actions.map((a) => a.kind)).toEqual([
      'send', 'send', 'send', 'stealCookie', 'send', 'configure', 'send', 'addBrowser', 'send', 'setIp', 'setUserAgent', 'send', 'storeCall', 'clearCookies', 'removeBrowser', 'advance',
    ])
    const world = restoreRecording(recording)
    expect(world.now()).toBe(v1.now)
    expect(table(world)).toEqual(v1.sessions)
    expect(world.browsers()).toEqual(v1.browsers)
    // Written again, it is a version 2 link to the same world.
    expect(table(restoreRecording(decodeShare(encodeShare(captureWorld(world)))))).toEqual(v1.sessions)
  })

  it('refuse a tampered link with a clear message', () => {
    const link = encodeShare(captureWorld(busyWorld()))
    expect(() => decodeShare(tamper(link, 5))).toThrow(ShareError)
    expect(() => decodeShare(tamper(link, 5))).toThrow(/damaged|altered or cut short/)
    expect(() => decodeShare(link.slice(0, -12))).toThrow(/damaged|altered or cut short/)
    const [version, sum] = link.split('.')
    const forged = `${version}.${sum}.${compressToEncodedURIComponent('{"config":{}}')}`
    expect(() => decodeShare(forged)).toThrow(/checksum/)
  })

  it('refuse a malformed link: not the format, bad JSON, wrong shapes', () => {
    expect(() => decodeShare('')).toThrow(/malformed/)
    expect(() => decodeShare('hello world')).toThrow(/malformed/)
    expect(() => decodeShare(pack('{not json'))).toThrow(/not valid JSON/)
    expect(() => decodeShare(pack('[]'))).toThrow(/malformed: \(root\) expected object/)
    const good = captureWorld(busyWorld())
    expect(() => decodeShare(pack(JSON.stringify({ ...good, actions: [{ at: 1, kind: 'launchMissiles' }] })))).toThrow(/actions\[0\]\.kind expected one of send, burst/)
    expect(() => decodeShare(pack(JSON.stringify({ ...good, config: { ...good.config, maxAge: 'long' } })))).toThrow(/config\.maxAge/)
    expect(() => decodeShare(pack(JSON.stringify({ config: {}, browsers: [], actions: [], now: 5 }), 1))).not.toThrow()
    expect(() => decodeShare(pack(JSON.stringify({ config: {}, browsers: [], actions: [{ t: 0, kind: 'copyCookie', from: 'a' }], now: 5 }), 1))).toThrow(/actions\[0\]\.to/)
  })

  it('of another version are refused by name', () => {
    const link = encodeShare(captureWorld(busyWorld()))
    const future = link.replace(/^\d+\./, `${SHARE_VERSION + 1}.`)
    expect(() => decodeShare(future)).toThrow(`version ${SHARE_VERSION + 1}`)
  })
})

import { describe, expect, it } from 'vitest'
import { checkIp } from './browser.ts'
import { createWorld } from './world.ts'

describe('checkIp', () => {
  it.each(['192.0.2.1', '0.0.0.0', '255.255.255.255', '::1', '::', '2001:db8::1', '2001:0db8:0000:0000:0000:ff00:0042:8329', 'fe80::1:2:3:4', '::ffff:192.0.2.1', '64:ff9b::198.51.100.7', '1:2:3:4:5:6:7::'])(
    'takes %s',
    (ip) => expect(checkIp(ip)).toBe(ip),
  )

  it.each(['', ' ', '256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '192.0.2.1\r\nX-Evil: 1', '192.0.2.1 ', 'localhost', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::1', '::ffff:999.0.0.1', 'g::1', '1:2:3:4:5:6:7:8::', '1'.repeat(46)])(
    'refuses %j with a message that says what an address looks like',
    (ip) => expect(() => checkIp(ip)).toThrow(/is not an IP address: use IPv4 like 192\.0\.2\.1 or IPv6/),
  )

  it('refuses what is not a string, and quotes long input shortened', () => {
    expect(() => checkIp(42)).toThrow(/must be a string; got 42/)
    expect(() => checkIp('9'.repeat(100_000))).toThrow(/"9{60}"… \(99940 more characters\) is not an IP address/)
  })

  it('guards every way an address enters a world, changing nothing when refused', () => {
    const w = createWorld()
    expect(() => w.addBrowser({ name: 'a', userAgent: 'UA', ip: '10.0.0.1\n' })).toThrow(/not an IP address/)
    expect(w.browsers()).toEqual([])
    w.addBrowser({ name: 'a', userAgent: 'UA', ip: '2001:db8::7' })
    expect(() => w.setIp('a', '10.0.0.999')).toThrow(/not an IP address/)
    expect(w.browsers()[0]?.ip).toBe('2001:db8::7')
    expect(w.actions()).toHaveLength(1)
  })
})

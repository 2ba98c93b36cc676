import { describe, expect, it } from 'vitest'
import { cookieDecoder, parseCookie, serializeCookie, type Request } from './index.ts'
import { SessionCookieWriter } from './cookie.ts'

const plain = (o: object) => ({ ...o })

describe('parseCookie: the 2010 vectors (U-03)', () => {
  it.each([
    ['foo=bar', { foo: 'bar' }],
    ['SID=123', { sid: '123' }],
    ['SID=123;SID=somethingElse', { sid: '123' }],
    ['foo   =  bar; baz = raz', { foo: 'bar', baz: 'raz' }],
    ['fbs="uid=0987654321&name=Test+User"', { fbs: 'uid=0987654321&name=Test User' }],
  ])('%s', (header, expected) => {
    expect(plain(parseCookie(header))).toEqual(expected)
  })
})

describe('parseCookie: 2010 edge rules (§3.2)', () => {
  it.each([
    ['a=1, b=2', { a: '1', b: '2' }, 'commas split like semicolons'],
    ['foo', { '': 'foo' }, 'a piece without = is the name ""'],
    ['=v', { '': 'v' }, 'an empty name'],
    ['a="unterminated', { a: 'unterminate' }, 'a leading quote drops the first and last character'],
    ['a=""', { a: '' }, 'an empty quoted value'],
    ['a="', { a: '' }, 'a lone quote'],
    ['a=x"', { a: 'x"' }, 'a trailing quote alone is kept'],
    ['a=  "q"  ', { a: 'q' }, 'trimmed before unquoting'],
    ['a="x;y"', { a: '', '': 'y"' }, 'quoted separators still split'],
    ['a=%41%zz%4', { a: 'A%zz%4' }, 'malformed escapes stay literal'],
    ['a=%', { a: '%' }, 'a lone percent'],
    ['a=%E2%82%AC', { a: '€' }, 'escapes are UTF-8 bytes'],
    ['a=%FF', { a: '\uFFFD' }, 'an invalid byte becomes U+FFFD'],
    ['a=caf%C3%A9+au+lait', { a: 'café au lait' }, 'plus and escapes together'],
    ['a=é', { a: 'é' }, 'literal non-ASCII is kept'],
    ['SID=1; sid=2', { sid: '1' }, 'names are lowercased before first-wins'],
  ])('%s → %o (%s)', (header, expected, _why) => {
    expect(plain(parseCookie(header))).toEqual(expected)
  })

  it('keeps __proto__, constructor, toString and map as ordinary names (fixes Q7)', () => {
    const c = parseCookie('__proto__=x; constructor=y; toString=z; map=m; hasOwnProperty=h')
    // Nothing is inherited: the only names are the cookies'.
    expect(Object.getPrototypeOf(Object.getPrototypeOf(c))).toBeNull()
    expect((c as Record<string, unknown>).valueOf).toBeUndefined()
    expect(Object.keys(c)).toEqual(['__proto__', 'constructor', 'tostring', 'map', 'hasownproperty'])
    expect(c['__proto__']).toBe('x')
    expect(c.constructor).toBe('y')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('serializeCookie (U-04)', () => {
  it.each([
    [['foo', 'bar', { path: '/' }], 'foo=bar; path=/'],
    [['foo', 'bar', { secure: true }], 'foo=bar; secure'],
    [['foo', 'bar', { secure: false }], 'foo=bar'],
    [['foo', 'foo bar'], 'foo=foo%20bar'],
  ] as const)('%o → %s', (args, expected) => {
    expect(serializeCookie(...(args as unknown as Parameters<typeof serializeCookie>))).toBe(expected)
  })

  it('writes a Date with toUTCString and other values verbatim, in key order', () => {
    const expires = new Date(Date.UTC(2010, 6, 9, 17, 51, 20))
    expect(serializeCookie('connect.sid', 'abc', { path: '/', httpOnly: true, expires })).toBe(
      'connect.sid=abc; path=/; httpOnly; expires=Fri, 09 Jul 2010 17:51:20 GMT',
    )
    expect(serializeCookie('n', 'v', { maxAge: 1000, domain: 'example.com' })).toBe('n=v; maxAge=1000; domain=example.com')
  })

  it('omits null and undefined attributes (2010 wrote expires=null, Q17)', () => {
    expect(serializeCookie('n', 'v', { expires: null, path: undefined })).toBe('n=v')
  })

  it('refuses names and attributes that would break the header', () => {
    expect(() => serializeCookie('bad name', 'v')).toThrow(/not a valid token/)
    expect(() => serializeCookie('n', 'v', { path: '/a; secure' })).toThrow(/must not contain/)
    expect(() => serializeCookie('n', 'v', { domain: 'x\r\nSet-Cookie: evil=1' })).toThrow(TypeError)
    expect(() => serializeCookie('n', 'v', { 'bad key': 'x' })).toThrow(/attribute name/)
  })

  it('escapes the value so it can carry separators', () => {
    expect(serializeCookie('n', 'a;b c')).toBe('n=a%3Bb%20c')
  })
})

describe('cookieDecoder (C-01, C-02)', () => {
  const run = (headers: Request['headers']): Request => {
    const req: Request = { headers }
    let called = 0
    cookieDecoder()(req, {} as never, () => called++)
    expect(called).toBe(1) // synchronous, always (fixes Q18)
    return req
  }

  it('C-01: no Cookie header gives {}', () => {
    expect(plain(run({}).cookies!)).toEqual({})
  })

  it('C-02: Cookie sid=123 gives { sid: "123" }', () => {
    expect(plain(run({ cookie: 'sid=123' }).cookies!)).toEqual({ sid: '123' })
  })

  it('leaves the header in place and is idempotent when run twice (fixes Q19)', () => {
    const req: Request = { headers: { cookie: 'a=1' } }
    cookieDecoder()(req, {} as never, () => {})
    cookieDecoder()(req, {} as never, () => {})
    expect(req.headers.cookie).toBe('a=1')
    expect(plain(req.cookies!)).toEqual({ a: '1' })
  })

  it('joins repeated Cookie headers as Node does', () => {
    expect(plain(run({ cookie: ['a=1', 'b=2; a=3'] }).cookies!)).toEqual({ a: '1', b: '2' })
  })
})

describe('SessionCookieWriter', () => {
  it('writes what serializeCookie writes with the expiry, at instants in one second, across seconds and at the edges', () => {
    const writer = new SessionCookieWriter()
    const options = Object.freeze({ path: '/', httpOnly: true })
    const base = Date.UTC(2010, 5, 1, 12, 0, 0)
    const instants = [base, base + 20, base + 999, base + 1_000, base + 1_020, base + 0.5, base - 1, base - 1_001, 0, 999, -1, -1_000.5, 8.64e15 - 1, 8.64e15, 8.64e15 + 1, 8.64e15 + 2, base, base + 20.25]
    for (const ms of instants) {
      expect(writer.write('connect.sid', 'a b', options, ms)).toBe(serializeCookie('connect.sid', 'a b', { ...options, expires: new Date(ms) }))
    }
  })
})

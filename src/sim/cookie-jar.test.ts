import { describe, expect, it } from 'vitest'
import { serializeCookie } from '../connect/index.ts'
import { CookieJar, defaultPath, parseSetCookie, pathMatches } from './cookie-jar.ts'

const T0 = Date.UTC(2010, 6, 9, 12, 0, 0)
const inOneHour = new Date(T0 + 3_600_000).toUTCString()

describe('parseSetCookie', () => {
  it('reads the library’s own Set-Cookie', () => {
    const header = serializeCookie('connect.sid', 'abc', { path: '/', httpOnly: true, expires: new Date(T0 + 14_400_000) })
    expect(header).toBe('connect.sid=abc; path=/; httpOnly; expires=Fri, 09 Jul 2010 16:00:00 GMT')
    expect(parseSetCookie(header, '/', T0)).toEqual({
      name: 'connect.sid',
      value: 'abc',
      path: '/',
      expires: T0 + 14_400_000,
      httpOnly: true,
      secure: false,
    })
  })

  it('lets Max-Age win over Expires, in either order, and treats Max-Age ≤ 0 as already expired', () => {
    expect(parseSetCookie(`a=1; Max-Age=60; Expires=${inOneHour}`, '/', T0)?.expires).toBe(T0 + 60_000)
    expect(parseSetCookie(`a=1; Expires=${inOneHour}; max-age=60`, '/', T0)?.expires).toBe(T0 + 60_000)
    expect(parseSetCookie('a=1; Max-Age=0', '/', T0)?.expires).toBe(Number.NEGATIVE_INFINITY)
    // An unparsable expiry is ignored: a session cookie.
    expect(parseSetCookie('a=1; expires=someday', '/', T0)?.expires).toBeNull()
  })

  it('defaults the path to the request path’s directory, and ignores a path not starting with /', () => {
    expect(defaultPath('/')).toBe('/')
    expect(defaultPath('/login')).toBe('/')
    expect(defaultPath('/account/login')).toBe('/account')
    expect(parseSetCookie('a=1', '/account/login', T0)?.path).toBe('/account')
    expect(parseSetCookie('a=1; path=account', '/x/y', T0)?.path).toBe('/x')
  })

  it('ignores a cookie without a name', () => {
    expect(parseSetCookie('novalue', '/', T0)).toBeNull()
    expect(parseSetCookie('=x; path=/', '/', T0)).toBeNull()
  })
})

describe('pathMatches', () => {
  it('matches the path itself and what lies below it, not lookalike prefixes', () => {
    expect(pathMatches('/', '/')).toBe(true)
    expect(pathMatches('/account', '/')).toBe(true)
    expect(pathMatches('/account/x', '/account')).toBe(true)
    expect(pathMatches('/account', '/account')).toBe(true)
    expect(pathMatches('/accounts', '/account')).toBe(false)
    expect(pathMatches('/account/x', '/account/')).toBe(true)
    expect(pathMatches('/', '/account')).toBe(false)
  })
})

describe('CookieJar', () => {
  it('stores what Set-Cookie says and sends it back where the path matches', () => {
    const jar = new CookieJar()
    jar.receive(`connect.sid=abc; path=/; httpOnly; expires=${inOneHour}`, '/', T0)
    expect(jar.cookieHeader('/', T0)).toBe('connect.sid=abc')
    expect(jar.cookieHeader('/deep/page', T0)).toBe('connect.sid=abc')
    expect(jar.list(T0)).toEqual([{ name: 'connect.sid', value: 'abc', path: '/', expires: T0 + 3_600_000, httpOnly: true, secure: false }])
  })

  it('replaces a cookie with the same name and path, keeping its place, and keeps other paths apart', () => {
    const jar = new CookieJar()
    jar.receive('a=1; path=/', '/', T0)
    jar.receive('b=2; path=/', '/', T0)
    jar.receive('a=one; path=/', '/', T0)
    jar.receive('a=deep; path=/app', '/', T0)
    expect(jar.size).toBe(3)
    // Longer paths first; among equal paths, the older cookie first (a's creation time survives its replacement).
    expect(jar.cookieHeader('/app/x', T0)).toBe('a=deep; a=one; b=2')
    expect(jar.cookieHeader('/', T0)).toBe('a=one; b=2')
    expect(jar.get('a')?.value).toBe('deep')
  })

  it('drops cookies once the virtual time reaches their expiry, and never sends them', () => {
    const jar = new CookieJar()
    jar.receive(`a=1; expires=${new Date(T0 + 5000).toUTCString()}`, '/', T0)
    jar.receive('keep=1', '/', T0)
    expect(jar.cookieHeader('/', T0 + 4999)).toBe('a=1; keep=1')
    expect(jar.list(T0 + 5000).map((c) => c.name)).toEqual(['keep'])
    expect(jar.cookieHeader('/', T0 + 5000)).toBe('keep=1')
    expect(jar.size).toBe(1)
  })

  it('deletes a cookie when the server sets it again with an expiry in the past', () => {
    const jar = new CookieJar()
    jar.receive('a=1; path=/', '/', T0)
    jar.receive('a=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT', '/', T0)
    expect(jar.size).toBe(0)
    jar.receive('b=1', '/', T0)
    jar.receive('b=1; Max-Age=0', '/', T0)
    expect(jar.cookieHeader('/', T0)).toBe('')
  })

  it('keeps httpOnly as a flag and withholds secure cookies from plain http', () => {
    const jar = new CookieJar()
    jar.receive('s=1; Secure; HttpOnly', '/', T0)
    expect(jar.get('s')).toMatchObject({ httpOnly: true, secure: true })
    expect(jar.cookieHeader('/', T0)).toBe('')
    expect(jar.cookieHeader('/', T0, true)).toBe('s=1')
  })

  it('takes a copy of a cookie as is (a theft), and can be cleared', () => {
    const victim = new CookieJar()
    victim.receive(`connect.sid=abc; path=/; httpOnly; expires=${inOneHour}`, '/', T0)
    const thief = new CookieJar()
    thief.add(victim.get('connect.sid', T0)!)
    expect(thief.cookieHeader('/', T0)).toBe('connect.sid=abc')
    expect(thief.get('connect.sid')?.expires).toBe(T0 + 3_600_000)
    thief.clear()
    expect(thief.size).toBe(0)
    expect(victim.size).toBe(1)
    expect(() => thief.add({ name: '', value: 'x', path: '/', expires: null, httpOnly: false, secure: false })).toThrow(TypeError)
  })

  it('is rebuilt exactly from a snapshot, creation order included', () => {
    const jar = new CookieJar()
    jar.receive('a=1', '/', T0)
    jar.receive('b=2', '/', T0)
    const expiries = new Float64Array(4)
    // No room for both from index 3: nothing is written.
    expect(jar.writeExpiries(expiries, 3)).toBe(-1)
    expect(jar.writeExpiries(new Float64Array(0), 0)).toBe(-1)
    expect(expiries[3]).toBe(0)
    expect(jar.writeExpiries(expiries, 1)).toBe(3)
    const copy = CookieJar.from(jar.snapshot(), expiries, 1)
    copy.receive('c=3', '/', T0)
    jar.receive('c=3', '/', T0)
    expect(copy.list()).toEqual(jar.list())
    expect(copy.cookieHeader('/', T0)).toBe(jar.cookieHeader('/', T0))
  })

  it('treats a re-sent cookie by its attributes, not only its name=value', () => {
    const jar = new CookieJar()
    jar.receive(`a=1; path=/; expires=${inOneHour}`, '/', T0)
    // Same name=value, later expiry: the expiry moves on.
    jar.receive(`a=1; path=/; expires=${new Date(T0 + 7_200_000).toUTCString()}`, '/', T0)
    expect(jar.list()).toEqual([{ name: 'a', value: '1', path: '/', expires: T0 + 7_200_000, httpOnly: false, secure: false }])
    // Same name=value on another path: another cookie.
    jar.receive('a=1; path=/app', '/', T0)
    expect(jar.size).toBe(2)
    // Same name=value and path with a new flag: replaced, keeping its place.
    jar.receive('a=1; path=/; HttpOnly', '/', T0)
    expect(jar.list().map((c) => [c.path, c.httpOnly, c.expires])).toEqual([
      ['/', true, null],
      ['/app', false, null],
    ])
    // Same name=value, expired: deleted.
    jar.receive('a=1; path=/app; Max-Age=0', '/', T0)
    expect(jar.list().map((c) => c.path)).toEqual(['/'])
    // A value that merely starts like the held one is a different value.
    jar.receive('a=12; path=/', '/', T0)
    expect(jar.get('a')?.value).toBe('12')
  })

  it('changes its version exactly when its contents change', () => {
    const jar = new CookieJar()
    const v0 = jar.version
    jar.cookieHeader('/', T0)
    expect(jar.version).toBe(v0)
    jar.receive('a=1', '/', T0)
    expect(jar.version).not.toBe(v0)
  })

  it('changes its shape with its cookies but not when only an expiry moves, and keeps expiries apart', () => {
    const jar = new CookieJar()
    jar.receive('sid=1; expires=Fri, 09 Jul 2010 16:00:00 GMT', '/', T0)
    const shape = jar.shape
    const snapshot = jar.snapshot()
    jar.receive('sid=1; expires=Fri, 09 Jul 2010 17:00:00 GMT', '/', T0)
    expect(jar.shape).toBe(shape)
    const expiries = new Float64Array(1)
    jar.writeExpiries(expiries, 0)
    expect(expiries[0]).toBe(Date.UTC(2010, 6, 9, 17))
    const rebuilt = CookieJar.from(snapshot, expiries, 0)
    expect(rebuilt.list()).toEqual(jar.list())
    jar.receive('sid=2', '/', T0)
    expect(jar.shape).not.toBe(shape)
    jar.writeExpiries(expiries, 0)
    expect(expiries[0]).toBeNaN()
    const afterReplace = CookieJar.from(jar.snapshot(), expiries, 0)
    expect(afterReplace.get('sid')).toMatchObject({ value: '2', expires: null })
    const beforeDelete = jar.shape
    jar.receive('sid=2; max-age=0', '/', T0)
    expect(jar.shape).not.toBe(beforeDelete)
    expect(jar.size).toBe(0)
  })

  it('sends what a fresh walk of its cookies would, however often the same request repeats', () => {
    const jar = new CookieJar()
    const soon = new Date(T0 + 2_000).toUTCString()
    jar.receive(`sid=1; path=/; expires=${soon}`, '/', T0)
    jar.receive('pref=dark; path=/app', '/', T0)
    jar.receive('tok=s; path=/; secure', '/', T0)
    expect(jar.cookieHeader('/', T0)).toBe('sid=1')
    expect(jar.cookieHeader('/app', T0)).toBe('pref=dark; sid=1')
    expect(jar.cookieHeader('/app', T0, true)).toBe('pref=dark; sid=1; tok=s')
    expect(jar.cookieHeader('/', T0 + 1_999)).toBe('sid=1')
    // The session cookie's expiry passes: the repeat must not answer from before it.
    expect(jar.cookieHeader('/', T0 + 2_000)).toBe('')
    expect(jar.size).toBe(2)
    // A rolling expiry moved later, then earlier, by Set-Cookie and by a copied cookie.
    jar.receive(`sid=2; path=/; expires=${new Date(T0 + 60_000).toUTCString()}`, '/', T0 + 2_000)
    expect(jar.cookieHeader('/', T0 + 30_000)).toBe('sid=2')
    jar.receive(`sid=2; path=/; expires=${new Date(T0 + 40_000).toUTCString()}`, '/', T0 + 30_000)
    expect(jar.cookieHeader('/', T0 + 40_000)).toBe('')
    jar.add({ name: 'sid', value: '3', path: '/', expires: T0 + 90_000, httpOnly: false, secure: false })
    expect(jar.cookieHeader('/', T0 + 50_000)).toBe('sid=3')
    jar.add({ name: 'sid', value: '3', path: '/', expires: T0 + 55_000, httpOnly: false, secure: false })
    expect(jar.cookieHeader('/', T0 + 56_000)).toBe('')
  })
})

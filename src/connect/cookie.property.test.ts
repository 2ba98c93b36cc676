import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cookieDecoder, createServer, MemoryStore, parseCookie, serializeCookie, session, type Request, type Response } from './index.ts'
import { drive } from '../../test/support/drive.ts'
import { decodeCookieValue } from './cookie.ts'

const awkwardNames = fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf', 'connect.sid', 'CONNECT.SID', 'map', '')
const name = fc.oneof(awkwardNames, fc.string({ maxLength: 12 }))
const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('%', '%zz', '%E2%82', '"', '""', '+', '%00'))
const piece = fc.tuple(name, value).map(([n, v]) => `${n}=${v}`)
const header = fc.oneof(
  fc.array(piece, { maxLength: 12 }).chain((pieces) => fc.constantFrom('; ', ';', ', ', ',').map((sep) => pieces.join(sep))),
  fc.string({ unit: 'binary', maxLength: 300 }),
)

function snapshotObjectPrototype(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort()
}

describe('arbitrary Cookie headers', () => {
  it('through cookieDecoder + session: never throw, never touch Object.prototype, always answer', async () => {
    const before = snapshotObjectPrototype()
    const store = new MemoryStore({ reapInterval: -1 })
    const app = createServer(cookieDecoder(), session({ store }), (req: Request, res: Response) => {
      req.session!.views = ((req.session!.views as number | undefined) ?? 0) + 1
      res.end('ok')
    })
    await fc.assert(
      fc.asyncProperty(header, async (cookie) => {
        const { status, setCookies } = await drive(app, { headers: { cookie } })
        expect(status).toBe(200)
        expect(setCookies[0]).toMatch(/^connect\.sid=[0-9a-f]{32}; path=\/; httpOnly; expires=/)
        expect(({} as Record<string, unknown>).x).toBeUndefined()
      }),
      { numRuns: 500 },
    )
    expect(snapshotObjectPrototype()).toEqual(before)
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })

  it('parseCookie: first occurrence of a name wins', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/)), { minLength: 1, maxLength: 20 }), (pairs) => {
        const parsed = parseCookie(pairs.map(([n, v]) => `${n}=${v}`).join('; '))
        const expected = new Map<string, string>()
        for (const [n, v] of pairs) if (!expected.has(n)) expected.set(n, v)
        expect(new Map(Object.entries(parsed))).toEqual(expected)
      }),
    )
  })

  it('parseCookie: the pieces are those of a split on /[;,] */, ends and empty pieces included', () => {
    // The rules written the plain way (the parser scans instead, for speed): split, then first occurrence wins.
    const bySplit = (h: string): [string, string][] => {
      const out = new Map<string, string>()
      for (const p of h.split(/[;,] */)) {
        const eq = p.indexOf('=')
        const n = eq === -1 ? '' : p.slice(0, eq).trim().toLowerCase()
        if (out.has(n)) continue
        let v = (eq === -1 ? p : p.slice(eq + 1)).trim()
        if (v.charCodeAt(0) === 34) v = v.slice(1, -1)
        out.set(n, v)
      }
      return [...out]
    }
    const separators = fc.array(fc.constantFrom(';', ',', ' ', '=', 'a', 'B', '"', '\t'), { maxLength: 30 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(fc.oneof(separators, header), (h) => {
        const parsed = Object.entries(parseCookie(h)).map(([n, v]) => [n, v] as [string, string])
        const expected = bySplit(h).map(([n, v]) => [n, decodeCookieValue(v)] as [string, string])
        // Object.entries lists integer-like names first, so the order is not compared.
        const byName = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
        expect(parsed.sort(byName)).toEqual(expected.sort(byName))
      }),
      { numRuns: 1000 },
    )
  })

  it('serializeCookie: the value is written as encodeURIComponent writes it', () => {
    const unreserved = fc.array(fc.constantFrom(...'azAZ09-_.!~*\'()'), { maxLength: 40 }).map((cs) => cs.join(''))
    const anyText = fc.string({ unit: 'grapheme', maxLength: 40 })
    fc.assert(
      fc.property(fc.oneof(unreserved, anyText, fc.constantFrom('', ' ', '%', 'a b', 'é', '🍪', 'a;b', "it's")), (v) => {
        expect(serializeCookie('n', v)).toBe(`n=${encodeURIComponent(v)}`)
      }),
      { numRuns: 1000 },
    )
  })

  it('parseCookie: any length, any bytes, no throw, no inherited names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), (h) => {
        const parsed = parseCookie(h)
        // No inherited names: the prototype chain holds one empty, null-prototype object.
        expect(Object.getPrototypeOf(Object.getPrototypeOf(parsed))).toBeNull()
        expect(Object.getOwnPropertyNames(Object.getPrototypeOf(parsed))).toEqual([])
        for (const v of Object.values(parsed)) expect(typeof v).toBe('string')
      }),
      { numRuns: 300 },
    )
    const huge = 'a=1; '.repeat(200_000) + 'connect.sid=x'
    expect(parseCookie(huge).a).toBe('1')
  })
})

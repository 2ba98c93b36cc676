import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseCookie } from '../connect/index.ts'
import { explainCookieHeader, RULES, sameCookies, type PieceExplanation, type RuleId } from './cookie-rules.ts'
import { PRESET_GROUPS } from './cookie-presets.ts'

const rulesOf = (piece: PieceExplanation | undefined): RuleId[] => (piece?.steps ?? []).map((s) => s.rule)
const plain = (o: object) => ({ ...o })

describe('explainCookieHeader agrees with parseCookie', () => {
  it.each([
    'foo=bar',
    'SID=123',
    'SID=123;SID=somethingElse',
    'foo   =  bar; baz = raz',
    'fbs="uid=0987654321&name=Test+User"',
    '__proto__=x',
    'SID=1; sid=2',
    'a="x;y"',
    '%E2%82%AC',
    'a=%41%zz%4',
    'a=1, b=2',
    ';;',
    ' ; ;',
    'a="',
    'a=""',
    'a="unterminated',
    'a=%FF',
    'constructor=1; MAP=2; toString=3',
  ])('%s', (header) => {
    const explained = explainCookieHeader(header)
    expect(plain(explained.cookies)).toEqual(plain(parseCookie(header)))
    expect(sameCookies(explained.cookies, parseCookie(header))).toBe(true)
  })

  it('for any header, built from awkward pieces or arbitrary text', () => {
    const awkward = fc.constantFrom('__proto__', 'constructor', 'map', 'SID', 'sid', ' Sid ', '', 'a b', '"', '=', '%', '+')
    const text = fc.string({ unit: fc.constantFrom('a', 'B', '=', ';', ',', ' ', '"', '%', '+', '2', 'E', 'z', 'é', '€', '\t'), maxLength: 40 })
    const piece = fc.tuple(fc.oneof(awkward, text), fc.oneof(awkward, text, fc.constantFrom('%E2%82%AC', '%zz', '"q"', 'x+y'))).map(([n, v]) => `${n}=${v}`)
    const header = fc.oneof(
      fc.array(piece, { minLength: 1, maxLength: 8 }).chain((ps) => fc.constantFrom(';', '; ', ',', ', ').map((sep) => ps.join(sep))),
      text.filter((t) => t !== ''),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
    )
    fc.assert(
      fc.property(header, (h) => {
        const explained = explainCookieHeader(h)
        expect(sameCookies(explained.cookies, parseCookie(h))).toBe(true)
        // Exactly one kept piece per name, and kept pieces carry the value parseCookie reports.
        const parsed = parseCookie(h)
        for (const piece of explained.pieces) {
          if (piece.kept) expect(parsed[piece.name]).toBe(piece.value)
          else expect(rulesOf(piece)).toContain('duplicate')
        }
        expect(explained.pieces.filter((p) => p.kept).length).toBe(Object.keys(parsed).length)
      }),
      { numRuns: 2000 },
    )
  })

  it('an empty header has no pieces and no cookies, as cookieDecoder leaves it', () => {
    expect(explainCookieHeader('')).toEqual({ pieces: [], cookies: {} })
  })
})

describe('every rule it names really changed something', () => {
  const header = fc.string({ unit: fc.constantFrom('a', 'B', '=', ';', ',', ' ', '"', '%', '+', '4', '1', 'z'), minLength: 1, maxLength: 40 })

  it('a piece no rule touched reads the same after parsing', () => {
    fc.assert(
      fc.property(header, (h) => {
        for (const piece of explainCookieHeader(h).pieces) {
          const rules = rulesOf(piece).filter((r) => r !== 'split' && r !== 'prototype-name')
          if (rules.length === 0) expect(`${piece.name}=${piece.value}`).toBe(piece.raw)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('name and value steps record a real before and after', () => {
    fc.assert(
      fc.property(header, (h) => {
        for (const piece of explainCookieHeader(h).pieces) {
          for (const step of piece.steps) {
            if (step.before !== undefined) expect(step.after).not.toBe(step.before)
          }
          const rawName = piece.raw.includes('=') ? piece.raw.slice(0, piece.raw.indexOf('=')) : null
          const nameRules = rulesOf(piece).filter((r) => r === 'name-trimmed' || r === 'name-lowercased')
          if (rawName === null) expect(rulesOf(piece)).toContain('no-equals')
          else expect(nameRules.length > 0).toBe(rawName !== piece.name)
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('the rules the lab shows for the 2010 vectors and the tricky cases', () => {
  it('SID=123;SID=somethingElse: one cookie sid=123, the second piece dropped as a duplicate', () => {
    const { pieces, cookies } = explainCookieHeader('SID=123;SID=somethingElse')
    expect(plain(cookies)).toEqual({ sid: '123' })
    expect(pieces).toHaveLength(2)
    expect(rulesOf(pieces[0])).toEqual(['split', 'name-lowercased'])
    expect(pieces[0]?.kept).toBe(true)
    expect(rulesOf(pieces[1])).toEqual(['split', 'name-lowercased', 'duplicate'])
    expect(pieces[1]?.kept).toBe(false)
    expect(pieces[1]?.value).toBe('somethingElse')
    expect(pieces[1]?.separator).toBe(';')
  })

  it('foo   =  bar; baz = raz: names and values trimmed', () => {
    const { pieces } = explainCookieHeader('foo   =  bar; baz = raz')
    expect(rulesOf(pieces[0])).toEqual(['split', 'name-trimmed', 'value-trimmed'])
    expect(pieces[0]?.steps[1]).toMatchObject({ before: 'foo   ', after: 'foo' })
    expect(rulesOf(pieces[1])).toEqual(['split', 'name-trimmed', 'value-trimmed'])
  })

  it('fbs="uid=…&name=Test+User": quote stripped, then + to space; the first = splits', () => {
    const { pieces } = explainCookieHeader('fbs="uid=0987654321&name=Test+User"')
    expect(pieces).toHaveLength(1)
    expect(pieces[0]?.name).toBe('fbs')
    expect(rulesOf(pieces[0])).toEqual(['quote-stripped', 'plus-to-space'])
    expect(pieces[0]?.value).toBe('uid=0987654321&name=Test User')
  })

  it('__proto__=x is an ordinary cookie, flagged as one 2010 dropped', () => {
    const { pieces, cookies } = explainCookieHeader('__proto__=x')
    expect(rulesOf(pieces[0])).toEqual(['prototype-name'])
    expect(Object.keys(cookies)).toEqual(['__proto__'])
    expect(cookies['__proto__']).toBe('x')
  })

  it('MAP and constructor are flagged, toString is not (it no longer matches once lowercased)', () => {
    const { pieces } = explainCookieHeader('MAP=1; constructor=2; toString=3')
    expect(rulesOf(pieces[0])).toContain('prototype-name')
    expect(rulesOf(pieces[1])).toContain('prototype-name')
    expect(rulesOf(pieces[2])).not.toContain('prototype-name')
  })

  it('SID=1; sid=2: lowercasing makes the second a duplicate', () => {
    const { pieces } = explainCookieHeader('SID=1; sid=2')
    expect(rulesOf(pieces[0])).toEqual(['split', 'name-lowercased'])
    expect(rulesOf(pieces[1])).toEqual(['split', 'duplicate'])
  })

  it('a="x;y": the quoted semicolon still splits; the halves lose a character and get the empty name', () => {
    const { pieces, cookies } = explainCookieHeader('a="x;y"')
    expect(plain(cookies)).toEqual({ a: '', '': 'y"' })
    expect(rulesOf(pieces[0])).toEqual(['split', 'quote-stripped'])
    expect(pieces[0]?.steps[1]?.note).toBe('the last character was not a quote')
    expect(rulesOf(pieces[1])).toEqual(['split', 'no-equals'])
  })

  it('%E2%82%AC: no = so the empty name; the three bytes decode to one euro sign', () => {
    const { pieces } = explainCookieHeader('%E2%82%AC')
    expect(rulesOf(pieces[0])).toEqual(['no-equals', 'percent-decoded'])
    expect(pieces[0]?.steps[1]).toMatchObject({ before: '%E2%82%AC', after: '€' })
    expect(pieces[0]?.name).toBe('')
    expect(pieces[0]?.value).toBe('€')
  })

  it('a=%41%zz%4: one escape decoded, the malformed ones kept', () => {
    const { pieces } = explainCookieHeader('a=%41%zz%4')
    expect(rulesOf(pieces[0])).toEqual(['percent-decoded', 'malformed-escape'])
    expect(pieces[0]?.value).toBe('A%zz%4')
  })

  it('a=1, b=2: the comma splits like a semicolon', () => {
    const { pieces } = explainCookieHeader('a=1, b=2')
    expect(pieces.map((p) => p.separator)).toEqual([null, ','])
    expect(pieces[1]?.steps[0]).toMatchObject({ rule: 'split', note: "after ','" })
  })

  it('every preset agrees with parseCookie and every rule has a label and a description', () => {
    for (const group of PRESET_GROUPS) {
      for (const preset of group.presets) {
        expect(sameCookies(explainCookieHeader(preset.header).cookies, parseCookie(preset.header))).toBe(true)
      }
    }
    for (const info of Object.values(RULES)) {
      expect(info.label).not.toBe('')
      expect(info.description).toMatch(/\.$/)
    }
  })
})

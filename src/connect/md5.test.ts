import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
// The pure-JS build that browsers get; under Node the package's default export routes to node:crypto instead.
import { md5 as browserBuildMd5 } from 'js-md5/build/md5.mjs'
import { md5 } from './index.ts'

const reference = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

describe('md5', () => {
  it('U-01: md5("wahoo") is e493298061761236c96b02ea6aa8a2ad', () => {
    expect(md5('wahoo')).toBe('e493298061761236c96b02ea6aa8a2ad')
    expect(Buffer.from(md5('wahoo'), 'hex').toString('base64')).toBe('5JMpgGF2EjbJawLqaqiirQ==')
  })

  it('equals node:crypto on random UTF-8 strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
      expect(md5(s)).toBe(reference(s))
    }), { numRuns: 1000 })
  })

  it('the browser build equals node:crypto on random UTF-8 strings, across block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(browserBuildMd5(s)).toBe(reference(s))
      }),
      { numRuns: 1000 },
    )
    for (let n = 0; n < 140; n++) {
      const s = 'é'.repeat(n) + 'x'.repeat(n % 7)
      expect(browserBuildMd5(s)).toBe(reference(s))
    }
  })

  it('hashes a lone surrogate as U+FFFD, like node:crypto', () => {
    expect(md5('a\uD800b')).toBe(reference('a\uD800b'))
    expect(md5('a\uD800b')).toBe(reference('a\uFFFDb'))
  })
})

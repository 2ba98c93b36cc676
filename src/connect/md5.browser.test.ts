import { expect, it } from 'vitest'
import { md5 } from './md5.ts'
import vectors from '../../test/fixtures/md5-vectors.json'

// Runs in Chromium, where js-md5 resolves to its pure-JS build; the vectors were made with node:crypto.
it('md5 in the browser matches node:crypto vectors', () => {
  expect(navigator.userAgent).toMatch(/Chrome\//)
  expect(vectors.length).toBeGreaterThan(100)
  for (const [text, hex] of vectors as [string, string][]) expect(md5(text)).toBe(hex)
})

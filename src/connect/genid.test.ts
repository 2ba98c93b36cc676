import { describe, expect, it } from 'vitest'
import { ID_BITS, ID_BYTES, randomId } from './genid.ts'

describe('randomId', () => {
  it('carries ID_BITS bits: ID_BYTES random bytes, two hex digits each', () => {
    const id = randomId()
    expect(id).toMatch(/^[0-9a-f]+$/)
    expect(id.length).toBe(ID_BYTES * 2)
    expect(id.length * 4).toBe(ID_BITS)
  })

  it('gives a different id each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()))
    expect(ids.size).toBe(1000)
  })
})

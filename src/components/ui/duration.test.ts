import { describe, expect, it } from 'vitest'
import { readDuration } from './duration.ts'

describe('readDuration', () => {
  const reap = { name: 'reapInterval', allowOff: true }
  const age = { name: 'maxAge', allowOff: false }

  it('turns an amount and a unit into milliseconds', () => {
    expect(readDuration({ amount: '10', unit: 'min' }, age)).toEqual({ ms: 600_000 })
    expect(readDuration({ amount: ' 1.5 ', unit: 's' }, age)).toEqual({ ms: 1500 })
  })

  it('says why 0, text and an empty field are refused', () => {
    expect(readDuration({ amount: '0', unit: 'min' }, age)).toEqual({ error: expect.stringContaining('0 would mean no maxAge') })
    expect(readDuration({ amount: 'ten', unit: 'min' }, age)).toEqual({ error: expect.stringContaining('“ten” is not a number') })
    expect(readDuration({ amount: '', unit: 'min' }, age)).toEqual({ error: expect.stringContaining('Enter how long maxAge is') })
    expect(readDuration({ amount: '-5', unit: 's' }, age)).toEqual({ error: 'maxAge must be more than 0.' })
    expect(readDuration({ amount: '0.0001', unit: 'ms' }, age)).toEqual({ error: expect.stringContaining('rounds to 0 ms') })
  })

  it('takes −1 as "off" only where reaping can be turned off', () => {
    expect(readDuration({ amount: '-1', unit: 'min' }, reap)).toEqual({ ms: -1 })
    expect(readDuration({ amount: '-1', unit: 'min' }, age)).toEqual({ error: expect.stringContaining('maxAge cannot be turned off') })
    expect(readDuration({ amount: '0', unit: 's' }, reap)).toEqual({ error: expect.stringContaining('or −1 to turn it off') })
  })

  it('quotes long text shortened', () => {
    const result = readDuration({ amount: 'x'.repeat(500), unit: 's' }, age)
    expect('error' in result && result.error.length).toBeLessThan(120)
  })
})

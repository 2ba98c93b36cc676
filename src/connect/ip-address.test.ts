import { describe, expect, it } from 'vitest'
import { canonicalAddress } from './ip-address.ts'

describe('canonicalAddress', () => {
  it('writes the same address one way, however it came', () => {
    expect(canonicalAddress('127.0.0.1')).toBe('127.0.0.1')
    expect(canonicalAddress('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(canonicalAddress('::FFFF:7f00:1')).toBe('127.0.0.1')
    expect(canonicalAddress('::1')).toBe(canonicalAddress('0:0:0:0:0:0:0:1'))
    expect(canonicalAddress('2001:DB8::1')).toBe(canonicalAddress('2001:0db8:0:0:0:0:0:1'))
    expect(canonicalAddress('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4:5:6:102:304')
  })

  it('refuses what is not an address', () => {
    for (const bad of ['', 'abc', '1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4 ', 'fe80::1%eth0', '10.0.0.0/8', '1:2:3:4:5:6:7:8:9', ':::', '1::2::3', 'unknown']) {
      expect(canonicalAddress(bad), bad).toBeNull()
    }
  })
})

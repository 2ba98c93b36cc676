import { describe, expect, it } from 'vitest'
import { md5 } from '../connect/index.ts'
import { concatenationAmbiguity, fingerprintParts, presentedFingerprint, savedFingerprint } from './attack-lab.ts'
import { restoreRecording } from './recording.ts'
import type { TimedAction } from './actions.ts'
import { verdictLabel, verdictsOf } from './verdict.ts'

const UA = 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6'

function lab(seed: number, actions: TimedAction[], mallory = '203.0.113.66') {
  return restoreRecording({
    config: { seed },
    browsers: [
      { name: 'alice', userAgent: UA, ip: '1.2.3.4' },
      { name: 'mallory', userAgent: UA, ip: mallory },
    ],
    actions,
  })
}

describe('fingerprintParts', () => {
  it('joins id, address and User-Agent with nothing between and hashes them as the library does', () => {
    const p = fingerprintParts('abc', '1.2.3.4', 'UA')
    expect(p.joined).toBe('abc1.2.3.4UA')
    expect(p.key).toBe(md5('abc1.2.3.4UA'))
  })
})

describe('saved and presented fingerprints', () => {
  it('a thief from another network presents the victim id under a key the store does not hold', () => {
    const world = lab(7, [
      { kind: 'send', at: 1000, browser: 'alice', method: 'POST', path: '/login?user=alice' },
      { kind: 'stealCookie', at: 2000, from: 'alice', to: 'mallory' },
      { kind: 'send', at: 3000, browser: 'mallory', path: '/whoami' },
    ])
    const trace = world.trace()
    const saved = savedFingerprint(trace, 'alice')
    const thief = presentedFingerprint(trace, 'mallory')
    expect(saved).not.toBeNull()
    expect(thief?.id).toBe(saved?.id)
    expect(thief?.ip).toBe('203.0.113.66')
    expect(thief?.key).not.toBe(saved?.key)
    expect(world.sessions().some((s) => s.key === saved?.key)).toBe(true)
    expect(presentedFingerprint(trace, 'alice')).toBeNull()
    expect(verdictsOf(trace).map(verdictLabel)).toEqual(['new: no cookie', 'blocked by the fingerprint'])
  })
})

describe('the concatenation ambiguity', () => {
  // Seed 33 gives alice a first id ending in 1, the case the lesson reproduces.
  const world = lab(33, [{ kind: 'send', at: 1000, browser: 'alice', method: 'POST', path: '/login?user=alice' }])
  const saved = savedFingerprint(world.trace(), 'alice')

  it('the shorter id from 11.2.3.4 gives the key alice is stored under', () => {
    expect(saved?.id.endsWith('1')).toBe(true)
    const a = concatenationAmbiguity(saved!, '11.2.3.4', UA)
    expect(a?.matchingIp).toBe('11.2.3.4')
    expect(a?.forged.id).toBe(saved!.id.slice(0, -1))
    expect(a?.forged.joined).toBe(a?.victim.joined)
    expect(a?.forged.key).toBe(saved!.key)
    expect(a?.same).toBe(true)
    expect(world.sessions().map((s) => s.key)).toContain(a?.forged.key)
  })

  it('any other address gives another key', () => {
    const a = concatenationAmbiguity(saved!, '1.2.3.4', UA)
    expect(a?.same).toBe(false)
    expect(a?.forged.joined).not.toBe(a?.victim.joined)
  })
})

import { describe, expect, it } from 'vitest'
import { loadScenario, type ComparisonData } from '../../sim/index.ts'
import stolen from '../../../content/scenarios/stolen-cookie-blocked.json'
import { decodeComparison, encodeComparison } from './comparison.ts'
import { ShareError } from './codec.ts'

const { config, browsers, actions } = loadScenario(stolen)
const data: ComparisonData = { title: 'theft', stream: { config, browsers, actions }, columns: [{ label: '2010', fingerprint: 'default' }, { label: 'id only', fingerprint: 'none', maxAge: 60_000 }] }

describe('comparison links', () => {
  it('round-trip a comparison', () => {
    expect(decodeComparison(encodeComparison(data))).toEqual(data)
  })

  it('round-trip a column in 2010 mode, and refuse a quirk id the simulator does not know', () => {
    const with2010: ComparisonData = { ...data, columns: [data.columns[0]!, { label: '2010 mode', quirks: '2010' }, { label: 'one quirk', quirks: ['destroy-answers-500'] }] }
    expect(decodeComparison(encodeComparison(with2010))).toEqual(with2010)
    const bad = { ...data, columns: [data.columns[0]!, { label: 'x', quirks: ['no-such-quirk'] }] } as unknown as ComparisonData
    expect(() => decodeComparison(encodeComparison(bad))).toThrow(/malformed: columns\[1\]\.quirks/)
  })

  it('refuse a damaged, altered or newer link with words for the reader', () => {
    const text = encodeComparison(data)
    expect(() => decodeComparison('garbage')).toThrow(ShareError)
    expect(() => decodeComparison(text.replace(/^1\./, '9.'))).toThrow(/version 9/)
    const [v, sum, body] = text.split('.')
    expect(() => decodeComparison(`${v}.${'0'.repeat(12)}.${body}`)).toThrow(/checksum/)
    expect(sum).toHaveLength(12)
  })
})

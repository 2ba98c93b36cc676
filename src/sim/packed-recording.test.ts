import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ActionData, TimedAction } from './actions.ts'
import { packRecording, unpackRecording, type PackedRecording } from './packed-recording.ts'
import type { Recording } from './recording.ts'
import { mixedTraffic } from './traffic.ts'

const recording = (actions: TimedAction<ActionData>[]): Recording => ({ config: { seed: 3 }, browsers: [{ name: 'a', userAgent: 'UA', ip: '10.0.0.1' }], actions })

describe('a packed recording', () => {
  it('unpacks to the recording it was packed from, also after a structured clone', () => {
    const stream = mixedTraffic(5_000, 300)
    const packed = packRecording(stream)
    expect(unpackRecording(packed)).toEqual(stream)
    expect(unpackRecording(structuredClone(packed))).toEqual(stream)
  })

  it('keeps each repeated send once, whatever its times', () => {
    const stream = mixedTraffic(5_000, 300)
    const packed = packRecording(stream)
    const sends = stream.actions.flatMap((a) => (a.kind === 'send' ? [`${a.browser} ${a.path}`] : []))
    expect(packed.distinct.filter((a) => a.kind === 'send')).toHaveLength(new Set(sends).size)
    expect(packed.distinct.length).toBeLessThan(stream.actions.length / 4)
    expect(packed.distinct.every((a) => !('at' in a))).toBe(true)
  })

  it('keeps apart sends that differ in method, path, body or note, and names no sends alike by joining them', () => {
    const actions: TimedAction<ActionData>[] = [
      { kind: 'send', browser: 'a', path: '/', at: 0 },
      { kind: 'send', browser: 'a', method: 'GET', path: '/', at: 1 },
      { kind: 'send', browser: 'a', method: 'POST', path: '/', body: 'x=1', at: 2 },
      { kind: 'send', browser: 'a', method: 'POST', path: '/', body: 'x=2', at: 3 },
      { kind: 'send', browser: 'a', path: '/', note: 'look here', at: 4 },
      { kind: 'send', browser: 'a\u0000b', path: 'c', at: 5 },
      { kind: 'send', browser: 'a', path: 'b\u0000c', at: 6 },
      { kind: 'send', browser: 'a', at: 7 },
      { kind: 'send', browser: 'a', path: '/' },
      { kind: 'advance', ms: 10 },
      { kind: 'send', browser: 'a', path: '/', at: 20 },
    ]
    const packed = packRecording(recording(actions))
    expect(packed.distinct).toHaveLength(actions.length - 2)
    expect([...packed.order].slice(-3)).toEqual([0, packed.distinct.length - 1, 0])
    const back = unpackRecording(packed).actions
    expect(back).toEqual(actions)
    expect('at' in back[8]!).toBe(false)
    expect('method' in back[0]!).toBe(false)
  })

  it('gives every action an object of its own', () => {
    const actions: TimedAction<ActionData>[] = [
      { kind: 'send', browser: 'a', path: '/' },
      { kind: 'send', browser: 'a', path: '/' },
    ]
    const packed = packRecording(recording(actions))
    const [first, second] = unpackRecording(packed).actions
    expect(first).not.toBe(second)
    expect(first).not.toBe(packed.distinct[0])
  })

  it('unpacks any list of actions to an equal list', () => {
    const send = fc.record(
      { kind: fc.constant('send' as const), browser: fc.constantFrom('a', 'b', 'a\u0000'), method: fc.constantFrom('GET', 'POST'), path: fc.constantFrom('/', '/x', ''), body: fc.string(), note: fc.string(), at: fc.nat() },
      { requiredKeys: ['kind', 'browser'] },
    )
    const other = fc.oneof(
      fc.record({ kind: fc.constant('advance' as const), ms: fc.nat() }),
      fc.record({ kind: fc.constant('setIp' as const), browser: fc.constantFrom('a', 'b'), ip: fc.constantFrom('10.0.0.2', '::1'), at: fc.nat() }, { requiredKeys: ['kind', 'browser', 'ip'] }),
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(send, send, other), { maxLength: 40 }), (actions) => {
        const r = recording(actions as TimedAction<ActionData>[])
        expect(unpackRecording(structuredClone(packRecording(r)))).toEqual(r)
      }),
    )
  })

  it('refuses arrays that do not fit together, naming what is wrong', () => {
    const packed = packRecording(recording([{ kind: 'send', browser: 'a', path: '/', at: 0 }]))
    const bad: PackedRecording = { ...packed, at: new Float64Array(2) }
    expect(() => unpackRecording(bad)).toThrow(/1 actions but 2 times/)
    const outside: PackedRecording = { ...packed, order: Uint32Array.of(5) }
    expect(() => unpackRecording(outside)).toThrow(/action 1 .* names entry 5/)
    const recordingAsIs = recording([{ kind: 'send', browser: 'a', path: '/' }]) as unknown as PackedRecording
    expect(() => unpackRecording(recordingAsIs)).toThrow(/not a packed recording: make one with packRecording/)
    expect(() => unpackRecording(null as unknown as PackedRecording)).toThrow(TypeError)
  })
})

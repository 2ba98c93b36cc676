import { describe, expect, it } from 'vitest'
import { quote, QUOTE_LIMIT } from './quote.ts'
import { createWorld } from './world.ts'

describe('quote', () => {
  it('shows short input whole and quoted, line breaks visible', () => {
    expect(quote('alice')).toBe('"alice"')
    expect(quote('a\r\nb')).toBe('"a\\r\\nb"')
    expect(quote(42)).toBe('42')
    expect(quote(undefined)).toBe('undefined')
    expect(quote({ a: 1 })).toBe('{"a":1}')
    expect(quote(() => 1)).toBe('a function')
  })

  it('cuts long input and says how much was left out', () => {
    const long = 'x'.repeat(10_000_000)
    const shown = quote(long)
    expect(shown.length).toBeLessThan(QUOTE_LIMIT + 40)
    expect(shown).toMatch(/^"x+"… \(9999940 more characters\)$/)
    expect(quote({ big: long }).length).toBeLessThan(QUOTE_LIMIT + 40)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(quote(cyclic)).toBe('an object')
  })

  it('keeps the simulator\'s error messages short whatever was pasted', () => {
    const w = createWorld()
    const huge = 'Mallory'.repeat(1_000_000)
    const messages: string[] = []
    const attempt = (fn: () => unknown): void => {
      try {
        fn()
      } catch (err) {
        messages.push((err as Error).message)
      }
    }
    attempt(() => w.send(huge))
    attempt(() => w.addBrowser({ name: 'a', userAgent: 'UA', ip: huge }))
    attempt(() => w.configure({ [huge]: 1 } as never))
    attempt(() => w.fault({ latency: huge as never }))
    attempt(() => createWorld({ seed: huge as never }))
    expect(messages).toHaveLength(5)
    for (const m of messages) expect(m.length).toBeLessThan(400)
  })
})

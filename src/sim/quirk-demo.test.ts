import { describe, expect, it } from 'vitest'
import { QUIRK_IDS } from '../connect/index.ts'
import { runQuirkDemo } from './quirk-demo.ts'

describe('the /changes demos', () => {
  it('every quirk has a demo whose 2010 run differs from today’s', async () => {
    for (const quirk of QUIRK_IDS) {
      const then = await runQuirkDemo(quirk, '2010')
      const now = await runQuirkDemo(quirk, 'today')
      expect(then.lines.length, quirk).toBeGreaterThan(0)
      expect(then.lines.map((l) => l.action), quirk).toEqual(now.lines.map((l) => l.action))
      // math-random-ids differs in every run anyway; its lengths tell the two apart.
      if (quirk !== 'math-random-ids') expect(then.lines.map((l) => l.outcome), quirk).not.toEqual(now.lines.map((l) => l.outcome))
    }
  })

  it('shows the documented outcomes', async () => {
    const destroy = await runQuirkDemo('destroy-answers-500', '2010')
    expect(destroy.lines[1]!.outcome).toMatch(/^500 “TypeError: Cannot read properties of undefined/)
    expect((await runQuirkDemo('destroy-answers-500', 'today')).lines[1]!.outcome).toBe('200 “bye”, no Set-Cookie')
    expect((await runQuirkDemo('prototype-cookie-names', '2010')).lines[0]!.outcome).toBe('req.cookies has theme')
    expect((await runQuirkDemo('prototype-cookie-names', 'today')).lines[0]!.outcome).toBe('req.cookies has __proto__, constructor, map, theme')
    for (const line of (await runQuirkDemo('math-random-ids', 'today')).lines) expect(line.outcome).toMatch(/\(32 hex characters\)$/)
  })

  it('refuses an unknown quirk', async () => {
    await expect(runQuirkDemo('nope' as never, '2010')).rejects.toThrow(/not a quirk id/)
  })
})

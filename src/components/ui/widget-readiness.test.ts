import { describe, expect, it } from 'vitest'
import { createWidgetReadiness } from './widget-readiness.ts'

describe('createWidgetReadiness', () => {
  it('is ready as soon as it opens when no widget holds it', () => {
    const r = createWidgetReadiness()
    let ready = 0
    r.open(() => ready++)
    expect(ready).toBe(1)
  })

  it('waits for every widget that holds it, and counts a widget released twice once', () => {
    const r = createWidgetReadiness()
    let ready = 0
    const a = r.hold()
    const b = r.hold()
    r.open(() => ready++)
    expect(ready).toBe(0)
    a()
    a()
    expect(ready).toBe(0)
    b()
    expect(ready).toBe(1)
  })

  it('says nothing before it opens, even when every widget has started', () => {
    const r = createWidgetReadiness()
    let ready = 0
    const a = r.hold()
    a()
    expect(ready).toBe(0)
    r.open(() => ready++)
    expect(ready).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { createQuirkDemoStore, quirksFixedBy } from './quirk-demo-store.ts'

describe('the store of a "what 2010 did" toggle', () => {
  it('covers the quirks of one /changes entry and runs their demos both ways when shown', async () => {
    expect(quirksFixedBy('q25')).toEqual(['assertion-rethrown', 'original-url-rewritten'])
    const store = createQuirkDemoStore('q3')
    expect(store.getState().demos['destroy-answers-500']).toEqual({ status: 'idle' })
    await store.getState().show()
    const demo = store.getState().demos['destroy-answers-500']
    expect(store.getState().open).toBe(true)
    expect(demo?.status).toBe('done')
    if (demo?.status !== 'done') return
    expect(demo.then.lines[1]!.outcome).toMatch(/^500/)
    expect(demo.now.lines[1]!.outcome).toMatch(/^200/)
    store.getState().hide()
    expect(store.getState().open).toBe(false)
  })

  it('refuses an entry without quirks', () => {
    expect(() => createQuirkDemoStore('q15')).toThrow(/no 2010 quirk is listed under \/changes#q15/)
  })
})

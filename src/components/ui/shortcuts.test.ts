import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  handleShortcutKey,
  isCharacterKey,
  keyBelongsToTarget,
  listShortcuts,
  registerShortcut,
  resetShortcuts,
  setCharacterKeysEnabled,
  shortcutFor,
  subscribeShortcuts,
  type KeyTarget,
} from './shortcuts.ts'

type FakeEvent = Parameters<typeof shortcutFor>[0] & { preventDefault: () => void }

function keydown(key: string, extra: Partial<FakeEvent> = {}): FakeEvent {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    defaultPrevented: false,
    target: null,
    preventDefault: vi.fn(),
    ...extra,
  }
}

function element(tagName: string, attrs: Record<string, string> = {}, inside: string[] = []): KeyTarget {
  return {
    tagName,
    type: attrs.type,
    isContentEditable: attrs.contenteditable === 'true',
    getAttribute: (name) => attrs[name] ?? null,
    closest: (selector) => (inside.some((s) => selector.includes(s)) ? {} : null),
  }
}

const run = (event: FakeEvent) => handleShortcutKey(event as unknown as KeyboardEvent)

afterEach(() => resetShortcuts())

describe('the shortcut registry', () => {
  it('runs the handler of a registered key and prevents the default', () => {
    const handler = vi.fn()
    registerShortcut({ key: '?', description: 'Show shortcuts', handler })
    const event = keydown('?')
    expect(run(event)).toBe(true)
    expect(handler).toHaveBeenCalledOnce()
    expect(event.preventDefault).toHaveBeenCalled()
    expect(run(keydown('x'))).toBe(false)
  })

  it("names the space bar 'Space' and refuses ' ' as a key", () => {
    const handler = vi.fn()
    registerShortcut({ key: 'Space', description: 'Play or pause', handler })
    expect(run(keydown(' '))).toBe(true)
    expect(handler).toHaveBeenCalledOnce()
    expect(() => registerShortcut({ key: ' ', description: 'nope' })).toThrow(TypeError)
  })

  it('unregisters, and the latest registration of a key wins until it goes', () => {
    const first = vi.fn()
    const second = vi.fn()
    registerShortcut({ key: 'ArrowRight', description: 'Step', group: 'Simulation', handler: first })
    const off = registerShortcut({ key: 'ArrowRight', description: 'Step', group: 'Simulation', handler: second })
    run(keydown('ArrowRight'))
    expect(second).toHaveBeenCalledOnce()
    expect(first).not.toHaveBeenCalled()
    off()
    run(keydown('ArrowRight'))
    expect(first).toHaveBeenCalledOnce()
    off() // twice is harmless
    expect(listShortcuts()).toHaveLength(1)
  })

  it('skips a registration whose enabled() says no', () => {
    const older = vi.fn()
    const newer = vi.fn()
    registerShortcut({ key: 'Space', description: 'Play', handler: older })
    registerShortcut({ key: 'Space', description: 'Play', handler: newer, enabled: () => false })
    run(keydown(' '))
    expect(newer).not.toHaveBeenCalled()
    expect(older).toHaveBeenCalledOnce()
  })

  it('lists entries with their group (default "Site"), and documentation-only entries run nothing', () => {
    registerShortcut({ key: 'Escape', description: 'Close a dialog' })
    registerShortcut({ key: 'Space', description: 'Play or pause', group: 'Simulation', handler: () => {} })
    expect(listShortcuts().map((s) => [s.key, s.group])).toEqual([
      ['Escape', 'Site'],
      ['Space', 'Simulation'],
    ])
    expect(run(keydown('Escape'))).toBe(false)
  })

  it('tells subscribers about changes and keeps the list stable in between', () => {
    const listener = vi.fn()
    const unsubscribe = subscribeShortcuts(listener)
    const before = listShortcuts()
    expect(listShortcuts()).toBe(before)
    const off = registerShortcut({ key: 't', description: 'Theme', handler: () => {} })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listShortcuts()).not.toBe(before)
    off()
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
  })
})

describe('keys that belong to something else', () => {
  it('ignores modified keys, composition and events already handled', () => {
    const handler = vi.fn()
    registerShortcut({ key: 't', description: 'Theme', handler })
    for (const extra of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }, { isComposing: true }, { defaultPrevented: true }]) {
      expect(run(keydown('t', extra))).toBe(false)
    }
    expect(handler).not.toHaveBeenCalled()
  })

  it('ignores every key typed into text fields, text areas, selects and editable content', () => {
    const handler = vi.fn()
    registerShortcut({ key: '?', description: 'Shortcuts', handler })
    registerShortcut({ key: 'Space', description: 'Play', handler })
    for (const target of [
      element('INPUT', { type: 'text' }),
      element('INPUT'),
      element('INPUT', { type: 'search' }),
      element('INPUT', { type: 'number' }),
      element('TEXTAREA'),
      element('SELECT'),
      element('DIV', { contenteditable: 'true' }),
      element('DIV', { role: 'textbox' }),
    ]) {
      expect(run(keydown('?', { target }))).toBe(false)
      expect(run(keydown(' ', { target }))).toBe(false)
    }
    expect(handler).not.toHaveBeenCalled()
  })

  it('leaves Space and Enter to buttons and links, arrows to sliders, but takes other keys there', () => {
    expect(keyBelongsToTarget('Space', element('BUTTON'))).toBe(true)
    expect(keyBelongsToTarget('Enter', element('A'))).toBe(true)
    expect(keyBelongsToTarget('Space', element('INPUT', { type: 'checkbox' }))).toBe(true)
    expect(keyBelongsToTarget('?', element('BUTTON'))).toBe(false)
    expect(keyBelongsToTarget('ArrowRight', element('INPUT', { type: 'range' }))).toBe(true)
    expect(keyBelongsToTarget('ArrowRight', element('DIV', { role: 'slider' }))).toBe(true)
    expect(keyBelongsToTarget('Space', element('INPUT', { type: 'range' }))).toBe(false)
    expect(keyBelongsToTarget('ArrowRight', element('BUTTON'))).toBe(false)
    expect(keyBelongsToTarget('ArrowRight', element('BODY'))).toBe(false)
    expect(keyBelongsToTarget('ArrowRight', null)).toBe(false)
  })

  it('does nothing while focus is inside an open modal dialog', () => {
    const handler = vi.fn()
    registerShortcut({ key: 't', description: 'Theme', handler })
    expect(run(keydown('t', { target: element('BUTTON', {}, ['dialog[open]']) }))).toBe(false)
    expect(run(keydown('t', { target: element('BUTTON') }))).toBe(true)
    expect(handler).toHaveBeenCalledOnce()
  })
})

describe('single-character shortcuts can be switched off (WCAG 2.1.4)', () => {
  it('silences ?, t and the like, but not Space, arrows or Escape', () => {
    const handler = vi.fn()
    registerShortcut({ key: '?', description: 'Shortcuts', handler })
    registerShortcut({ key: 'Space', description: 'Play', handler })
    registerShortcut({ key: 'ArrowLeft', description: 'Step back', handler })
    setCharacterKeysEnabled(false)
    expect(run(keydown('?'))).toBe(false)
    expect(run(keydown(' '))).toBe(true)
    expect(run(keydown('ArrowLeft'))).toBe(true)
    setCharacterKeysEnabled(true)
    expect(run(keydown('?'))).toBe(true)
    expect(handler).toHaveBeenCalledTimes(3)
  })

  it('knows which keys are character keys', () => {
    expect(['?', 't', '1', '/', '€'].every(isCharacterKey)).toBe(true)
    expect(['Space', 'ArrowLeft', 'Escape', 'Enter'].some(isCharacterKey)).toBe(false)
  })
})

// The site's keyboard shortcuts: a tiny registry that the shell and any widget can add keys to.
// The core is framework-free (and unit-tested in Node); `useShortcut` and `useShortcutList` bind it to React.
import { useEffect, useRef, useSyncExternalStore } from 'react'

/** A key as the registry names it: `KeyboardEvent.key`, except that the space bar is `'Space'`. */
export type ShortcutKey = string

export interface ShortcutSpec {
  /** One key (`'?'`, `'t'`, `'Space'`, `'ArrowRight'`), no modifiers other than the Shift a character needs. */
  key: ShortcutKey
  /** What the key does, as the shortcuts overlay lists it ("Play or pause the simulation"). */
  description: string
  /** Heading the overlay lists it under; default "Site". */
  group?: string
  /** Runs on keydown. Omit it for an entry that is only documented (e.g. Escape, which dialogs handle). */
  handler?: (event: KeyboardEvent) => void
  /** Asked on each keydown; when it returns false the key falls through to older registrations. */
  enabled?: () => boolean
}

export interface Shortcut extends Readonly<ShortcutSpec> {
  readonly id: number
  readonly group: string
}

/** The parts of an event target that decide whether a key belongs to it rather than to the shortcuts. */
export interface KeyTarget {
  tagName?: string
  type?: string
  isContentEditable?: boolean
  getAttribute?(name: string): string | null
  closest?(selector: string): unknown
}

let nextId = 1
let entries: Shortcut[] = []
let snapshot: readonly Shortcut[] = []
const listeners = new Set<() => void>()
let characterKeysOn = true

function changed(): void {
  snapshot = Object.freeze([...entries])
  for (const listener of listeners) listener()
}

/** Adds a shortcut and returns the function that removes it. A later registration of the same key wins. */
export function registerShortcut(spec: ShortcutSpec): () => void {
  if (spec.key === '' || spec.key === ' ') throw new TypeError("shortcut keys are KeyboardEvent.key values; write 'Space' for the space bar")
  const entry: Shortcut = Object.freeze({ ...spec, id: nextId++, group: spec.group ?? 'Site' })
  entries.push(entry)
  changed()
  return () => {
    const before = entries.length
    entries = entries.filter((e) => e !== entry)
    if (entries.length !== before) changed()
  }
}

/** Every registered shortcut, oldest first (a stable array until the registry changes). */
export function listShortcuts(): readonly Shortcut[] {
  return snapshot
}

/** Calls `listener` whenever a shortcut is added or removed; returns the unsubscribe function. */
export function subscribeShortcuts(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/**
 * A character key is one that types a visible character (`?`, `t`, `1`). WCAG 2.1.4 asks that single-character
 * shortcuts can be turned off, so these are the keys `setCharacterKeysEnabled(false)` silences.
 */
export function isCharacterKey(key: ShortcutKey): boolean {
  return [...key].length === 1
}

/** Turns single-character shortcuts on or off (the space bar, arrows and Escape are not affected). */
export function setCharacterKeysEnabled(on: boolean): void {
  if (characterKeysOn === on) return
  characterKeysOn = on
  changed()
}

export function characterKeysEnabled(): boolean {
  return characterKeysOn
}

/** The registry's name for the key of an event. */
export function keyOf(event: Pick<KeyboardEvent, 'key'>): ShortcutKey {
  return event.key === ' ' ? 'Space' : event.key
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'time', 'week'])
const ARROWS_AND_PAGING = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'])
const ACTIVATION_KEYS = new Set(['Space', 'Enter'])
const ACTIVATABLE_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'menuitem', 'tab', 'option'])
const ARROW_ROLES = new Set(['slider', 'spinbutton', 'listbox', 'tablist', 'radiogroup', 'menu', 'menubar', 'grid', 'tree', 'scrollbar'])

/** True when the key belongs to the focused element (typing, moving a slider, pressing a button), not to us. */
export function keyBelongsToTarget(key: ShortcutKey, target: KeyTarget | null | undefined): boolean {
  if (target === null || target === undefined) return false
  const tag = (target.tagName ?? '').toUpperCase()
  const role = target.getAttribute?.('role') ?? ''
  if (target.isContentEditable === true) return true
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') {
    const type = (target.type ?? target.getAttribute?.('type') ?? '').toLowerCase()
    if (TEXT_INPUT_TYPES.has(type)) return true
    if (type === 'range' && ARROWS_AND_PAGING.has(key)) return true
    if ((type === 'checkbox' || type === 'radio' || type === 'button' || type === 'submit' || type === 'reset') && ACTIVATION_KEYS.has(key)) return true
    if (type === 'radio' && ARROWS_AND_PAGING.has(key)) return true
  }
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox') return true
  if (ARROW_ROLES.has(role) && ARROWS_AND_PAGING.has(key)) return true
  if (ACTIVATION_KEYS.has(key) && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || ACTIVATABLE_ROLES.has(role))) return true
  return false
}

/** The shortcut a keydown would run, or undefined. Exposed for tests; `handleShortcutKey` acts on it. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing' | 'defaultPrevented'> & { target?: unknown },
): Shortcut | undefined {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return undefined
  const key = keyOf(event)
  if (!characterKeysOn && isCharacterKey(key)) return undefined
  const target = (event.target ?? null) as KeyTarget | null
  if (keyBelongsToTarget(key, target)) return undefined
  // While a modal dialog is open, its own keys (Tab, Escape) are all that should work.
  if (target !== null && typeof target.closest === 'function' && target.closest('dialog[open], [aria-modal="true"]')) return undefined
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as Shortcut
    if (entry.key !== key || entry.handler === undefined) continue
    if (entry.enabled !== undefined && !entry.enabled()) continue
    return entry
  }
  return undefined
}

/** Runs the shortcut for a keydown, if any; returns whether one ran (and then the event's default is prevented). */
export function handleShortcutKey(event: KeyboardEvent): boolean {
  const entry = shortcutFor(event)
  if (entry === undefined || entry.handler === undefined) return false
  event.preventDefault()
  entry.handler(event)
  return true
}

/** Listens for shortcut keys on a window or element; returns the function that stops listening. */
export function installShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
  const onKeyDown = (event: Event) => {
    handleShortcutKey(event as KeyboardEvent)
  }
  target.addEventListener('keydown', onKeyDown)
  return () => target.removeEventListener('keydown', onKeyDown)
}

/** For tests: forgets every registration and turns character keys back on. */
export function resetShortcuts(): void {
  entries = []
  characterKeysOn = true
  changed()
}

/**
 * Registers a shortcut for as long as the calling component is mounted. The handler may change between renders
 * without re-registering; key, description and group changes re-register.
 */
export function useShortcut(spec: ShortcutSpec): void {
  const latest = useRef(spec)
  useEffect(() => {
    latest.current = spec
  })
  const { key, description, group } = spec
  const hasHandler = spec.handler !== undefined
  const hasEnabled = spec.enabled !== undefined
  useEffect(
    () =>
      registerShortcut({
        key,
        description,
        ...(group !== undefined ? { group } : {}),
        ...(hasHandler ? { handler: (event: KeyboardEvent) => latest.current.handler?.(event) } : {}),
        ...(hasEnabled ? { enabled: () => latest.current.enabled?.() ?? true } : {}),
      }),
    [key, description, group, hasHandler, hasEnabled],
  )
}

/** The registered shortcuts, re-rendering when they change. */
export function useShortcutList(): readonly Shortcut[] {
  return useSyncExternalStore(subscribeShortcuts, listShortcuts, listShortcuts)
}

/** Whether single-character shortcuts are on, re-rendering when that changes. */
export function useCharacterKeysEnabled(): boolean {
  return useSyncExternalStore(subscribeShortcuts, characterKeysEnabled, characterKeysEnabled)
}

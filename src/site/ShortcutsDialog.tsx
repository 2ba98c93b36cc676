import { useId, useRef } from 'react'
import {
  isCharacterKey,
  setCharacterKeysEnabled,
  useCharacterKeysEnabled,
  useShortcutList,
  type Shortcut,
  CloseIcon,
  ModalDialog,
} from '../components/index.ts'

export const CHARACTER_KEYS_STORAGE_KEY = 'sessionscope:character-shortcuts'

const KEY_NAMES: Record<string, string> = {
  Space: 'Space',
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  Escape: 'Esc',
}
const KEY_SPOKEN: Record<string, string> = {
  ArrowLeft: 'Left arrow',
  ArrowRight: 'Right arrow',
  ArrowUp: 'Up arrow',
  ArrowDown: 'Down arrow',
  Escape: 'Escape',
  '?': 'Question mark',
}

/** Restores the reader's choice about single-character shortcuts (call once at start-up). */
export function restoreCharacterKeysChoice(): void {
  try {
    if (localStorage.getItem(CHARACTER_KEYS_STORAGE_KEY) === 'off') setCharacterKeysEnabled(false)
  } catch {
    // No storage: shortcuts stay on.
  }
}

/** A key as a keycap, with a spoken name where the symbol alone would be read badly. */
function KeyName({ name }: { name: string }) {
  const spoken = KEY_SPOKEN[name]
  const shown = KEY_NAMES[name] ?? name
  if (spoken === undefined) return <kbd>{shown}</kbd>
  return (
    <kbd>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{spoken}</span>
    </kbd>
  )
}

function groupShortcuts(list: readonly Shortcut[]): [string, Shortcut[]][] {
  const groups = new Map<string, Shortcut[]>()
  for (const s of list) {
    // A key registered twice in a group (say, by two copies of a widget) is listed once.
    const group = groups.get(s.group) ?? []
    if (!group.some((g) => g.key === s.key && g.description === s.description)) group.push(s)
    groups.set(s.group, group)
  }
  return [...groups]
}

/**
 * The `?` overlay: a modal dialog listing every registered shortcut, open while mounted (its owner keys it by
 * opening: useDialogOpening). Native `<dialog>` keeps focus inside and closes on Escape; focus goes back where it was
 * when it closes.
 */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const shortcuts = useShortcutList()
  const characterKeys = useCharacterKeysEnabled()

  return (
    <ModalDialog dialogRef={ref} onClosed={onClose} className="shortcuts-dialog" labelledBy={titleId}>
      <div className="shortcuts-body">
        <div className="shortcuts-head">
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={() => ref.current?.close()}>
            <CloseIcon />
          </button>
        </div>
        <p className="shortcuts-intro">
          Keys work anywhere on the page except while you are typing in a field.
        </p>
        {groupShortcuts(shortcuts).map(([group, list]) => (
          <section key={group} className="shortcuts-group" aria-label={group}>
            <h3>{group}</h3>
            <dl>
              {list.map((s) => {
                const off = !characterKeys && isCharacterKey(s.key)
                return (
                  <div key={s.id} className={off ? 'shortcut shortcut-off' : 'shortcut'}>
                    <dt>
                      <KeyName name={s.key} />
                    </dt>
                    <dd>
                      {s.description}
                      {off && <span className="shortcut-state"> (off)</span>}
                    </dd>
                  </div>
                )
              })}
            </dl>
          </section>
        ))}
        <label className="switch-row">
          <input
            type="checkbox"
            checked={characterKeys}
            onChange={(event) => {
              const on = event.target.checked
              setCharacterKeysEnabled(on)
              try {
                if (on) localStorage.removeItem(CHARACTER_KEYS_STORAGE_KEY)
                else localStorage.setItem(CHARACTER_KEYS_STORAGE_KEY, 'off')
              } catch {
                // The choice then lasts for this visit only.
              }
            }}
          />
          <span>
            Single-character shortcuts (<kbd>?</kbd>, <kbd>t</kbd>). Turn them off if they get in the way of your
            screen reader or speech input; the button in the header still opens this list.
          </span>
        </label>
      </div>
    </ModalDialog>
  )
}

import type { ReactNode } from 'react'
import { BulbIcon, HistoryIcon, InfoIcon, WarningIcon } from './icons.tsx'

export type NoteKind = 'note' | 'warning' | 'tip' | 'history'

const NOTE_TITLES: Record<NoteKind, string> = { note: 'Note', warning: 'Careful', tip: 'Try it', history: 'In 2010' }
const NOTE_ICONS: Record<NoteKind, () => ReactNode> = { note: InfoIcon, warning: WarningIcon, tip: BulbIcon, history: HistoryIcon }

/** A callout set apart from the prose: `<Note>`, `<Note kind="warning">`, `<Note kind="history" title="…">`. */
export function Note({ kind = 'note', title, children }: { kind?: NoteKind; title?: string; children: ReactNode }) {
  const Icon = NOTE_ICONS[kind]
  return (
    <div className={`callout callout-${kind}`} role="note">
      <p className="callout-title">
        <Icon />
        <span>{title ?? NOTE_TITLES[kind]}</span>
      </p>
      <div className="callout-body">{children}</div>
    </div>
  )
}

// The widget kit: the fields, notes, tables, formatting and hooks that every widget folder builds on, so a duration
// field or an error note looks and behaves the same wherever it appears.
export { TextField, DraftInput, DurationField, OptionList } from './fields.tsx'
export { readDuration } from './duration.ts'
export type { DurationText } from './duration.ts'
export { ErrorNote } from './ErrorNote.tsx'
export { Note } from './Note.tsx'
export type { NoteKind } from './Note.tsx'
export { ScrollTable } from './ScrollTable.tsx'
export { ModalDialog } from './ModalDialog.tsx'
export { useDialogOpening } from './use-dialog-opening.ts'
export type { DialogOpening } from './use-dialog-opening.ts'
export { LinkProblem } from './LinkProblem.tsx'
export { FingerprintPicker, STRATEGY_LABELS, EXAMPLE_FINGERPRINT } from './FingerprintPicker.tsx'
export { settingRefusal } from './setting-refusal.ts'
export { stepWords } from './step-words.ts'
export type { StepWords, StepTone } from './step-words.ts'
export * from './format.ts'
export * from './icons.tsx'
export { useAct, useOnScreen, useFlash } from './use-act.ts'
export { useDraft } from './use-draft.ts'
export { useLinkParam } from './use-link-param.ts'
export { useLiveNearViewport } from './use-near-viewport.ts'
export { WidgetReadinessContext, createWidgetReadiness, useWidgetHold } from './widget-readiness.ts'
export type { WidgetReadiness } from './widget-readiness.ts'
export type { Draft } from './use-draft.ts'
export {
  registerShortcut,
  listShortcuts,
  subscribeShortcuts,
  isCharacterKey,
  setCharacterKeysEnabled,
  characterKeysEnabled,
  installShortcuts,
  useShortcut,
  useShortcutList,
  useCharacterKeysEnabled,
} from './shortcuts.ts'
export type { Shortcut, ShortcutSpec, ShortcutKey } from './shortcuts.ts'

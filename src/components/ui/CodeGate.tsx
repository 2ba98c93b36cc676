import './ui.css'
import { useId } from 'react'
import { FINGERPRINT_BUDGET_MS, loadFingerprintSandbox, type CompileFingerprint } from '../../sim/index.ts'
import { ErrorNote } from './ErrorNote.tsx'
import { sourceSize, visibleSource } from './visible-source.ts'

/**
 * Fetches the sandbox that runs custom code (on first use) and hands `use` its compiler; if it cannot be fetched,
 * `fail` gets the message for the reader. One of the two is called, once.
 */
export function withSandbox(use: (compile: CompileFingerprint) => void, fail: (message: string) => void): void {
  loadFingerprintSandbox().then(
    ({ compileFingerprint }) => use(compileFingerprint),
    (err: unknown) => fail(`The sandbox that runs custom code could not be loaded (${err instanceof Error ? err.message : String(err)}); reload the page to try again.`),
  )
}

/** Source text shown whole: lines wrap, and long blank runs and invisible characters appear as marks. */
export function ShownSource({ source, label }: { source: string; label: string }) {
  return (
    <>
      <p className="ui-source-size">
        {label}: {sourceSize(source)}
      </p>
      <pre className="ui-source" aria-label={label}>
        <code>
          {visibleSource(source).map((piece, i) =>
            piece.kind === 'text' ? (
              piece.text
            ) : (
              <mark key={i} className="ui-source-mark">
                ⟨{piece.label}⟩
              </mark>
            ),
          )}
        </code>
      </pre>
    </>
  )
}

/**
 * Code that arrived from elsewhere (a link, a file) and wants to run, shown in full with the choice to run it or not:
 * a region named by `title`. `intro` says where the code is; `meanwhile`, what the reader has until they say yes.
 */
export function CodeGate({
  title,
  intro,
  meanwhile,
  sources,
  labelOf,
  allowLabel,
  declineLabel,
  onAllow,
  onDecline,
  error,
  busy,
}: {
  title: string
  intro: string
  meanwhile: string
  sources: readonly string[]
  /** The accessible name of the n-th source shown (from 1). */
  labelOf: (n: number) => string
  allowLabel: string
  declineLabel: string
  onAllow: () => void
  onDecline: () => void
  error: string | null
  busy: boolean
}) {
  const titleId = useId()
  return (
    <div className="callout callout-warning ui-gate" role="region" aria-labelledby={titleId}>
      <p id={titleId} className="callout-title">
        {title}
      </p>
      <div className="callout-body">
        <p>
          {intro} It would run in a sandbox that cannot reach this page, its storage or the network, and is stopped after{' '}
          {FINGERPRINT_BUDGET_MS} ms; still, it stays switched off until you have read it and said yes. {meanwhile} Long
          runs of blank space and invisible characters are shown as marks in ⟨angle quotes⟩.
        </p>
        {sources.map((s, i) => (
          <ShownSource key={i} source={s} label={labelOf(i + 1)} />
        ))}
        <div className="ui-gate-actions">
          <button type="button" className="button button-primary" onClick={onAllow} disabled={busy}>
            {allowLabel}
          </button>
          <button type="button" className="button" onClick={onDecline}>
            {declineLabel}
          </button>
        </div>
        {busy && <p role="status">Loading the sandbox…</p>}
        <ErrorNote message={error} />
      </div>
    </div>
  )
}

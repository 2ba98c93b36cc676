import { useId, useState } from 'react'
import { useStore } from 'zustand'
import { QUIRKS, type Quirk } from '../../connect/index.ts'
import { createQuirkDemoStore, type QuirkDemoState } from '../../state/index.ts'
import type { QuirkDemoResult } from '../../sim/index.ts'
import { ErrorNote } from '../ui/index.ts'
import './quirks.css'

/**
 * The "what 2010 did" toggle of one /changes entry: opening it runs a small demo of each quirk that entry fixed,
 * once with the quirk brought back through the library's `quirks` option and once as the library behaves today,
 * and shows both outcomes side by side.
 */
export function QuirkToggle({ fix }: { fix: string }) {
  const [store] = useState(() => createQuirkDemoStore(fix))
  const open = useStore(store, (s) => s.open)
  const quirks = useStore(store, (s) => s.quirks)
  const demos = useStore(store, (s) => s.demos)
  const panel = useId()
  const entry = fix.startsWith('q') ? fix.toUpperCase() : 'missing cookieDecoder'
  return (
    <div className="quirk-toggle">
      <button
        type="button"
        className="button quirk-toggle-button"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => (open ? store.getState().hide() : void store.getState().show())}
      >
        What 2010 did<span className="visually-hidden"> ({entry})</span>
      </button>
      <div id={panel} role="region" aria-label={`What 2010 did (${entry})`} hidden={!open} className="quirk-panel">
        {open && quirks.map((quirk) => <QuirkDemo key={quirk} quirk={quirk} state={demos[quirk] ?? { status: 'idle' }} />)}
      </div>
    </div>
  )
}

function QuirkDemo({ quirk, state }: { quirk: Quirk; state: QuirkDemoState }) {
  return (
    <div className="quirk-demo">
      <p className="quirk-title">
        <code>{quirk}</code> <span className="muted">{QUIRKS[quirk].label}</span>
      </p>
      {state.status === 'error' ? (
        <ErrorNote message={`The demo could not run: ${state.message}`} />
      ) : state.status !== 'done' ? (
        <p role="status" className="muted">
          Running the demo both ways…
        </p>
      ) : (
        <div className="quirk-sides">
          <Outcome result={state.then} title="In 2010" caption={`quirks: ['${quirk}']`} kind="then" />
          <Outcome result={state.now} title="Today" caption="no quirks" kind="now" />
        </div>
      )}
    </div>
  )
}

function Outcome({ result, title, caption, kind }: { result: QuirkDemoResult; title: string; caption: string; kind: 'then' | 'now' }) {
  return (
    <table className={`quirk-outcome quirk-${kind}`} aria-label={`${title}: ${result.quirk}`}>
      <caption>
        <span className="quirk-side-label">{title}</span> <code>{caption}</code>
      </caption>
      <thead>
        <tr>
          <th scope="col">Done</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {result.lines.map((line, i) => (
          <tr key={i}>
            <td>{line.action}</td>
            <td>{line.outcome}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

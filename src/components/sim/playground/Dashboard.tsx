import './dashboard.css'
import '../../inspector/inspector.css'
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { useSimulation } from '../../../state/index.ts'
import { BrowserGrid } from '../BrowserGrid.tsx'
import { ClockControls, describeSpeed } from '../ClockControls.tsx'
import { EventLog } from '../EventLog.tsx'
import { SettingsPanel } from '../SettingsPanel.tsx'
import { StoreTable } from '../StoreTable.tsx'
import { InspectorPanel } from '../../inspector/InspectorPanel.tsx'
import { LifetimeLanes } from '../../explain/LifetimeLanes.tsx'
import { useAct } from '../../ui/use-act.ts'
import { formatDuration } from '../../ui/format.ts'
import { AddBrowser, BurstControl, ScenarioFiles, ScenarioPicker, SharePanel } from './parts.tsx'

/** Teaching speed: sessions live seconds, not hours, and the clock runs at wall-clock pace. */
export const TEACHING = { maxAge: 30_000, reapInterval: 10_000, speed: 1 } as const

/** One click to teaching speed: maxAge and reapInterval in seconds, and the clock at real time. */
export function TeachingSpeed() {
  const act = useAct()
  const maxAge = useSimulation((s) => s.view.maxAge)
  const reapInterval = useSimulation((s) => s.view.reapInterval)
  const speed = useSimulation((s) => s.speed)
  const [error, setError] = useState<string | null>(null)
  const on = maxAge === TEACHING.maxAge && reapInterval === TEACHING.reapInterval && speed === TEACHING.speed
  return (
    <span className="pg-teach">
      <button
        type="button"
        className="button sim-small-button"
        aria-pressed={on}
        onClick={() => setError(act((a) => a.configure({ maxAge: TEACHING.maxAge, reapInterval: TEACHING.reapInterval }) && a.setSpeed(TEACHING.speed)))}
      >
        Teaching speed
      </button>
      <span className="sim-muted pg-teach-note" role="status">
        {error ?? (on ? `maxAge ${formatDuration(maxAge)}, a reap every ${formatDuration(reapInterval)}, ${describeSpeed(speed)}` : `seconds instead of hours`)}
      </span>
    </span>
  )
}

/** A side panel over the dashboard: opened by its toolbar button, closed by Close or Escape (focus goes back). */
function Drawer({ id, title, open, onClose, children }: { id: string; title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const titleId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (open) heading.current?.focus()
  }, [open])
  return (
    // Kept mounted while closed, so drafts in its fields (a custom fingerprint half typed) survive closing it.
    <section
      id={id}
      className="pg-drawer"
      role="region"
      aria-labelledby={titleId}
      hidden={!open}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault()
          onClose()
        }
      }}
    >
      <header className="pg-drawer-head">
        <h2 id={titleId} ref={heading} tabIndex={-1} className="pg-drawer-title">
          {title}
        </h2>
        <button type="button" className="button sim-small-button" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>
          Close
        </button>
      </header>
      <div className="pg-drawer-body">{children}</div>
    </section>
  )
}

type DrawerName = 'settings' | 'scenarios'

/**
 * The playground as one screen: the clock and its timeline across the top; the browsers, the store (or its lifetime
 * lanes), the event log and the Inspector below, each scrolling inside its panel. Settings and the scenario tools
 * open as drawers. `children` are extra scenario tools (an importer, say): they appear in the scenario drawer after
 * the built-in ones, each in its own section.
 */
export function Dashboard({ children }: { children?: ReactNode }) {
  const [drawer, setDrawer] = useState<DrawerName | null>(null)
  const [lanes, setLanes] = useState(false)
  const ids = { settings: useId(), scenarios: useId(), browsers: useId(), store: useId(), log: useId() }
  const settingsButton = useRef<HTMLButtonElement>(null)
  const scenariosButton = useRef<HTMLButtonElement>(null)
  const toggle = (name: DrawerName) => setDrawer((d) => (d === name ? null : name))
  const close = () => {
    const was = drawer
    setDrawer(null)
    if (was !== null) (was === 'settings' ? settingsButton : scenariosButton).current?.focus()
  }
  return (
    <div className="pg-dash">
      <div className="pg-dash-bar">
        <button ref={settingsButton} type="button" className="button sim-small-button" aria-expanded={drawer === 'settings'} aria-controls={ids.settings} onClick={() => toggle('settings')}>
          Settings
        </button>
        <button ref={scenariosButton} type="button" className="button sim-small-button" aria-expanded={drawer === 'scenarios'} aria-controls={ids.scenarios} onClick={() => toggle('scenarios')}>
          Scenario tools
        </button>
        <TeachingSpeed />
      </div>
      <div className="pg-dash-grid">
        <div className="pg-panel pg-panel-clock">
          <ClockControls shortcuts="always" requestMarks />
        </div>
        <section className="pg-panel pg-panel-browsers" role="region" aria-labelledby={ids.browsers}>
          <h2 id={ids.browsers} className="pg-panel-title">
            Browsers
          </h2>
          <BrowserGrid removable dashboard />
          <AddBrowser />
        </section>
        <section className="pg-panel pg-panel-store" role="region" aria-labelledby={ids.store}>
          <div className="pg-panel-head">
            <h2 id={ids.store} className="pg-panel-title">
              Store
            </h2>
            <button type="button" className="button sim-small-button" aria-pressed={lanes} onClick={() => setLanes((v) => !v)}>
              Lifetime lanes
            </button>
            <BurstControl compact />
          </div>
          <div className="pg-panel-body">{lanes ? <LifetimeLanes /> : <StoreTable maxHeight={null} filters inspectable />}</div>
        </section>
        <section className="pg-panel pg-panel-log">
          <h2 id={ids.log} className="pg-panel-title">
            Event log
          </h2>
          <EventLog height={null} inspectable readerActions />
        </section>
        <div className="pg-panel pg-panel-inspector">
          <InspectorPanel />
        </div>
      </div>
      <Drawer id={ids.settings} title="Settings" open={drawer === 'settings'} onClose={close}>
        <SettingsPanel allowCustom />
      </Drawer>
      <Drawer id={ids.scenarios} title="Scenario tools" open={drawer === 'scenarios'} onClose={close}>
        <section className="pg-tool" aria-label="Scenarios">
          <h3 className="pg-tool-title">Load a scenario</h3>
          <ScenarioPicker />
        </section>
        <section className="pg-tool" aria-label="Scenario files">
          <h3 className="pg-tool-title">Export or import a scenario file</h3>
          <ScenarioFiles />
        </section>
        <section className="pg-tool" aria-label="Share">
          <h3 className="pg-tool-title">Share this state</h3>
          <SharePanel />
        </section>
        {/* Extra scenario tools (an importer, a generator) go here, after the built-in ones. */}
        {children !== undefined && <div className="pg-tools-extra">{children}</div>}
      </Drawer>
    </div>
  )
}

/** One extra scenario tool in the scenario drawer: a titled section (for the Dashboard's children). */
export function ScenarioTool({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <section className="pg-tool" aria-labelledby={id}>
      <h3 id={id} className="pg-tool-title">
        {title}
      </h3>
      {children}
    </section>
  )
}

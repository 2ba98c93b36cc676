import { useId, useRef, useState } from 'react'
import type { Scenario } from '../../../sim/index.ts'
import { nextTask, useSimulation, useSimulationStore, type SimulationStore } from '../../../state/index.ts'
import { BrowserGrid } from '../BrowserGrid.tsx'
import { useAct, useFlash } from '../../ui/use-act.ts'
import { OptionList } from '../../ui/fields.tsx'
import { useSharing } from './sharing.ts'
import { DEFAULT_BROWSERS } from './Playground.tsx'
import { ErrorNote } from '../../ui/ErrorNote.tsx'
import { compareTitles, formatNumber } from '../../ui/format.ts'

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

// ---- browsers ---------------------------------------------------------------------------------------------------

const AGENTS = [
  { label: 'Firefox 3.6 on Windows', ua: 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6' },
  { label: 'Safari 5 on Mac OS X', ua: 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_4; en-us) AppleWebKit/533.16 (KHTML, like Gecko) Version/5.0 Safari/533.16' },
  { label: 'Chrome 5 on Linux', ua: 'Mozilla/5.0 (X11; U; Linux x86_64; en-US) AppleWebKit/533.4 (KHTML, like Gecko) Chrome/5.0.375.99 Safari/533.4' },
  { label: 'Internet Explorer 8', ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)' },
  { label: 'iPhone, iOS 4', ua: 'Mozilla/5.0 (iPhone; U; CPU iPhone OS 4_0 like Mac OS X; en-us) AppleWebKit/532.9 (KHTML, like Gecko) Version/4.0.5 Mobile/8A293 Safari/6531.22.7' },
] as const

/** Adds a browser: a name, a User-Agent (from a list of 2010 browsers) and an IP address. */
export function AddBrowser() {
  const count = useSimulation((s) => s.view.browsers.length)
  const act = useAct()
  const ids = { name: useId(), ua: useId(), ip: useId(), title: useId() }
  const [name, setName] = useState('')
  const [ua, setUa] = useState<string>(AGENTS[2].ua)
  const [ip, setIp] = useState('')
  const [error, setError] = useState<string | null>(null)
  const suggested = `browser${count + 1}`
  const suggestedIp = `203.0.113.${(count * 17 + 20) % 250}`
  return (
    <form
      className="pg-add"
      aria-labelledby={ids.title}
      onSubmit={(event) => {
        event.preventDefault()
        const problem = act((a) => a.addBrowser({ name: name.trim() || suggested, userAgent: ua, ip: ip.trim() || suggestedIp }))
        setError(problem)
        if (problem === null) {
          setName('')
          setIp('')
        }
      }}
    >
      <p id={ids.title} className="sim-small-label">
        Add a browser
      </p>
      <div className="pg-add-fields">
        <div className="field sim-field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} value={name} placeholder={suggested} autoComplete="off" onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field sim-field">
          <label htmlFor={ids.ua}>Browser</label>
          <select id={ids.ua} value={ua} onChange={(event) => setUa(event.target.value)}>
            <OptionList items={AGENTS} valueOf={(a) => a.ua} labelOf={(a) => a.label} />
          </select>
        </div>
        <div className="field sim-field">
          <label htmlFor={ids.ip}>Address</label>
          <input id={ids.ip} value={ip} placeholder={suggestedIp} autoComplete="off" className="mono" onChange={(event) => setIp(event.target.value)} />
        </div>
        <div className="pg-add-submit">
          <button type="submit" className="button">
            Add browser
          </button>
        </div>
      </div>
      <ErrorNote message={error} />
    </form>
  )
}

/** Every browser as a card that can be removed, and the form that adds one. */
export function PlaygroundBrowsers() {
  return (
    <div className="pg-part">
      <BrowserGrid removable />
      <AddBrowser />
    </div>
  )
}

// ---- burst ------------------------------------------------------------------------------------------------------

/** The browser a burst comes from: a crawler that forgets its cookies, so every request makes a new session. */
export const CRAWLER = { name: 'crawler', userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', ip: '66.249.66.1' }

// Requests per task: small enough that one task stays far under 100 ms, big enough that 10,000 take a moment.
const CHUNK = 250


/**
 * Sends a flood of requests from a cookieless crawler: burst actions of a chunk each, one per task, so the page stays
 * responsive and the store table fills while it runs (a link or an export joins them into one burst).
 */
export function BurstControl({ total = 10_000, compact = false }: { total?: number; compact?: boolean }) {
  const store = useSimulationStore()
  const act = useAct()
  const [sent, setSent] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const running = sent !== null && sent < total
  const run = async () => {
    setError(null)
    const actions = store.getState().actions
    if (!store.getState().view.browsers.some((b) => b.name === CRAWLER.name)) {
      const problem = act((a) => a.addBrowser(CRAWLER))
      if (problem !== null) {
        setError(problem)
        return
      }
    }
    setSent(0)
    for (let done = 0; done < total; ) {
      const n = Math.min(CHUNK, total - done)
      if (!actions.burst(CRAWLER.name, n)) {
        setError(store.getState().error)
        actions.clearError()
        setSent(null)
        return
      }
      done += n
      setSent(done)
      await nextTask()
    }
  }
  return (
    <div className="pg-burst">
      <button type="button" className="button" disabled={running} onClick={() => void run()} title="From a crawler that never keeps cookies: each request makes a session">
        Send {formatNumber(total)} requests
      </button>
      <span className="sim-muted" role="status">
        {sent === null ? (compact ? '' : 'from a crawler that never keeps cookies') : running ? `Sent ${formatNumber(sent)} of ${formatNumber(total)}…` : `Sent ${formatNumber(sent)} requests.`}
      </span>
      <ErrorNote message={error} />
    </div>
  )
}

// ---- scenarios --------------------------------------------------------------------------------------------------

const FILES = import.meta.glob('../../../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

interface Preset {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly json: unknown
}

/** The scenario files, sorted by title. */
export const PRESETS: readonly Preset[] = Object.entries(FILES)
  .map(([path, json]) => {
    const j = json as { title?: unknown; description?: unknown }
    return { id: path.replace(/^.*\//, '').replace(/\.json$/, ''), title: String(j.title ?? path), description: String(j.description ?? ''), json }
  })
  .sort((a, b) => compareTitles(a.title, b.title))

/** Takes the refusal an action left in the simulation's error slot, for the control that asked (and clears the slot). */
function takeError(store: SimulationStore): string {
  const { error, actions } = store.getState()
  actions.clearError()
  return error ?? 'the simulator refused that'
}

/** Picks a scenario preset, shows what it is about, and loads it (replacing the world). */
/** Loads a scenario into the simulation and hands back the loader's refusal, if any, for the control that asked. */
async function loadWith(store: SimulationStore, json: unknown): Promise<{ scenario: Scenario | null; problem: string | null }> {
  const { actions } = store.getState()
  const scenario = await actions.loadScenario(json)
  return scenario !== null ? { scenario, problem: null } : { scenario: null, problem: takeError(store) }
}

export function ScenarioPicker() {
  const store = useSimulationStore()
  const act = useAct()
  const id = useId()
  const [choice, setChoice] = useState(PRESETS[0]?.id ?? '')
  const [loaded, setLoaded] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const preset = PRESETS.find((p) => p.id === choice)
  const load = async () => {
    if (preset === undefined) return
    const { scenario, problem } = await loadWith(store, preset.json)
    setError(problem)
    if (scenario !== null) setLoaded(`Loaded “${preset.title}”.`)
  }
  return (
    <div className="pg-part pg-scenarios">
      <div className="pg-row">
        <div className="field sim-field pg-grow">
          <label htmlFor={id}>Scenario</label>
          <select id={id} value={choice} onChange={(event) => setChoice(event.target.value)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="pg-row-button">
          <button type="button" className="button button-primary" onClick={load}>
            Load scenario
          </button>
        </div>
        <div className="pg-row-button">
          <button
            type="button"
            className="button"
            onClick={() => {
              setError(act((a) => a.reset({}, DEFAULT_BROWSERS)))
              setLoaded('Back to the default playground.')
            }}
          >
            Start over
          </button>
        </div>
      </div>
      {preset !== undefined && <p className="pg-description">{preset.description}</p>}
      <p className="sim-muted pg-status" role="status">
        {loaded}
      </p>
      <ErrorNote message={error} />
    </div>
  )
}

// ---- link and files ---------------------------------------------------------------------------------------------


/** Makes a link that opens this page in the same state, and copies it. */
export function SharePanel() {
  const sharing = useSharing()
  const store = useSimulationStore()
  const id = useId()
  const [link, setLink] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [flash, setFlash] = useFlash()
  const make = () => {
    if (sharing === null) {
      setError('This page offers no links.')
      return
    }
    const recording = store.getState().actions.capture()
    if (recording === null) {
      setError(`No link was made: ${takeError(store)}`)
      return
    }
    try {
      const url = new URL(location.href)
      url.hash = ''
      url.search = ''
      url.searchParams.set(sharing.param, sharing.pack(recording))
      const text = url.toString()
      setLink(text)
      setError(null)
      navigator.clipboard?.writeText(text).then(
        () => setFlash('Link copied to the clipboard.'),
        () => setFlash('Link ready; copy it from the field.'),
      )
    } catch (err) {
      setError(messageOf(err))
    }
  }
  return (
    <div className="pg-part">
      <div className="pg-row">
        <div className="pg-row-button">
          <button type="button" className="button button-primary" onClick={make}>
            Make a link to this state
          </button>
        </div>
        <div className="field sim-field pg-grow">
          <label htmlFor={id}>Link to this state</label>
          <input id={id} className="mono" readOnly value={link} placeholder="Press the button to make one" onFocus={(event) => event.target.select()} />
        </div>
      </div>
      <p className="sim-muted pg-status" role="status">
        {flash}
      </p>
      <ErrorNote message={error} />
    </div>
  )
}

/** Exports the world as a scenario file and imports one (checked by the simulator; a bad file changes nothing). */
export function ScenarioFiles() {
  const store = useSimulationStore()
  const ids = { text: useId(), file: useId() }
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [download, setDownload] = useState<string | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)

  const exportNow = async () => {
    const scenario = await store.getState().actions.exportScenario('My playground', 'Exported from the SessionScope playground.')
    if (scenario === null) {
      setError(`Not exported: ${takeError(store)}`)
      return
    }
    const json = JSON.stringify(scenario, null, 2)
    setText(json)
    if (download !== null) URL.revokeObjectURL(download)
    setDownload(URL.createObjectURL(new Blob([json], { type: 'application/json' })))
    setError(null)
    setStatus('Exported. Edit it here, or download it.')
  }
  const importText = async (json: string) => {
    const { scenario, problem } = await loadWith(store, json)
    setError(problem === null ? null : `Not loaded, the playground is unchanged. ${problem}`)
    setStatus(scenario === null ? null : `Loaded “${scenario.title}”.`)
  }
  return (
    <div className="pg-part">
      <div className="field sim-field">
        <label htmlFor={ids.text}>Scenario JSON</label>
        <textarea id={ids.text} rows={8} value={text} spellCheck={false} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="pg-actions">
        <button type="button" className="button" onClick={() => void exportNow()}>
          Export scenario
        </button>
        <button type="button" className="button" onClick={() => importText(text)} disabled={text.trim() === ''}>
          Import this JSON
        </button>
        {download !== null && (
          <a className="button" href={download} download="sessionscope-scenario.json">
            Download the file
          </a>
        )}
        <span className="pg-file">
          <label htmlFor={ids.file}>Import a file</label>
          <input
            ref={fileRef}
            id={ids.file}
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0]
              if (file === undefined) return
              void file.text().then((content) => {
                setText(content)
                importText(content)
                if (fileRef.current !== null) fileRef.current.value = ''
              })
            }}
          />
        </span>
      </div>
      <p className="sim-muted pg-status" role="status">
        {status}
      </p>
      <ErrorNote message={error} />
    </div>
  )
}

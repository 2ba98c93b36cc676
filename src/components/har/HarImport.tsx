import { useId, useRef, useState } from 'react'
import { loadHarReader, type HarImport as HarFile, type Scenario } from '../../sim/index.ts'
import { useSimulationStore } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { HarClients } from './HarClients.tsx'
import { formatDuration } from '../ui/format.ts'
import { HAR_SAMPLES } from './har-samples.ts'
import '../sim/playground/playground.css'
import './har.css'

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

interface Read {
  readonly name: string
  readonly file: HarFile
}

/**
 * Imports a HAR file saved from DevTools into the playground: the file is read in the page (nothing is sent
 * anywhere), split into clients whose addresses the reader can set, then played as a scenario. A bad file gets one
 * error and changes nothing. Its title is the scenario tool's that holds it.
 */
export function HarImport() {
  const store = useSimulationStore()
  const fileId = useId()
  const [read, setRead] = useState<Read | null>(null)
  const [ips, setIps] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)

  /** Reads a file's text; on any problem the previous reading and the world stay as they were. */
  const readText = async (name: string, text: () => Promise<string>, size: number | null) => {
    setBusy(true)
    setStatus(`Reading ${name}…`)
    try {
      const reader = await loadHarReader()
      if (size !== null) reader.checkHarSize(size)
      const file = reader.readHar(await text())
      setRead({ name, file })
      setIps(Object.fromEntries(file.clients.map((c) => [c.name, c.ip])))
      setError(null)
      setStatus(`Read ${name}: ${file.requests} request${file.requests === 1 ? '' : 's'} from ${file.clients.length} client${file.clients.length === 1 ? '' : 's'} over ${formatDuration(file.duration)}. Check the addresses, then play it.`)
    } catch (err) {
      setError(`Not imported, nothing changed. ${messageOf(err)}`)
      setStatus(null)
    } finally {
      setBusy(false)
    }
  }

  const play = async () => {
    if (read === null) return
    setBusy(true)
    try {
      const recording = read.file.toRecording(ips)
      const scenario: Scenario = {
        version: 2,
        title: `HAR: ${read.name}`,
        description: `Imported from ${read.name} (${read.file.creator}).`,
        ...recording,
        expect: [],
      }
      const loaded = await store.getState().actions.loadScenario(scenario)
      if (loaded === null) {
        const { error: refusal, actions } = store.getState()
        actions.clearError()
        setError(`Not played, the playground is unchanged. ${refusal ?? 'The simulator refused the recording.'}`)
        return
      }
      setError(null)
      setStatus(`Played ${read.file.requests} request${read.file.requests === 1 ? '' : 's'} from ${read.name}. Scrub the timeline back to watch them arrive.`)
    } catch (err) {
      setError(`Not played, the playground is unchanged. ${messageOf(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="pg-part har-import">
      <p className="pg-description">
        Save a page's traffic from your browser's DevTools (Network panel, “Save all as HAR”) and replay it here, or take
        one of the samples. The file is read in this tab and goes nowhere. Each client, told apart by its User-Agent and
        cookies, becomes a simulated browser; each request is sent at its own time to the demo app, which answers paths
        it does not know with a 404. Files up to 16 MiB and 20,000 requests.
      </p>
      <div className="pg-actions">
        <span className="pg-file">
          <label htmlFor={fileId}>HAR file</label>
          <input
            ref={fileRef}
            id={fileId}
            type="file"
            accept=".har,application/json"
            disabled={busy}
            onChange={(event) => {
              const file = event.target.files?.[0]
              if (file === undefined) return
              void readText(file.name, () => file.text(), file.size).then(() => {
                if (fileRef.current !== null) fileRef.current.value = ''
              })
            }}
          />
        </span>
        {HAR_SAMPLES.map((s) => (
          <button key={s.id} type="button" className="button" disabled={busy} onClick={() => void readText(`${s.id}.har`, s.load, null)}>
            Sample: {s.title}
          </button>
        ))}
      </div>
      {read !== null && (
        <>
          <HarClients name={read.name} file={read.file} ips={ips} onIp={(name, ip) => setIps((prev) => ({ ...prev, [name]: ip }))} />
          <div className="pg-actions">
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void play()}>
              Play the HAR
            </button>
          </div>
        </>
      )}
      <p className="sim-muted pg-status" role="status">
        {status}
      </p>
      <ErrorNote message={error} />
    </div>
  )
}

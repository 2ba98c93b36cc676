import '../sim.css'
import './playground.css'
import { useState, type ReactNode } from 'react'
import { createSimulationStore, SimulationProvider, type Schedule, type SimulationStore } from '../../../state/index.ts'
import { ActionError, customSources, restoreRecording, type BrowserSpec, type Compile, type Recording } from '../../../sim/index.ts'
import { SharingContext, type Sharing } from './sharing.ts'
import { CodeGate, withSandbox } from '../../ui/CodeGate.tsx'
import { LinkProblem } from '../../ui/LinkProblem.tsx'
import { useLinkParam } from '../../ui/use-link-param.ts'

/** The browsers a fresh playground starts with. */
export const DEFAULT_BROWSERS: readonly BrowserSpec[] = [
  { name: 'alice', userAgent: 'Mozilla/5.0 (Windows; U; Windows NT 6.1; en-US; rv:1.9.2.6) Gecko/20100625 Firefox/3.6.6', ip: '192.0.2.10' },
  {
    name: 'bob',
    userAgent: 'Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10_6_4; en-us) AppleWebKit/533.16 (KHTML, like Gecko) Version/5.0 Safari/533.16',
    ip: '198.51.100.7',
  },
]

/**
 * The playground redraws at most once per frame: a burst of thousands of requests spread over several tasks then
 * costs one update per frame, not one per task (the store table's rows are derived afresh on every update).
 */
export const ONCE_PER_FRAME: Schedule = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush())
  else queueMicrotask(flush)
}

interface Sim {
  readonly store: SimulationStore
  readonly key: number
}

type Boot =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready'; readonly sim: Sim }
  | { readonly kind: 'gated'; readonly recording: Recording; readonly sources: readonly string[] }

function freshSim(key: number): Sim {
  return { store: createSimulationStore({ browsers: DEFAULT_BROWSERS, schedule: ONCE_PER_FRAME }), key }
}

/** The world a link's recording describes, in a simulation; a refusal in the reader's words. */
function simOf(recording: Recording, key: number, compile?: Compile): Sim {
  try {
    return { store: createSimulationStore({ existing: restoreRecording(recording, compile), schedule: ONCE_PER_FRAME }), key }
  } catch (err) {
    if (err instanceof ActionError) throw new Error(`This link's actions could not be replayed: ${err.message}`, { cause: err })
    throw err
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Reads the state a link carries: restored at once, or held back when it contains code. */
function boot(sharing: Sharing, text: string): Boot {
  try {
    const recording = sharing.unpack(text)
    const sources = customSources(recording)
    if (sources.length > 0) return { kind: 'gated', recording, sources }
    return { kind: 'ready', sim: simOf(recording, 1) }
  } catch (err) {
    return { kind: 'error', message: messageOf(err) }
  }
}

function forgetLink(param: string): void {
  const url = new URL(location.href)
  url.searchParams.delete(param)
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}

/**
 * The playground: one simulation for the whole page, started from the default two browsers and, when the page was
 * opened with a link's state, replaced by it right after hydration (a link with custom code waits for the reader's
 * consent). Links and
 * scenario files work when the site hands it its `sharing`.
 */
export function Playground({ children, sharing = null }: { children: ReactNode; sharing?: Sharing | null }) {
  const [sim, setSim] = useState<Sim>(() => freshSim(0))
  const [notice, setNotice] = useState<string | null>(null)
  const [gate, setGate] = useState<Extract<Boot, { kind: 'gated' }> | null>(null)
  const [gateError, setGateError] = useState<string | null>(null)
  useLinkParam(sharing?.param ?? null, (text) => {
    if (sharing === null) return
    const start = boot(sharing, text)
    if (start.kind === 'ready') setSim(start.sim)
    else if (start.kind === 'error') setNotice(start.message)
    else setGate(start)
  })

  const [loading, setLoading] = useState(false)
  const allow = () => {
    if (gate === null) return
    // The sandbox is fetched only now: a link without code, or a reader who declines, never loads it.
    setLoading(true)
    withSandbox(
      (compileFingerprint) => {
        setLoading(false)
        try {
          setSim(simOf(gate.recording, sim.key + 1, compileFingerprint))
          setGate(null)
        } catch (err) {
          setGateError(messageOf(err))
        }
      },
      (message) => {
        setLoading(false)
        setGateError(message)
      },
    )
  }

  return (
    <SharingContext.Provider value={sharing}>
      <SimulationProvider key={sim.key} store={sim.store}>
        <div className="pg">
          {notice !== null && (
            <LinkProblem
              message={notice}
              onDismiss={() => {
                setNotice(null)
                forgetLink(sharing?.param ?? '')
              }}
            >
              <p>You are looking at the default playground instead.</p>
            </LinkProblem>
          )}
          {gate !== null && (
            <CodeGate
              title="This link wants to run code"
              sources={gate.sources}
              intro="The shared setup uses a custom fingerprint function."
              meanwhile="Meanwhile you see the default playground."
              labelOf={(n) => `Fingerprint function ${n} from the link`}
              allowLabel="Allow and run this code"
              declineLabel="Keep the default playground"
              error={gateError}
              busy={loading}
              onAllow={allow}
              onDecline={() => {
                setGate(null)
                forgetLink(sharing?.param ?? '')
              }}
            />
          )}
          {children}
        </div>
      </SimulationProvider>
    </SharingContext.Provider>
  )
}

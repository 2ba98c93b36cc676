import './compare.css'
import { useCallback, useEffect, useId, useMemo, useState, useSyncExternalStore, type ChangeEvent, type CSSProperties } from 'react'
import {
  COMPARISON_VERSION,
  FINGERPRINT_NAMES,
  MAX_COLUMNS,
  MIN_COLUMNS,
  comparisonFile,
  comparisonSources,
  crawlerFlood,
  explainVerdict,
  fingerprintLabel,
  loadHarReader,
  loadScenario,
  mixedTraffic,
  readBroughtFile,
  requestsOf,
  simQuirkList,
  SIM_QUIRKS,
  DataError,
  type BroughtFile,
  type ColumnData,
  type ColumnSummary,
  type ComparisonData,
  type FingerprintData,
  type HarImport,
  FINGERPRINT_BUDGET_MS,
  type Recording,
} from '../../sim/index.ts'
import { createComparisonStore, type ComparisonState, type ComparisonStore } from '../../state/index.ts'
import { ExchangeDecisions } from '../explain/DecisionTrace.tsx'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { compareTitles, formatNumber } from '../ui/format.ts'
import { LinkProblem } from '../ui/LinkProblem.tsx'
import { useLinkParam } from '../ui/use-link-param.ts'
import { DurationField, TextField, type RefusalReport } from '../ui/fields.tsx'
import { settingRefusal } from '../ui/setting-refusal.ts'
import { EXAMPLE_FINGERPRINT, STRATEGY_LABELS } from '../ui/FingerprintPicker.tsx'
import { CodeGate, withSandbox } from '../ui/CodeGate.tsx'
import { ComparisonTable, type PickedCell } from './ComparisonTable.tsx'
import { LiveChart } from './LiveChart.tsx'
import { HarClients } from '../har/HarClients.tsx'
import { HAR_SAMPLES, type HarSample } from '../har/har-samples.ts'
import { ColumnHeading, columnColour } from './column-colour.tsx'
import type { ComparisonSharing } from './sharing.ts'

const SCENARIO_FILES = import.meta.glob('../../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

/** A stream the reader can pick: a shipped scenario, or traffic made to order. */
interface StreamChoice {
  readonly id: string
  readonly title: string
  readonly make: (requests: number) => Recording
  /** The reader picks how many requests. */
  readonly sized: boolean
}

const SCENARIOS: readonly StreamChoice[] = Object.entries(SCENARIO_FILES)
  .map(([path, json]) => {
    const id = `scenario:${path.replace(/^.*\//, '').replace(/\.json$/, '')}`
    const title = String((json as { title?: unknown }).title ?? id)
    return {
      id,
      title: `Scenario: ${title}`,
      sized: false,
      make: () => {
        const { config, browsers, actions } = loadScenario(json)
        return { config, browsers, actions }
      },
    }
  })
  .sort((a, b) => compareTitles(a.title, b.title))

const GENERATED: readonly StreamChoice[] = [
  { id: 'mixed', title: 'Mixed traffic: returning browsers, phones changing network, stolen cookies, a crawler', sized: true, make: (n) => mixedTraffic(n, Math.max(20, Math.min(2000, Math.round(n / 50)))) },
  { id: 'flood', title: 'A crawler that keeps no cookies, beside one returning visitor', sized: true, make: (n) => crawlerFlood(n) },
]

const CHOICES = [...SCENARIOS, ...GENERATED]
const FILE_CHOICE = 'file'
const DEFAULT_STREAM = 'scenario:stolen-cookie-blocked'
const MAX_REQUESTS = 100_000

const DEFAULT_COLUMNS: readonly ColumnData[] = [
  { label: '2010 default', fingerprint: 'default' },
  { label: 'id only', fingerprint: 'none' },
]

/** A label not yet used by a column. */
function freshLabel(columns: readonly ColumnData[], base: string): string {
  const used = new Set(columns.map((c) => c.label))
  if (!used.has(base)) return base
  for (let i = 2; ; i++) if (!used.has(`${base} ${i}`)) return `${base} ${i}`
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`
}

function messageOf(err: unknown): string {
  if (err instanceof DataError) return `${err.path}: ${err.problem}`
  return err instanceof Error ? err.message : String(err)
}

/**
 * Reads a file brought to the view: a HAR file (by its name, or JSON whose first key is "log") through the HAR
 * reader, fetched only now; anything else as a comparison, scenario or recording.
 */
async function readAnyFile(name: string, size: number, text: string): Promise<BroughtFile | { readonly kind: 'har'; readonly file: HarImport }> {
  if (!/\.har$/i.test(name) && !/^\s*\{\s*"log"\s*:/.test(text)) return readBroughtFile(text)
  const reader = await loadHarReader()
  reader.checkHarSize(size)
  return { kind: 'har', file: reader.readHar(text) }
}

/** A HAR file's stream with the addresses the reader set, or why those addresses cannot be used. */
function harStream(har: { readonly file: HarImport; readonly ips: Readonly<Record<string, string>> }): { stream: Recording } | { error: string } {
  try {
    return { stream: har.file.toRecording(har.ips) }
  } catch (err) {
    return { error: messageOf(err) }
  }
}

function useComparison<T>(store: ComparisonStore, pick: (s: ComparisonState) => T): T {
  return useSyncExternalStore(store.subscribe, () => pick(store.getState()), () => pick(store.getState()))
}

/** What a link's text holds: a comparison, or the reason it could not be read. */
function fromLink(sharing: ComparisonSharing, text: string): { data: ComparisonData } | { error: string } {
  try {
    return { data: sharing.unpack(text) }
  } catch (err) {
    return { error: messageOf(err) }
  }
}

/**
 * The compare view: one request stream replayed through several configurations side by side. The reader picks the
 * stream (a scenario, traffic made to order, or a file: a comparison, a scenario or any recording, such as one made
 * from a HAR file) and the configurations (fingerprint, reapInterval, maxAge, cookie attributes), runs the
 * comparison (in slices, with progress and Cancel), and reads the verdicts per request in the table named
 * "Comparison", the summary per configuration, and the chart of live sessions. A comparison is a link and a file.
 */
export default function CompareView({ sharing = null }: { sharing?: ComparisonSharing | null }) {
  const [store] = useState(() => createComparisonStore())
  const [streamId, setStreamId] = useState(DEFAULT_STREAM)
  const [requests, setRequests] = useState(10_000)
  const [fileStream, setFileStream] = useState<{ stream: Recording; title: string | null } | null>(null)
  // A HAR file loaded as the stream: its clients and the addresses the reader gave them (the stream is made from both).
  const [har, setHar] = useState<{ readonly name: string; readonly file: HarImport; readonly ips: Readonly<Record<string, string>> } | null>(null)
  const [columns, setColumns] = useState<readonly ColumnData[]>(DEFAULT_COLUMNS)
  const [fileError, setFileError] = useState<string | null>(null)
  const [linkError, setLinkError] = useState<string | null>(null)
  // A comparison opened from a link or a file: it runs at once, as it ran when it was shared.
  const [opened, setOpened] = useState<ComparisonData | null>(null)
  // Custom fingerprint source the reader typed here or allowed: only such code runs. Code that came in a link or a
  // file waits behind a gate that shows it whole (`gate`) until the reader says yes.
  const [allowed, setAllowed] = useState<ReadonlySet<string>>(() => new Set())
  const allow = useCallback((sources: readonly string[]) => setAllowed((a) => new Set([...a, ...sources])), [])
  // `from`: where the question is asked, at the top for a link (nothing else on the page says it holds code), else
  // beside the Compare button that raised it.
  const [gate, setGate] = useState<{ readonly data: ComparisonData; readonly sources: readonly string[]; readonly from: 'link' | 'run' } | null>(null)
  const [gateError, setGateError] = useState<string | null>(null)
  const [loadingSandbox, setLoadingSandbox] = useState(false)
  // Fields that show text they refused (keyed by field): the setup shown is then not the one the page holds, so
  // nothing runs or is shared until each is corrected or given up with Escape.
  const [refusals, setRefusals] = useState<ReadonlyMap<string, string>>(() => new Map())
  /** Where the field called `key` reports its refusal (fields keep the latest reporter, so it need not be stable). */
  const refusalOf =
    (key: string): RefusalReport =>
    (message) =>
      setRefusals((now) => {
        if ((now.get(key) ?? null) === message) return now
        const next = new Map(now)
        if (message === null) next.delete(key)
        else next.set(key, message)
        return next
      })
  const blocked = refusals.size === 0 ? null : [...refusals.keys()][0]!
  /** Takes a shared comparison (a link's or a file's) as the setup; it runs at once, unless it holds code to ask about. */
  const openComparison = (shared: ComparisonData, untitled: string, askAt: 'link' | 'run') => {
    setStreamId(FILE_CHOICE)
    setFileStream({ stream: shared.stream, title: shared.title ?? untitled })
    setHar(null)
    setColumns(shared.columns)
    setOpened(shared)
    const sources = comparisonSources(shared)
    setGate(sources.length > 0 ? { data: shared, sources, from: askAt } : null)
  }
  // A link's comparison replaces the defaults after hydration (the prerendered page shows the defaults).
  useLinkParam(sharing?.param ?? null, (text) => {
    if (sharing === null) return
    const boot = fromLink(sharing, text)
    if ('error' in boot) setLinkError(boot.error)
    else openComparison(boot.data, 'from the link', 'link')
  })
  const [onlyDisagreements, setOnlyDisagreements] = useState(false)
  const [shareNote, setShareNote] = useState<string | null>(null)
  const status = useComparison(store, (s) => s.status)
  const progress = useComparison(store, (s) => s.progress)
  const sent = useComparison(store, (s) => s.sent)
  const total = useComparison(store, (s) => s.total)
  const result = useComparison(store, (s) => s.result)
  const runError = useComparison(store, (s) => s.error)
  const actions = useComparison(store, (s) => s.actions)
  // The cell whose details are open: its record comes from a replay of its column, run in slices like the comparison.
  const picked = useComparison(store, (s) => s.inspected)
  const setPicked = useCallback((cell: PickedCell | null) => (cell === null ? actions.uninspect() : actions.inspect(cell.row, cell.column)), [actions])
  const streamSelect = useId()
  const fileInput = useId()
  const progressId = useId()

  const choice = CHOICES.find((c) => c.id === streamId)
  const fromHar = useMemo(() => (har === null ? null : harStream(har)), [har])
  const stream = useMemo<Recording | null>(() => {
    if (streamId === FILE_CHOICE) {
      if (fromHar !== null) return 'stream' in fromHar ? fromHar.stream : null
      return fileStream?.stream ?? null
    }
    return choice === undefined ? null : choice.make(requests)
  }, [streamId, fileStream, fromHar, choice, requests])
  const title = streamId === FILE_CHOICE ? (fileStream?.title ?? 'a file') : (choice?.title ?? '')
  const data = useMemo<ComparisonData | null>(() => (stream === null ? null : { title, stream, columns }), [stream, columns, title])

  /** Runs with the sandbox, fetched now (pages whose comparisons hold no custom code never load it). */
  const startWithSandbox = useCallback(
    (next: ComparisonData) => {
      setLoadingSandbox(true)
      setGateError(null)
      withSandbox(
        (compileFingerprint) => {
          setLoadingSandbox(false)
          setGate(null)
          actions.start(next, compileFingerprint)
        },
        (message) => {
          setLoadingSandbox(false)
          setGateError(message)
        },
      )
    },
    [actions],
  )

  // A comparison opened from a link or a file runs at once, unless it holds code (its handler put up the gate).
  useEffect(() => {
    if (opened !== null && comparisonSources(opened).length === 0) actions.start(opened)
    return () => actions.cancel()
  }, [opened, actions])

  /** Runs the comparison set up: at once without custom code; with it, once every source is the reader's or allowed. */
  const run = () => {
    if (data === null || blocked !== null) return
    const sources = comparisonSources(data)
    if (sources.length === 0) {
      setGate(null)
      actions.start(data)
      return
    }
    const unknown = sources.filter((source) => !allowed.has(source))
    if (unknown.length > 0) setGate({ data, sources: unknown, from: 'run' })
    else startWithSandbox(data)
  }

  const setColumn = (i: number, change: Partial<ColumnData>) => {
    setColumns((cs) => cs.map((c, j) => (j === i ? ({ ...c, ...change } as ColumnData) : c)))
    return null
  }

  /** Takes a file's text as the stream (and, for a comparison, the configurations); a refused file changes nothing. */
  const openText = async (name: string, size: number, text: string): Promise<void> => {
    try {
      const brought = await readAnyFile(name, size, text)
      if (brought.kind === 'har') {
        const ips = Object.fromEntries(brought.file.clients.map((c) => [c.name, c.ip]))
        setHar({ name, file: brought.file, ips })
        setFileStream({ stream: brought.file.toRecording(ips), title: `HAR: ${name}` })
        setStreamId(FILE_CHOICE)
        setFileError(null)
        return
      }
      const stream = brought.kind === 'comparison' ? brought.data.stream : brought.stream
      // Checked before anything is set, so a refused file changes nothing.
      if (requestsOf(stream) === 0) throw new Error('the file sends no request, so there is nothing to compare')
      // A comparison file runs again at once, as its link does (code in it waits for the reader's yes).
      if (brought.kind === 'comparison') openComparison(brought.data, name, 'run')
      else {
        setHar(null)
        setFileStream({ stream, title: brought.title ?? name })
        setStreamId(FILE_CHOICE)
      }
      setFileError(null)
    } catch (err) {
      setFileError(`${name} was not loaded, nothing changed: ${messageOf(err)}`)
    }
  }

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file === undefined) return
    if (file.size > 20 * 1024 * 1024) {
      setFileError(`${file.name} is ${formatBytes(file.size)}; files up to 20 MiB are read.`)
      return
    }
    file.text().then(
      (text) => openText(file.name, file.size, text),
      (err: unknown) => setFileError(`${file.name} could not be read: ${messageOf(err)}`),
    )
  }

  /** One of the project's HAR recordings, taken as if the reader had loaded its file. */
  const openSample = (sample: HarSample) => {
    const name = `${sample.id}.har`
    sample.load().then(
      (text) => openText(name, text.length, text),
      (err: unknown) => setFileError(`${name} could not be fetched: ${messageOf(err)}`),
    )
  }

  const shareLink = async () => {
    if (data === null || sharing === null || blocked !== null) return
    const url = new URL(location.href)
    url.search = ''
    url.searchParams.set(sharing.param, sharing.pack(data))
    try {
      await navigator.clipboard.writeText(url.toString())
      setShareNote('Link copied.')
    } catch {
      setShareNote(`Copy this link: ${url.toString()}`)
    }
    history.replaceState(null, '', url.toString())
  }

  const saveFile = () => {
    if (data === null || blocked !== null) return
    const blob = new Blob([JSON.stringify(comparisonFile(data), null, 2)], { type: 'application/json' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = 'comparison.json'
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 1000)
    setShareNote(`Saved comparison.json (format version ${COMPARISON_VERSION}).`)
  }

  const count = stream === null ? 0 : requestsOf(stream)
  // The question stands while the stream and columns are the ones it was asked about; a change takes it back (the
  // reader asks again with Compare).
  const asked = gate !== null && gate.data.stream === stream && gate.data.columns === columns ? gate : null
  const codeGate = asked && (
    <CodeGate
      title="This comparison wants to run code"
      intro={`It came in a link or a file and holds ${asked.sources.length === 1 ? 'a custom fingerprint function' : `${asked.sources.length} custom fingerprint functions`}.`}
      meanwhile="Nothing has run yet."
      sources={asked.sources}
      labelOf={(n) => `Fingerprint function ${n} of the comparison`}
      allowLabel="Allow and compare"
      declineLabel="Do not run it"
      error={gateError}
      busy={loadingSandbox}
      onAllow={() => {
        allow(asked.sources)
        startWithSandbox(asked.data)
      }}
      onDecline={() => {
        setGate(null)
        setGateError(null)
      }}
    />
  )

  return (
    <div className="cmp">
      {linkError !== null && <LinkProblem message={linkError} onDismiss={() => setLinkError(null)} />}
      {asked?.from === 'link' && codeGate}
      <section className="cmp-part" aria-labelledby={`${streamSelect}-h`}>
        <h2 id={`${streamSelect}-h`} className="cmp-h">
          Request stream
        </h2>
        <div className="field">
          <label htmlFor={streamSelect}>Stream</label>
          <select id={streamSelect} value={streamId} onChange={(e) => setStreamId(e.target.value)}>
            {fileStream !== null && <option value={FILE_CHOICE}>File: {fileStream.title ?? 'loaded file'}</option>}
            {CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        {choice?.sized === true && streamId !== FILE_CHOICE && (
          <TextField
            label="Requests"
            type="number"
            min={1}
            value={String(requests)}
            onRefusal={refusalOf('Requests')}
            onCommit={(text) => {
              const n = Number(text)
              if (!Number.isInteger(n) || n < 1 || n > MAX_REQUESTS) return `a whole number from 1 to ${formatNumber(MAX_REQUESTS)}`
              setRequests(n)
              return null
            }}
          />
        )}
        <div className="field">
          <label htmlFor={fileInput}>Load a file (comparison, scenario, recording or HAR)</label>
          <input id={fileInput} type="file" accept=".json,.har,application/json" onChange={onFile} />
          <ErrorNote message={fileError} />
        </div>
        <div className="cmp-row">
          {HAR_SAMPLES.map((sample) => (
            <button key={sample.id} type="button" className="button" onClick={() => openSample(sample)}>
              Sample HAR: {sample.title}
            </button>
          ))}
        </div>
        {har !== null && streamId === FILE_CHOICE && (
          <>
            <HarClients name={har.name} file={har.file} ips={har.ips} onIp={(client, ip) => setHar((h) => (h === null ? h : { ...h, ips: { ...h.ips, [client]: ip } }))} />
            <ErrorNote message={fromHar !== null && 'error' in fromHar ? `The stream cannot be made with these addresses: ${fromHar.error}` : null} />
          </>
        )}
        <p className="sim-muted">
          {stream === null ? 'No stream yet.' : `${formatNumber(count)} request${count === 1 ? '' : 's'} from ${formatNumber(stream.browsers.length)} browser${stream.browsers.length === 1 ? '' : 's'}.`}
        </p>
      </section>

      <section className="cmp-part" aria-labelledby={`${streamSelect}-c`}>
        <h2 id={`${streamSelect}-c`} className="cmp-h">
          Configurations
        </h2>
        <div className="cmp-columns">
          {columns.map((c, i) => (
            <ColumnEditor
              key={i}
              index={i}
              column={c}
              onChange={(change) => setColumn(i, change)}
              onSource={(source) => allow([source])}
              streamFingerprint={stream?.config.fingerprint}
              onRemove={columns.length > MIN_COLUMNS ? () => setColumns((cs) => cs.filter((_, j) => j !== i)) : null}
              labels={columns.map((x) => x.label)}
              refusalOf={(field) => refusalOf(`Configuration ${i + 1}: ${field}`)}
            />
          ))}
        </div>
        <div className="cmp-row">
          <button
            type="button"
            className="button"
            disabled={columns.length >= MAX_COLUMNS}
            onClick={() => setColumns((cs) => [...cs, { label: freshLabel(cs, 'User-Agent only'), fingerprint: 'user-agent' }])}
          >
            Add configuration
          </button>
          <span className="sim-muted">
            {columns.length} of up to {MAX_COLUMNS}
          </span>
        </div>
      </section>

      <section className="cmp-part" aria-labelledby={`${streamSelect}-r`}>
        <h2 id={`${streamSelect}-r`} className="cmp-h">
          Run
        </h2>
        {asked?.from === 'run' && codeGate}
        {asked === null && loadingSandbox && <p role="status">Loading the sandbox that runs custom fingerprints…</p>}
        {asked === null && <ErrorNote message={gateError} />}
        {blocked !== null && (
          <p className="ui-error" role="status">
            {blocked} shows a value that was not applied ({refusals.get(blocked)}). Correct it, or press Escape in the field to go back to
            the value in force; until then nothing runs, and no link or file is made.
          </p>
        )}
        <div className="cmp-row">
          <button type="button" className="button button-primary" onClick={run} disabled={data === null || blocked !== null}>
            Compare
          </button>
          <button type="button" className="button" onClick={() => actions.cancel()} disabled={status !== 'running'}>
            Cancel
          </button>
          <label htmlFor={progressId} className="visually-hidden">
            Comparison progress
          </label>
          <progress id={progressId} max={1} value={progress} />
          <span className="sim-muted" role="status">
            {status === 'idle'
              ? 'Not run yet.'
              : status === 'running'
                ? `Running: ${formatNumber(sent)} of ${formatNumber(total)} requests in each configuration…`
                : status === 'done'
                  ? `Done: ${formatNumber(total)} requests in ${columns.length} configurations.`
                  : status === 'cancelled'
                    ? `Cancelled after ${formatNumber(sent)} of ${formatNumber(total)} requests.`
                    : 'The comparison could not run.'}
          </span>
        </div>
        <ErrorNote message={runError} />
        <div className="cmp-row">
          {sharing !== null && (
            <button type="button" className="button" onClick={() => void shareLink()} disabled={data === null || blocked !== null}>
              Copy link
            </button>
          )}
          <button type="button" className="button" onClick={saveFile} disabled={data === null || blocked !== null}>
            Save as file
          </button>
          {shareNote !== null && <span className="sim-muted cmp-share-note">{shareNote}</span>}
        </div>
      </section>

      {result !== null && (
        <>
          <section className="cmp-part" aria-labelledby={`${streamSelect}-s`}>
            <h2 id={`${streamSelect}-s`} className="cmp-h">
              Summary
            </h2>
            {/* A box of its own that scrolls sideways on a narrow screen, so it takes focus for the keyboard. */}
            <div className="cmp-summary-wrap" tabIndex={0} role="region" aria-label="Summary, one column per configuration">
              <table className="sim-table cmp-summary" aria-label="Summary per configuration" style={{ '--cmp-columns': result.columns.length } as CSSProperties}>
                <thead>
                  <tr>
                    <th scope="col">Measure</th>
                    {result.columns.map((c, i) => (
                      <ColumnHeading key={i} index={i} label={c.label} />
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {(
                    [
                      ['Sessions created', (s) => formatNumber(s.sessionsCreated)],
                      ['Legitimate users locked out', (s) => formatNumber(s.lockedOut)],
                      ['Hijacks allowed', (s) => formatNumber(s.hijacks)],
                      ['Thefts blocked by the fingerprint', (s) => formatNumber(s.blocked)],
                      ['Peak sessions held', (s) => formatNumber(s.peakSessions)],
                      ['Peak estimated memory', (s) => formatBytes(s.peakBytes)],
                      ['Actions refused', (s) => (s.refused.length === 0 ? '0' : `${s.refused.length} (first: ${s.refused[0]?.message ?? ''})`)],
                    ] as const satisfies readonly (readonly [string, (s: ColumnSummary) => string])[]
                  ).map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      {result.summaries.map((s, i) => (
                        <td key={i} className="mono">
                          {value(s)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LiveChart result={result} />
          </section>

          <section className="cmp-part" aria-labelledby={`${streamSelect}-t`}>
            <h2 id={`${streamSelect}-t`} className="cmp-h">
              Verdicts per request
            </h2>
            <label className="cmp-check">
              <input type="checkbox" checked={onlyDisagreements} onChange={(e) => setOnlyDisagreements(e.target.checked)} /> Show only the requests where the configurations disagree
            </label>
            <div className="cmp-results">
              <ComparisonTable result={result} rowInfo={actions.row} picked={picked} onPick={setPicked} onlyDisagreements={onlyDisagreements} />
              {picked !== null && (
                <section className="cmp-details" aria-label="Request details">
                  <div className="cmp-row">
                    <h3 className="cmp-h3">
                      Request {picked.row + 1} in “{result.columns[picked.column]?.label}”
                    </h3>
                    <button type="button" className="button sim-small-button" onClick={() => setPicked(null)}>
                      Close details
                    </button>
                  </div>
                  {picked.pending ? (
                    <p className="sim-muted" role="status">
                      Replaying this configuration up to request {formatNumber(picked.row + 1)}…
                    </p>
                  ) : picked.cell === null ? (
                    <p className="sim-muted">This configuration has not answered this request yet.</p>
                  ) : (
                    <>
                      <p className="cmp-verdict-line">{explainVerdict(picked.cell.verdict)}</p>
                      <ExchangeDecisions record={picked.cell.record} />
                    </>
                  )}
                </section>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  )
}

/** One configuration's settings, in a fieldset named after its label. */
function ColumnEditor({
  index,
  column,
  onChange,
  onSource,
  onRemove,
  labels,
  streamFingerprint,
  refusalOf,
}: {
  index: number
  column: ColumnData
  onChange: (change: Partial<ColumnData>) => null
  /** Source text the reader typed or picked here: theirs, so it may run. */
  onSource: (source: string) => void
  onRemove: (() => void) | null
  labels: readonly string[]
  /** The stream's starting fingerprint, which "as the stream says" keeps (undefined: the library's default). */
  streamFingerprint: FingerprintData | undefined
  /** Where a field of this configuration reports the text it refused. */
  refusalOf: (field: string) => RefusalReport
}) {
  const fpId = useId()
  const sourceId = useId()
  const named = typeof column.fingerprint === 'string' ? column.fingerprint : column.fingerprint === undefined ? 'stream' : 'custom'
  return (
    <fieldset className="cmp-column" style={{ borderTopColor: columnColour(index) }}>
      <legend>
        Configuration {index + 1}: {column.label}
      </legend>
      <TextField
        label="Label"
        mono={false}
        value={column.label}
        onRefusal={refusalOf('Label')}
        onCommit={(text) => {
          const t = text.trim()
          if (t === '') return 'a configuration needs a label'
          if (labels.some((l, i) => i !== index && l === t)) return 'another configuration has this label'
          return onChange({ label: t })
        }}
      />
      <div className="field">
        <label htmlFor={fpId}>Fingerprint</label>
        <select
          id={fpId}
          value={named}
          onChange={(e) => {
            const v = e.target.value
            if (v === 'stream') onChange({ fingerprint: undefined })
            else if (v === 'custom') {
              const source = typeof column.fingerprint === 'object' ? column.fingerprint.source : EXAMPLE_FINGERPRINT
              if (typeof column.fingerprint !== 'object') onSource(source)
              onChange({ fingerprint: { source } })
            } else onChange({ fingerprint: v as FingerprintData })
          }}
        >
          <option value="stream">as the stream says ({fingerprintLabel(streamFingerprint ?? 'default')})</option>
          {FINGERPRINT_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}: {STRATEGY_LABELS[n]}
            </option>
          ))}
          <option value="custom">custom: {STRATEGY_LABELS.custom}</option>
        </select>
      </div>
      {typeof column.fingerprint === 'object' && (
        <div className="field">
          <label htmlFor={sourceId}>Fingerprint function</label>
          <textarea
            id={sourceId}
            rows={3}
            spellCheck={false}
            value={column.fingerprint.source}
            aria-describedby={`${sourceId}-hint`}
            onChange={(e) => {
              onSource(e.target.value)
              onChange({ fingerprint: { source: e.target.value } })
            }}
          />
          <span id={`${sourceId}-hint`} className="sim-muted cmp-hint">
            A function of the request returning the store key, with <code>md5</code> in scope. It runs in a sandbox, not in
            this page, reads <code>req.session.id</code>, <code>req.remoteAddress</code>, <code>req.headers</code>,{' '}
            <code>req.method</code> and <code>req.url</code>, and is stopped after {FINGERPRINT_BUDGET_MS} ms. A comparison
            with one runs a request at a time between pauses, so it takes longer.
          </span>
        </div>
      )}
      <label className="cmp-check">
        <input
          type="checkbox"
          checked={simQuirkList(column.quirks).length > 0}
          aria-describedby={`${fpId}-quirks`}
          onChange={(e) => onChange({ quirks: e.target.checked ? '2010' : undefined })}
        />
        2010 mode
      </label>
      <span id={`${fpId}-quirks`} className="sim-muted cmp-hint">
        {column.quirks === undefined
          ? 'Off: the library as fixed today.'
          : column.quirks === '2010'
            ? `On: the ${SIM_QUIRKS.length} quirks of 2010 back that a simulated world can run (each is on the What changed page).`
            : `On, these quirks only: ${column.quirks.join(', ') || 'none'}.`}
      </span>
      <DurationField
        name="reapInterval"
        value={column.reapInterval ?? 600_000}
        allowOff
        check={(ms) => settingRefusal({ reapInterval: ms })}
        onRefusal={refusalOf('reapInterval')}
        onCommit={(ms) => onChange({ reapInterval: ms })}
      />
      <DurationField
        name="maxAge"
        value={column.maxAge ?? 14_400_000}
        check={(ms) => settingRefusal({ maxAge: ms })}
        onRefusal={refusalOf('maxAge')}
        onCommit={(ms) => onChange({ maxAge: ms })}
      />
      <TextField
        label="Cookie attributes (JSON)"
        value={column.cookie === undefined || column.cookie === null ? '' : JSON.stringify(column.cookie)}
        onRefusal={refusalOf('Cookie attributes')}
        hint={<span className="sim-muted cmp-hint">e.g. {'{"secure": true}'}; empty for the library&rsquo;s defaults</span>}
        onCommit={(text) => {
          if (text.trim() === '') return onChange({ cookie: undefined })
          try {
            const value: unknown = JSON.parse(text)
            if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'cookie attributes are a JSON object'
            // The library's own check of the attributes, so a bad one is refused here rather than when the run starts.
            return settingRefusal({ cookie: value as NonNullable<ColumnData['cookie']> }) ?? onChange({ cookie: value as ColumnData['cookie'] })
          } catch {
            return 'not valid JSON'
          }
        }}
      />
      {onRemove !== null && (
        <button type="button" className="button sim-small-button" onClick={onRemove}>
          Remove {column.label}
        </button>
      )}
    </fieldset>
  )
}

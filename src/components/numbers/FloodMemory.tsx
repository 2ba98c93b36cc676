import { useEffect, useId, useRef, useState } from 'react'
import type uPlot from 'uplot'
import { FloodRun, type FloodPoint } from '../../sim/index.ts'
import { nextTask } from '../../state/index.ts'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { OptionList } from '../ui/fields.tsx'
import { formatDuration, formatNumber } from '../ui/format.ts'
import { formatBytes } from './long-duration.ts'
import './numbers.css'

const MINUTE = 60_000
const RATES = [30, 60, 120, 300] as const
const DURATIONS = [60 * MINUTE, 2 * 60 * MINUTE, 4 * 60 * MINUTE] as const
const MAX_AGES = [10 * MINUTE, 30 * MINUTE, 60 * MINUTE] as const
const REAP_INTERVALS = [MINUTE, 5 * MINUTE, 10 * MINUTE] as const

// Work per task: well under the 50 ms that makes a page feel stuck, even on a busy machine.
const SLICE_MS = 12
// Requests per call into the simulator: a few ms of work, so a slice ends close to its deadline.
const REQUESTS_PER_CALL = 50


/** The results table's figure columns, in order: their headers, and each cell's label when rows become cards. */
const FLOOD_COLUMNS = ['Requests', 'Most sessions held', 'Sessions at the end', 'Memory at the end'] as const

interface Settings {
  readonly perMinute: number
  readonly duration: number
  readonly maxAge: number
  readonly reapInterval: number
}

interface Result {
  readonly settings: Settings
  readonly reaped: readonly FloodPoint[]
  readonly kept: readonly FloodPoint[]
}

function peak(points: readonly FloodPoint[], of: 'sessions' | 'bytes'): number {
  let max = 0
  for (const p of points) if (p[of] > max) max = p[of]
  return max
}

/**
 * A flood from a bot that never keeps cookies, run twice (with the reaper and without) and plotted as sessions held
 * and estimated memory over virtual time. The runs go in slices of a few ms, so the page stays responsive.
 */
export function FloodMemory() {
  const ids = { rate: useId(), duration: useId(), maxAge: useId(), reap: useId(), progress: useId(), results: useId() }
  const [settings, setSettings] = useState<Settings>({ perMinute: 60, duration: 2 * 60 * MINUTE, maxAge: 30 * MINUTE, reapInterval: 5 * MINUTE })
  const [progress, setProgress] = useState<number | null>(null)
  const [result, setResult] = useState<Result | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const cancelled = useRef(false)

  useEffect(
    () => () => {
      cancelled.current = true
    },
    [],
  )

  const run = async () => {
    cancelled.current = false
    setError(null)
    let runs: FloodRun[]
    try {
      runs = [new FloodRun({ ...settings }), new FloodRun({ ...settings, reapInterval: -1 })]
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      return
    }
    setProgress(0)
    setStatus('Flooding…')
    for (const flood of runs) {
      while (!flood.done) {
        const sliceEnd = performance.now() + SLICE_MS
        while (!flood.done && performance.now() < sliceEnd) flood.work(REQUESTS_PER_CALL)
        setProgress(runs.reduce((sum, r) => sum + r.progress, 0) / runs.length)
        await nextTask()
        if (cancelled.current) {
          setProgress(null)
          setStatus('Cancelled; the last results stay.')
          return
        }
      }
    }
    const [reaped, kept] = runs as [FloodRun, FloodRun]
    setResult({ settings, reaped: reaped.points, kept: kept.points })
    setProgress(null)
    const r = reaped.points[reaped.points.length - 1] as FloodPoint
    const k = kept.points[kept.points.length - 1] as FloodPoint
    setStatus(`Done: after ${formatDuration(settings.duration)}, ${formatNumber(r.sessions)} sessions with the reaper, ${formatNumber(k.sessions)} without.`)
  }

  const running = progress !== null
  const set = <K extends keyof Settings>(key: K) => (event: { target: { value: string } }) => setSettings((s) => ({ ...s, [key]: Number(event.target.value) }))

  return (
    <section className="nb-flood" aria-label="Flood memory">
      <div className="nb-inputs">
        <div className="field sim-field">
          <label htmlFor={ids.rate}>Requests per minute</label>
          <select id={ids.rate} value={settings.perMinute} disabled={running} onChange={set('perMinute')}>
            <OptionList items={RATES} valueOf={String} labelOf={(n) => formatNumber(n)} />
          </select>
        </div>
        <div className="field sim-field">
          <label htmlFor={ids.duration}>Flood lasts</label>
          <select id={ids.duration} value={settings.duration} disabled={running} onChange={set('duration')}>
            <OptionList items={DURATIONS} valueOf={String} labelOf={formatDuration} />
          </select>
        </div>
        <div className="field sim-field">
          <label htmlFor={ids.maxAge}>maxAge</label>
          <select id={ids.maxAge} value={settings.maxAge} disabled={running} onChange={set('maxAge')}>
            <OptionList items={MAX_AGES} valueOf={String} labelOf={formatDuration} />
          </select>
        </div>
        <div className="field sim-field">
          <label htmlFor={ids.reap}>reapInterval</label>
          <select id={ids.reap} value={settings.reapInterval} disabled={running} onChange={set('reapInterval')}>
            <OptionList items={REAP_INTERVALS} valueOf={String} labelOf={formatDuration} />
          </select>
        </div>
      </div>
      <div className="pg-actions nb-run">
        <button type="button" className="button button-primary" disabled={running} onClick={() => void run()}>
          Run the flood
        </button>
        {running && (
          <>
            <progress id={ids.progress} aria-label="Flood progress" max={1} value={progress} />
            <button
              type="button"
              className="button"
              onClick={() => {
                cancelled.current = true
              }}
            >
              Cancel
            </button>
          </>
        )}
        <span className="sim-muted" role="status">
          {status}
        </span>
      </div>
      <ErrorNote message={error} />
      {result !== null && (
        <>
          <FloodCharts result={result} />
          <div className="nb-table-wrap" tabIndex={0} role="region" aria-labelledby={ids.results}>
            {/* Explicit roles and data-labels, as in the calculator's table: on a phone each row is a card, each figure
                shows its column's name, and the roles keep it a table to assistive tech. */}
            <table className="nb-table" role="table">
              <caption id={ids.results}>Flood results</caption>
              <thead>
                <tr role="row">
                  <th scope="col" role="columnheader">Store</th>
                  {FLOOD_COLUMNS.map((column) => (
                    <th key={column} scope="col" role="columnheader">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[
                  { name: `With the reaper (every ${formatDuration(result.settings.reapInterval)})`, points: result.reaped },
                  { name: 'Without the reaper', points: result.kept },
                ].map(({ name, points }) => {
                  const last = points[points.length - 1] as FloodPoint
                  const figures: Record<(typeof FLOOD_COLUMNS)[number], string> = {
                    Requests: formatNumber(last.sent),
                    'Most sessions held': formatNumber(peak(points, 'sessions')),
                    'Sessions at the end': formatNumber(last.sessions),
                    'Memory at the end': formatBytes(last.bytes),
                  }
                  return (
                    <tr key={name} role="row">
                      <th scope="row" role="rowheader">
                        {name}
                      </th>
                      {FLOOD_COLUMNS.map((column) => (
                        <td key={column} className="num" role="cell" data-label={column}>
                          {figures[column]}
                        </td>
                      ))}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}

type UPlotClass = typeof uPlot

let uplotPromise: Promise<UPlotClass> | undefined

/** uPlot and its stylesheet, fetched the first time a chart is drawn. */
function loadUPlot(): Promise<UPlotClass> {
  const promise = uplotPromise ?? Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => ('default' in m ? m.default : m) as UPlotClass)
  uplotPromise = promise
  return promise
}

const CHART_HEIGHT = 220

/** The width a chart may take in its box. */
function widthOf(el: HTMLElement): number {
  return Math.max(240, Math.min(720, el.clientWidth))
}

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value === '' ? fallback : value
}

/** Watches the site's theme so the charts redraw in the new colours. */
function useTheme(): string {
  const [theme, setTheme] = useState(() => (typeof document === 'undefined' ? 'light' : (document.documentElement.dataset.theme ?? 'light')))
  useEffect(() => {
    const root = document.documentElement
    const observer = new MutationObserver(() => setTheme(root.dataset.theme ?? 'light'))
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] })
    return () => observer.disconnect()
  }, [])
  return theme
}

function FloodCharts({ result }: { result: Result }) {
  const sessionsRef = useRef<HTMLDivElement>(null)
  const memoryRef = useRef<HTMLDivElement>(null)
  const theme = useTheme()
  const [failed, setFailed] = useState<string | null>(null)

  useEffect(() => {
    let disposed = false
    const charts: { chart: uPlot; el: HTMLElement }[] = []
    // The charts follow their box's width (a phone turned, a window narrowed) instead of the width they were drawn at.
    const resize = new ResizeObserver(() => {
      for (const { chart, el } of charts) chart.setSize({ width: widthOf(el), height: CHART_HEIGHT })
    })
    const draw = (UPlot: UPlotClass) => {
      if (disposed) return
      const fg = cssColor('--fg', '#1b1f24')
      const grid = cssColor('--border', '#dde2e8')
      const withColor = cssColor('--accent', '#1a5bc4')
      const withoutColor = cssColor('--verb-reap', '#b42318')
      const minutes = result.reaped.map((p) => p.t / MINUTE)
      const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } }
      for (const [el, of, label, scale] of [
        [sessionsRef.current, 'sessions', 'Sessions held', (v: number) => v],
        [memoryRef.current, 'bytes', 'Estimated memory (MiB)', (v: number) => v / 1024 / 1024],
      ] as const) {
        if (el === null) continue
        const data: [number[], number[], number[]] = [minutes, result.reaped.map((p) => scale(p[of])), result.kept.map((p) => scale(p[of]))]
        charts.push({
          el,
          chart: new UPlot(
            {
              width: widthOf(el),
              height: CHART_HEIGHT,
              legend: { show: false },
              cursor: { show: false },
              scales: { x: { time: false } },
              axes: [
                { ...axis, label: 'virtual minutes', labelSize: 20 },
                { ...axis, label, labelSize: 20, size: 60 },
              ],
              series: [{}, { label: 'with the reaper', stroke: withColor, width: 2 }, { label: 'without the reaper', stroke: withoutColor, width: 2, dash: [6, 4] }],
            },
            data,
            el,
          ),
        })
        resize.observe(el)
      }
    }
    loadUPlot().then(draw, (err: unknown) => {
      if (!disposed) setFailed(`The chart could not be drawn (${err instanceof Error ? err.message : String(err)}); the table below has the figures.`)
    })
    return () => {
      disposed = true
      resize.disconnect()
      for (const { chart } of charts) chart.destroy()
    }
  }, [result, theme])

  const r = result.reaped[result.reaped.length - 1] as FloodPoint
  const k = result.kept[result.kept.length - 1] as FloodPoint
  const summary = (of: 'sessions' | 'bytes', say: (v: number) => string) =>
    `Over ${formatDuration(result.settings.duration)}: with the reaper the store levels off at about ${say(r[of])}; without it, it climbs steadily to ${say(k[of])}.`
  return (
    <div className="nb-charts">
      <figure className="nb-figure">
        <figcaption>Sessions held over virtual time</figcaption>
        <div ref={sessionsRef} className="nb-chart" role="img" aria-label={summary('sessions', (v) => `${formatNumber(v)} sessions`)} />
      </figure>
      <figure className="nb-figure">
        <figcaption>Estimated memory over virtual time</figcaption>
        <div ref={memoryRef} className="nb-chart" role="img" aria-label={summary('bytes', formatBytes)} />
      </figure>
      <p className="nb-key" aria-hidden="true">
        <span className="nb-key-with">── with the reaper</span> <span className="nb-key-without">- - without the reaper</span>
      </p>
      <ErrorNote message={failed} />
    </div>
  )
}

import { useEffect, useRef, useState } from 'react'
import type { ComparisonResult } from '../../sim/index.ts'
import { formatNumber } from '../ui/format.ts'
import { columnColour } from './column-colour.tsx'

type UPlot = typeof import('uplot')

// Tick steps for a count: 1, 2 and 5 times each power of ten, up to more sessions than a comparison can hold.
const WHOLE_STEPS = Array.from({ length: 10 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat()

/**
 * Live sessions over virtual time, one line per column, drawn with uPlot, which is fetched only when a chart is
 * first shown (pages without one never load it). The figures are also in the summary table, for readers who
 * cannot see the chart.
 */
export function LiveChart({ result }: { result: ComparisonResult }) {
  const box = useRef<HTMLDivElement | null>(null)
  const [lib, setLib] = useState<UPlot | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const [width, setWidth] = useState(600)

  useEffect(() => {
    let live = true
    Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
      ([m]) => {
        if (live) setLib(() => (m as unknown as { default: UPlot }).default)
      },
      (err: unknown) => {
        if (live) setFailed(err instanceof Error ? err.message : String(err))
      },
    )
    return () => {
      live = false
    }
  }, [])

  useEffect(() => {
    const el = box.current
    if (el === null || typeof ResizeObserver !== 'function') return
    const observer = new ResizeObserver(() => setWidth(Math.max(260, Math.floor(el.clientWidth))))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const el = box.current
    if (lib === null || el === null) return
    // One x axis for all columns: the union of their sample times, each series stepping from its last value.
    const times = Array.from(new Set(result.live.flatMap((l) => Array.from(l.times)))).sort((a, b) => a - b)
    const series = result.live.map((l) => {
      const out: number[] = new Array(times.length)
      let j = 0
      let last = 0
      for (let i = 0; i < times.length; i++) {
        while (j < l.times.length && (l.times[j] as number) <= (times[i] as number)) last = l.sessions[j++] as number
        out[i] = last
      }
      return out
    })
    // The axis counts in the unit that suits the run's span: a crawl of hours in hours, a scenario in seconds.
    const span = ((times[times.length - 1] ?? result.startTime) - result.startTime) / 1000
    const unit = span >= 7_200 ? { seconds: 3_600, name: 'hours', short: 'h' } : span >= 120 ? { seconds: 60, name: 'minutes', short: 'min' } : { seconds: 1, name: 'seconds', short: 's' }
    const x = times.map((t) => (t - result.startTime) / 1000 / unit.seconds)
    const style = getComputedStyle(el)
    const ink = style.color || '#888'
    const grid = 'rgba(128,128,128,0.25)'
    const plot = new lib(
      {
        width,
        height: 240,
        scales: { x: { time: false } },
        axes: [
          { stroke: ink, grid: { stroke: grid }, label: `virtual ${unit.name} since the start` },
          // Sessions are whole: ticks only at whole numbers.
          { stroke: ink, grid: { stroke: grid }, label: 'live sessions', incrs: WHOLE_STEPS },
        ],
        // The legend reads the point under the pointer; with none, the whole run: its span and each column's peak
        // (uPlot's own idle legend shows a dash for every value).
        series: [
          { label: 'at', value: (_u: unknown, v: number | null, _s: number, idx: number | null) => (idx === null || v === null ? 'the whole run' : `${v.toFixed(1)} ${unit.short}`) },
          ...result.columns.map((c, i) => ({
            label: c.label,
            stroke: columnColour(i),
            width: 2,
            value: (_u: unknown, v: number | null, _s: number, idx: number | null) => (idx === null || v === null ? `peak ${formatNumber(result.summaries[i]?.peakSessions ?? 0)}` : formatNumber(v)),
          })),
        ],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
      },
      [x, ...series],
      el,
    )
    return () => plot.destroy()
  }, [lib, result, width])

  return (
    <figure className="cmp-chart">
      <div ref={box} className="cmp-chart-box" role="img" aria-label={`Live sessions over virtual time: ${result.columns.map((c, i) => `${c.label} peaks at ${result.summaries[i]?.peakSessions ?? 0}`).join('; ')}`} />
      {failed !== null && <p className="sim-muted">The chart could not be loaded ({failed}); the summary above has the peaks.</p>}
      <figcaption className="sim-muted">Live sessions in each configuration&rsquo;s store over virtual time (the peak of each interval).</figcaption>
    </figure>
  )
}

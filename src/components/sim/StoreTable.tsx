import './sim.css'
import { memo, useEffect, useId, useMemo, useState } from 'react'
import { COOKIE_NAME } from '../../connect/index.ts'
import type { BrowserView, TraceRecord } from '../../sim/index.ts'
import { filterSessions, holdersOf, isOpen, NO_FILTER, useSimulation, useSimulationStore, type InspectTarget, type SessionFilter, type SessionRow } from '../../state/index.ts'
import { formatClock, formatDuration, formatNumber, formatRelative, shortHex } from '../ui/format.ts'
import { useRowWindow } from './use-window.ts'

const ROW_HEIGHT = 40
// Caption (about 40 px) plus the header row (34 px): what scrolls away before the first body row.
const HEAD_HEIGHT = 74
// More ghosts than this and the fade would only be noise (a reap of thousands); they just go.
const MAX_GHOSTS = 40
const GHOST_MS = 900

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

/** What the session holds besides its id and lastAccess, as compact JSON. */
function dataOf(row: SessionRow): string {
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row.data)) if (k !== 'id' && k !== 'lastAccess') rest[k] = v
  const text = JSON.stringify(rest)
  return text === '{}' ? '—' : text
}

type Mark = 'new' | 'touched' | 'reaped' | null

/** When each session id's cookie expires in the browsers that hold it (the latest, if several hold it). */
function cookieExpiries(browsers: readonly BrowserView[]): ReadonlyMap<string, number> {
  const out = new Map<string, number>()
  for (const b of browsers) {
    for (const c of b.cookies) {
      if (c.name !== COOKIE_NAME || c.expires === null) continue
      out.set(c.value, Math.max(out.get(c.value) ?? c.expires, c.expires))
    }
  }
  return out
}

/**
 * The cookie's own expiry beside the store's idle deadline, when they differ by a second or more (after maxAge
 * changed, or when the session was saved without a new Set-Cookie); nothing when they agree or no browser holds it.
 */
function CookieExpiry({ row, cookieExpires, now }: { row: SessionRow; cookieExpires: number | undefined; now: number }) {
  if (cookieExpires === undefined) return null
  const deadline = now + row.expiresIn
  if (Math.abs(cookieExpires - deadline) < 1000) return null
  return (
    <span className="sim-cookie-expiry" title={`The browser's ${COOKIE_NAME} cookie expires ${formatRelative(cookieExpires - now)}; the store's idle deadline is ${formatRelative(row.expiresIn)}.`}>
      {' '}
      · cookie {formatRelative(cookieExpires - now)}
    </span>
  )
}

const NO_HOLDERS: readonly string[] = []

const Row = memo(function Row({
  row,
  index,
  mark,
  cookieExpires,
  now,
  holders,
  onInspect,
  current,
  server,
}: {
  row: SessionRow
  index: number
  mark: Mark
  cookieExpires: number | undefined
  now: number
  holders: readonly string[] | null
  onInspect?: (target: InspectTarget) => void
  current: boolean
  server: boolean
}) {
  const badge = row.zombie ? (
    <span className="sim-badge sim-badge-zombie" title="Past maxAge but not yet reaped: a request would still find it, and revive it">
      zombie
    </span>
  ) : row.stale ? (
    <span className="sim-badge sim-badge-stale" title="Will be removed by the next reap unless it is touched first">
      stale
    </span>
  ) : null
  return (
    <tr
      // A reaped row lingers only to fade out: it is no longer in the store, so it is hidden from assistive technology
      // (the live region has already said that the reap removed it).
      aria-rowindex={mark === 'reaped' ? undefined : index + 2}
      aria-hidden={mark === 'reaped' ? true : undefined}
      className={[mark === null ? '' : `sim-row-${mark}`, current ? 'sim-row-current' : '', onInspect !== undefined && mark !== 'reaped' ? 'sim-row-inspectable' : ''].join(' ').trim() || undefined}
      data-key={row.key}
      data-ghost={mark === 'reaped' ? '' : undefined}
      // The pointer may click anywhere on the row; the keyboard has the button in its first cell.
      onClick={onInspect === undefined || mark === 'reaped' ? undefined : () => onInspect({ kind: 'session', key: row.key })}
    >
      <td>
        {onInspect !== undefined && mark !== 'reaped' ? (
          <button
            type="button"
            className="sim-row-button"
            aria-label={`Inspect session ${shortHex(row.id)}, fingerprint ${row.key}`}
            aria-current={current ? 'true' : undefined}
            onClick={(event) => {
              event.stopPropagation()
              onInspect({ kind: 'session', key: row.key })
            }}
          >
            <code className="sim-cell-key" title={row.key}>
              {row.key}
            </code>
          </button>
        ) : (
          <code className="sim-cell-key" title={row.key}>
            {row.key}
          </code>
        )}
        {mark === 'new' && <span className="visually-hidden"> (new)</span>}
      </td>
      <td>
        <code className="sim-cell-key" title={row.id}>
          {row.id}
        </code>
      </td>
      <td>
        {/* Keyed by the time, so a touch remounts it and the pulse plays again. */}
        <span key={row.lastAccess} className={mark === 'touched' ? 'sim-pulse' : undefined}>
          {formatClock(row.lastAccess)}
        </span>
      </td>
      <td>{formatDuration(row.age)}</td>
      <td>
        {mark === 'reaped' ? (
          <span className="sim-badge sim-badge-reaped">reaped</span>
        ) : (
          <>
            {formatRelative(row.expiresIn)}
            <CookieExpiry row={row} cookieExpires={cookieExpires} now={now} /> {badge}
          </>
        )}
      </td>
      {holders !== null && <td className="sim-cell-holders">{holders.length === 0 ? <span className="sim-muted">none</span> : holders.join(', ')}</td>}
      <td>
        {/* The whole value on hover and for assistive technology; the cell itself is cut to its width. */}
        <code className="sim-cell-data" title={dataOf(row)}>
          {dataOf(row)}
        </code>
      </td>
      {server && <td className="sim-cell-server">{row.store ?? '—'}</td>}
    </tr>
  )
})

type Ghost = { readonly row: SessionRow; readonly at: number }
const NO_GHOSTS: readonly Ghost[] = []

/** What one update changed, worked out from the previous update's rows and the trace's new reap records. */
interface Tracked {
  readonly rows: readonly SessionRow[]
  readonly lastSeq: number
  readonly marks: ReadonlyMap<string, Mark>
  readonly ghosts: readonly Ghost[]
}

function lastSeqOf(trace: readonly TraceRecord[]): number {
  return trace.length === 0 ? -1 : (trace[trace.length - 1] as TraceRecord).seq
}

function track(before: Tracked | null, rows: readonly SessionRow[], trace: readonly TraceRecord[]): Tracked {
  const lastSeq = lastSeqOf(trace)
  // The first rows seen are not news: nothing lights up when the table first appears.
  if (before === null) return { rows, lastSeq, marks: new Map(), ghosts: [] }
  const old = new Map<string, { row: SessionRow; at: number }>()
  before.rows.forEach((row, at) => old.set(row.key, { row, at }))
  const marks = new Map<string, Mark>()
  for (const row of rows) {
    const was = old.get(row.key)
    if (was === undefined) marks.set(row.key, 'new')
    else if (was.row.lastAccess !== row.lastAccess) marks.set(row.key, 'touched')
  }
  // Reaped rows stay a moment, fading, where they were; which keys went comes from the trace's reap records.
  const ghosts: Ghost[] = []
  if (!prefersReducedMotion()) {
    for (let i = trace.length - 1; i >= 0 && ghosts.length < MAX_GHOSTS; i--) {
      const r = trace[i] as TraceRecord
      if (r.seq <= before.lastSeq) break
      if (r.kind !== 'reap') continue
      for (const key of r.removed) {
        const was = old.get(key)
        if (was !== undefined && ghosts.length < MAX_GHOSTS) ghosts.push(was)
      }
    }
  }
  return { rows, lastSeq, marks, ghosts }
}

/** The filter bar: by the browser holding the cookie, by id or fingerprint prefix, by stale or zombie. */
function FilterBar({ filter, onChange, browsers, shown, total }: { filter: SessionFilter; onChange: (f: SessionFilter) => void; browsers: readonly string[]; shown: number; total: number }) {
  const ids = { browser: useId(), prefix: useId(), state: useId() }
  return (
    <div className="sim-store-filter" role="search" aria-label="Filter the store">
      <div className="sim-inline-field">
        <label htmlFor={ids.browser}>Held by</label>
        <select id={ids.browser} value={filter.browser} onChange={(event) => onChange({ ...filter, browser: event.target.value })}>
          <option value="">any browser</option>
          {browsers.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      <div className="sim-inline-field">
        <label htmlFor={ids.prefix}>Id or fingerprint starts with</label>
        <input id={ids.prefix} className="mono" value={filter.prefix} size={10} spellCheck={false} autoComplete="off" onChange={(event) => onChange({ ...filter, prefix: event.target.value })} />
      </div>
      <div className="sim-inline-field">
        <label htmlFor={ids.state}>Show</label>
        <select id={ids.state} value={filter.state} onChange={(event) => onChange({ ...filter, state: event.target.value as SessionFilter['state'] })}>
          <option value="all">all sessions</option>
          <option value="stale">stale only</option>
          <option value="zombie">zombies only</option>
        </select>
      </div>
      <span className="sim-muted" role="status">
        {isOpen(filter) ? '' : `${formatNumber(shown)} of ${formatNumber(total)} shown`}
      </span>
    </div>
  )
}

/**
 * The store as the library holds it: one row per session with its fingerprint (the store key), id, last access,
 * age and expiry, stale and zombie badges. Windowed, so ten thousand rows scroll as lightly as ten. A touched
 * row pulses, a new fingerprint lights up, a reaped row fades out; all still under prefers-reduced-motion.
 * `filters` adds a filter bar and a column of the browsers holding each session's cookie; `inspectable` makes a
 * row open the Inspector; `maxHeight` in rem caps the scroll box (null: the parent sizes it).
 */
export function StoreTable({ maxHeight = 22, filters = false, inspectable = false }: { maxHeight?: number | null; filters?: boolean; inspectable?: boolean }) {
  const all = useSimulation((s) => s.view.sessions)
  const [filter, setFilter] = useState<SessionFilter>(NO_FILTER)
  const browserViews = useSimulation((s) => s.view.browsers)
  const holders = useMemo(() => holdersOf(browserViews), [browserViews])
  const rows = useMemo(() => (filters ? filterSessions(all, filter, holders) : all), [filters, all, filter, holders])
  const inspected = useSimulation((s) => (s.inspected?.kind === 'session' ? s.inspected.key : null))
  const store = useSimulationStore()
  const onInspect = useMemo(() => (inspectable ? (target: InspectTarget) => store.getState().actions.inspect(target) : undefined), [inspectable, store])
  const now = useSimulation((s) => s.view.now)
  const maxAge = useSimulation((s) => s.view.maxAge)
  const trace = useSimulation((s) => s.trace)
  // In a cluster each row says which store holds it: a server's own, or the shared one.
  const server = useSimulation((s) => s.view.config.cluster.servers > 1 || s.view.config.cluster.proxy !== null)
  const columns = 6 + (filters ? 1 : 0) + (server ? 1 : 0)
  const cookies = useMemo(() => cookieExpiries(browserViews), [browserViews])
  const browserNames = useMemo(() => browserViews.map((b) => b.name), [browserViews])
  const noteId = useId()
  const [box, setBox] = useState<HTMLDivElement | null>(null)
  const captionId = useId()

  // Adjusted while rendering when the rows change (React's pattern for state that follows a prop).
  const [tracked, setTracked] = useState<Tracked | null>(null)
  let current = tracked
  if (current === null || current.rows !== all) {
    current = track(tracked, all, trace)
    setTracked(current)
  }
  const { marks, ghosts } = current
  const [expired, setExpired] = useState<readonly Ghost[] | null>(null)
  useEffect(() => {
    if (ghosts.length === 0) return
    const timer = setTimeout(() => setExpired(ghosts), GHOST_MS)
    return () => clearTimeout(timer)
  }, [ghosts])
  const fading = expired === ghosts ? NO_GHOSTS : ghosts

  const display = useMemo(() => {
    const out: { row: SessionRow; ghost: boolean }[] = rows.map((row) => ({ row, ghost: false }))
    // Ghosts fade where they stood in the whole table; a filtered one has no such place.
    if (fading.length === 0 || rows !== all) return out
    const present = new Set(rows.map((r) => r.key))
    const live = fading.filter((g) => !present.has(g.row.key))
    for (const g of [...live].sort((a, b) => a.at - b.at)) out.splice(Math.min(g.at, out.length), 0, { row: g.row, ghost: true })
    return out
  }, [rows, all, fading])

  // The caption and the header row sit above the first body row.
  const rowsWindow = useRowWindow(box, display.length, ROW_HEIGHT, HEAD_HEIGHT)
  const top = rowsWindow.before
  const bottom = rowsWindow.after
  const items = display.slice(rowsWindow.start, rowsWindow.end)

  const zombies = useMemo(() => all.reduce((n, r) => n + (r.zombie ? 1 : 0), 0), [all])
  return (
    <div className="sim-store">
      {filters && <FilterBar filter={filter} onChange={setFilter} browsers={browserNames} shown={rows.length} total={all.length} />}
      <div
        ref={setBox}
        className="sim-store-scroll"
        style={maxHeight === null ? undefined : { maxHeight: `${maxHeight}rem` }}
        tabIndex={0}
        role="region"
        aria-labelledby={captionId}
        aria-describedby={noteId}
      >
        <table className={server ? 'sim-table sim-store-table sim-table-servers' : 'sim-table sim-store-table'} aria-rowcount={display.length + 1}>
          <caption id={captionId}>
            Sessions in the store{' '}
            <span className="sim-caption-note">
              {all.length === 1 ? '1 session' : `${formatNumber(all.length)} sessions`}
              {zombies > 0 ? `, ${zombies} past maxAge` : ''} · maxAge {formatDuration(maxAge)} · now {formatClock(now)}
            </span>
          </caption>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="sim-col-key">
                Fingerprint<span className="visually-hidden"> (store key)</span>
              </th>
              <th scope="col" className="sim-col-key">
                Session id
              </th>
              <th scope="col" className="sim-col-time">
                Last access
              </th>
              <th scope="col" className="sim-col-age">
                Age
              </th>
              <th scope="col" className="sim-col-expires">
                Expires
              </th>
              {filters && (
                <th scope="col" className="sim-col-holders">
                  Held by
                </th>
              )}
              <th scope="col" className="sim-col-data">
                Data
              </th>
              {server && (
                <th scope="col" className="sim-col-server">
                  Server<span className="visually-hidden"> (whose store holds it)</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {display.length === 0 && (
              <tr aria-rowindex={2}>
                <td colSpan={columns} className="sim-empty">
                  {all.length === 0 ? 'The store is empty. Send a request to create a session.' : 'No session matches the filter.'}
                </td>
              </tr>
            )}
            {top > 0 && (
              <tr aria-hidden="true" className="sim-spacer" style={{ height: top }}>
                <td colSpan={columns} />
              </tr>
            )}
            {items.map((entry, i) => (
              <Row
                key={entry.row.key + (entry.ghost ? ':gone' : '')}
                row={entry.row}
                index={rowsWindow.start + i}
                mark={entry.ghost ? 'reaped' : (marks.get(entry.row.key) ?? null)}
                cookieExpires={cookies.get(entry.row.id)}
                now={now}
                holders={filters ? (holders.get(entry.row.id) ?? NO_HOLDERS) : null}
                onInspect={onInspect}
                current={entry.row.key === inspected}
                server={server}
              />
            ))}
            {bottom > 0 && (
              <tr aria-hidden="true" className="sim-spacer" style={{ height: bottom }}>
                <td colSpan={columns} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p id={noteId} className="sim-store-note">
        <strong>Expires</strong> is the store's idle deadline, last access + maxAge. The browser's cookie has its own
        expiry, from the last <code>Set-Cookie</code>; where the two differ, the row shows both.
      </p>
    </div>
  )
}

import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react'
import { cellKind, cellLabel, type ComparisonResult, type RowInfo } from '../../sim/index.ts'
import { useRowWindow } from '../sim/use-window.ts'
import { formatNumber, formatSinceStart } from '../ui/format.ts'
import { ColumnHeading } from './column-colour.tsx'

// The height every row of a simulator table has (`.sim-table td` in sim.css): the window's arithmetic relies on it, and
// a row height that differs from the CSS puts a jump to a far row hundreds of rows off.
const ROW_HEIGHT = 40
const HEAD_HEIGHT = 72

/** A cell the reader picked. */
export interface PickedCell {
  readonly row: number
  readonly column: number
}

/**
 * The table named "Comparison": one row per request, one column per configuration, each cell the verdict in that
 * configuration. Rows where the columns disagree are marked (a sign and the words, not colour alone); Next / Previous
 * disagreement (or N and P inside the table) step through them; a cell is a button that opens its details. Only the
 * rows in view are rendered, so 100,000 rows scroll like ten.
 */
export function ComparisonTable({
  result,
  rowInfo,
  picked,
  onPick,
  onlyDisagreements,
}: {
  result: ComparisonResult
  rowInfo: (row: number) => RowInfo | null
  picked: PickedCell | null
  onPick: (cell: PickedCell) => void
  onlyDisagreements: boolean
}) {
  const [box, setBox] = useState<HTMLDivElement | null>(null)
  // The same element, for imperative scrolling and focusing (state values must not be written to).
  const boxRef = useRef<HTMLDivElement | null>(null)
  const attach = useCallback((el: HTMLDivElement | null) => {
    boxRef.current = el
    setBox(el)
  }, [])
  const disagreeing = useMemo(() => new Set(result.disagreements), [result.disagreements])
  // The rows shown: every request, or only those where the columns disagree.
  const count = onlyDisagreements ? result.disagreements.length : result.rows
  const rowAt = useCallback((i: number) => (onlyDisagreements ? (result.disagreements[i] as number) : i), [onlyDisagreements, result.disagreements])
  const win = useRowWindow(box, count, ROW_HEIGHT, HEAD_HEIGHT)
  const [current, setCurrent] = useState<number | null>(null)
  const [status, setStatus] = useState('')
  const pending = useRef<{ row: number; column: number } | null>(null)

  const positionOf = (row: number): number => (onlyDisagreements ? result.disagreements.indexOf(row) : row)

  const go = (dir: 1 | -1) => {
    const list = result.disagreements
    if (list.length === 0) {
      setStatus('The configurations agree on every request.')
      return
    }
    const from = current ?? (dir === 1 ? -1 : Number.POSITIVE_INFINITY)
    let target: number | undefined
    if (dir === 1) target = list.find((r) => r > from) ?? list[0]
    else target = [...list].reverse().find((r) => r < from) ?? list[list.length - 1]
    if (target === undefined) return
    const nth = list.indexOf(target) + 1
    setCurrent(target)
    setStatus(`Disagreement ${nth} of ${list.length}: request ${target + 1}.`)
    pending.current = { row: target, column: 0 }
    const el = boxRef.current
    if (el === null) return
    // The focused cell's row may leave the window as the box scrolls: the box holds the focus (so N and P keep
    // working) until the target's cell is rendered and takes it.
    if (el.contains(document.activeElement) && document.activeElement !== el) el.focus({ preventScroll: true })
    el.scrollTop = Math.max(0, positionOf(target) * ROW_HEIGHT - el.clientHeight / 3)
  }

  // After a jump, focus the first cell of the row once it is rendered.
  useEffect(() => {
    const p = pending.current
    const el = boxRef.current
    if (p === null || el === null) return
    const cell = el.querySelector<HTMLButtonElement>(`button[data-row="${p.row}"][data-col="${p.column}"]`)
    if (cell !== null) {
      pending.current = null
      cell.focus({ preventScroll: true })
    }
  })

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    if (e.key === 'n' || e.key === 'N') {
      e.preventDefault()
      go(1)
    } else if (e.key === 'p' || e.key === 'P') {
      e.preventDefault()
      go(-1)
    }
  }

  const rows: number[] = []
  for (let i = win.start; i < win.end; i++) rows.push(rowAt(i))
  const cols = result.columns.length
  return (
    <div className="cmp-table-wrap">
      <div className="cmp-toolbar" role="toolbar" aria-label="Disagreements">
        <button type="button" className="button" onClick={() => go(-1)}>
          Previous disagreement
        </button>
        <button type="button" className="button" onClick={() => go(1)}>
          Next disagreement
        </button>
        <span className="sim-muted" role="status" aria-live="polite">
          {status !== '' ? status : `${formatNumber(result.disagreements.length)} of ${formatNumber(result.rows)} requests disagree. N / P inside the table step through them.`}
        </span>
      </div>
      <div ref={attach} className="cmp-scroll" tabIndex={0} role="region" aria-label="Comparison, one row per request" onKeyDown={onKey}>
        <table className="sim-table cmp-table" aria-label="Comparison" aria-rowcount={count + 1} style={{ '--cmp-columns': cols } as CSSProperties}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="cmp-col-n">
                #
              </th>
              <th scope="col" className="cmp-col-req">
                Request
              </th>
              {result.columns.map((c, i) => (
                <ColumnHeading key={i} index={i} label={c.label} className="cmp-col-verdict" />
              ))}
            </tr>
          </thead>
          <tbody>
            {count === 0 && (
              <tr aria-rowindex={2}>
                <td colSpan={cols + 2} className="sim-empty">
                  {onlyDisagreements ? 'No request has different verdicts so far.' : 'No request has a verdict in every configuration yet.'}
                </td>
              </tr>
            )}
            {win.before > 0 && (
              <tr aria-hidden="true" className="sim-spacer" style={{ height: win.before }}>
                <td colSpan={cols + 2} />
              </tr>
            )}
            {rows.map((row, i) => {
              const info = rowInfo(row)
              const differs = disagreeing.has(row)
              return (
                <tr key={row} aria-rowindex={win.start + i + 2} className={`${differs ? 'cmp-differs' : ''}${current === row ? ' cmp-current' : ''}`} style={{ height: ROW_HEIGHT }}>
                  <th scope="row" className="cmp-col-n">
                    {differs && (
                      <span className="cmp-mark" title="the configurations disagree">
                        ≠<span className="visually-hidden"> disagreement,</span>
                      </span>
                    )}
                    {row + 1}
                  </th>
                  <td className="cmp-col-req">
                    {info === null ? (
                      '…'
                    ) : (
                      <>
                        <span className="cmp-browser">{info.browser}</span> <span className="mono">{info.request}</span>{' '}
                        <span className="sim-muted">{formatSinceStart(info.time, result.startTime)}</span>
                      </>
                    )}
                  </td>
                  {result.columns.map((_, c) => {
                    const k = (result.kinds[c] as Uint8Array)[row] as number
                    const label = cellLabel(k, (result.reasons[c] as Uint8Array)[row] as number, (result.statuses[c] as Uint16Array)[row] as number)
                    const isPicked = picked !== null && picked.row === row && picked.column === c
                    return (
                      <td key={c} className={`cmp-cell cmp-kind-${cellKind(k) ?? 'none'}`}>
                        <button type="button" className="cmp-cell-button" data-row={row} data-col={c} aria-pressed={isPicked} title={label} onClick={() => onPick({ row, column: c })}>
                          {label}
                        </button>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
            {win.after > 0 && (
              <tr aria-hidden="true" className="sim-spacer" style={{ height: win.after }}>
                <td colSpan={cols + 2} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  )
}

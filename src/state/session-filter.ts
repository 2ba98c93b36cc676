// The store table's filter: which rows to show of possibly ten thousand, by who holds the cookie, by the start of
// the id or the fingerprint, and by what the reap rule says of them (stale, zombie).
import type { SessionRow } from './derive.ts'

/** Which rows the store table shows. Empty fields filter nothing. */
export interface SessionFilter {
  /** Only sessions whose cookie this browser holds ('' for any). */
  readonly browser: string
  /** Only sessions whose id or fingerprint (store key) starts with this, ignoring case and surrounding space. */
  readonly prefix: string
  /** 'stale': the next reap takes it (zombies included); 'zombie': past maxAge and still there. */
  readonly state: 'all' | 'stale' | 'zombie'
}

/** The filter that lets every row through. */
export const NO_FILTER: SessionFilter = { browser: '', prefix: '', state: 'all' }

/** True when the filter lets everything through (the table can then skip it). */
export function isOpen(filter: SessionFilter): boolean {
  return filter.browser === '' && filter.prefix.trim() === '' && filter.state === 'all'
}

/**
 * The rows the filter lets through, in order; the same array when it lets all through. `holders` maps a session id
 * to the browsers holding its cookie (see holdersOf).
 */
export function filterSessions(rows: readonly SessionRow[], filter: SessionFilter, holders: ReadonlyMap<string, readonly string[]>): readonly SessionRow[] {
  if (isOpen(filter)) return rows
  const prefix = filter.prefix.trim().toLowerCase()
  const out: SessionRow[] = []
  for (const row of rows) {
    if (filter.state === 'zombie' && !row.zombie) continue
    if (filter.state === 'stale' && !(row.stale || row.zombie)) continue
    if (prefix !== '' && !row.id.toLowerCase().startsWith(prefix) && !row.key.toLowerCase().startsWith(prefix)) continue
    if (filter.browser !== '' && !(holders.get(row.id)?.includes(filter.browser) ?? false)) continue
    out.push(row)
  }
  return out
}

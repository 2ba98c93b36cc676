// The search dialog, loaded only when search is first opened (with MiniSearch and the index the build wrote):
// results as you type, each naming the page and section, with a snippet that marks the match, linking to the section.
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import MiniSearch, { type SearchResult } from 'minisearch'
import { CloseIcon, ModalDialog } from '../../components/index.ts'
import { BASE } from '../base.ts'
import { Link } from '../router.tsx'
import { INDEX_FILE, INDEX_OPTIONS, QUERY_OPTIONS, type SearchSection } from './options.ts'
import { snippet } from './snippet.ts'

const MAX_RESULTS = 12

let indexPromise: Promise<MiniSearch<SearchSection>> | undefined

/** Fetches and loads the index once; a failed fetch is tried again next time. */
function loadIndex(): Promise<MiniSearch<SearchSection>> {
  indexPromise ??= fetch(`${BASE}${INDEX_FILE}`)
    .then((response) => {
      if (!response.ok) throw new Error(`the search index answered ${response.status}`)
      return response.text()
    })
    .then((json) => MiniSearch.loadJSON<SearchSection>(json, INDEX_OPTIONS))
    .catch((error: unknown) => {
      indexPromise = undefined
      throw error
    })
  return indexPromise
}

type IndexState = { kind: 'loading' } | { kind: 'ready'; index: MiniSearch<SearchSection> } | { kind: 'failed' }

interface Hit {
  id: string
  to: string
  page: string
  heading: string
  text: string
  terms: string[]
}

function toHit(result: SearchResult): Hit {
  const section = result as unknown as SearchResult & SearchSection
  return {
    id: String(result.id),
    to: section.anchor === '' ? section.path : `${section.path}#${section.anchor}`,
    page: section.page,
    heading: section.heading,
    text: section.text,
    terms: result.terms,
  }
}

/** The modal search dialog; `onClose` runs when it closes, `navigated` says whether a result was followed. */
export function SearchDialog({ onClose }: { onClose: (navigated: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const followed = useRef(false)
  const titleId = useId()
  const listId = useId()
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState<IndexState>({ kind: 'loading' })

  useEffect(() => {
    let live = true
    loadIndex().then(
      (loaded) => live && setIndex({ kind: 'ready', index: loaded }),
      () => live && setIndex({ kind: 'failed' }),
    )
    return () => {
      live = false
    }
  }, [])

  // The dialog opens (showModal) in its own effect, which runs before this one: the field then takes focus.
  useEffect(() => input.current?.focus(), [])

  const hits = useMemo(() => {
    const q = query.trim()
    if (index.kind !== 'ready' || q === '') return []
    return index.index.search(q, QUERY_OPTIONS).slice(0, MAX_RESULTS).map(toHit)
  }, [index, query])

  const links = () => [...(ref.current?.querySelectorAll<HTMLAnchorElement>('.search-result-link') ?? [])]
  const status =
    index.kind === 'failed'
      ? 'The search index could not be loaded. Check the connection and open search again.'
      : index.kind === 'loading'
        ? 'Loading the search index…'
        : query.trim() === ''
          ? 'Type a word: an option, a method, an idea (reapInterval, fingerprint, zombie).'
          : hits.length === 0
            ? `Nothing found for “${query.trim()}”.`
            : `${hits.length === MAX_RESULTS ? `First ${MAX_RESULTS}` : hits.length} result${hits.length === 1 ? '' : 's'}.`

  return (
    <ModalDialog
      dialogRef={ref}
      onClosed={() => onClose(followed.current)}
      restoreFocus={false}
      className="search-dialog"
      labelledBy={titleId}
      onKeyDown={(event) => {
        // Up and down move between the input and the results; the results are ordinary links otherwise.
        if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
        const all = links()
        if (all.length === 0) return
        const at = all.indexOf(document.activeElement as HTMLAnchorElement)
        event.preventDefault()
        if (event.key === 'ArrowDown') all[Math.min(at + 1, all.length - 1)]?.focus()
        else if (at <= 0) input.current?.focus()
        else all[at - 1]?.focus()
      }}
    >
      <div className="search-body">
        <div className="search-head">
          <h2 id={titleId} className="visually-hidden">
            Search the site
          </h2>
          <svg className="search-field-icon" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-3.5-3.5" />
          </svg>
          <input
            ref={input}
            type="search"
            className="search-input"
            aria-label="Search"
            aria-controls={listId}
            aria-describedby={`${listId}-status`}
            placeholder="Search the docs"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault()
                links()[0]?.click()
              } else if (event.key === 'Escape') {
                // A search field's own Escape would only clear it; the dialog promises Esc closes it.
                event.preventDefault()
                ref.current?.close()
              }
            }}
          />
          <button type="button" className="icon-button" aria-label="Close search" onClick={() => ref.current?.close()}>
            <CloseIcon />
          </button>
        </div>
        <p id={`${listId}-status`} className="search-status" role="status">
          {status}
        </p>
        <ul id={listId} className="search-results" aria-label="Search results">
          {hits.map((hit) => (
            <li key={hit.id}>
              <Link
                className="search-result-link"
                to={hit.to}
                onClick={() => {
                  followed.current = true
                  ref.current?.close()
                }}
              >
                <span className="search-result-where">
                  {/* A hit on a page's top names the page alone, with the match marked in it. */}
                  {hit.heading === hit.page
                    ? snippet(hit.page, hit.terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))
                    : hit.page}
                  {hit.heading !== hit.page && (
                    <>
                      <span aria-hidden="true"> › </span>
                      <span className="visually-hidden">, </span>
                      <strong>
                        {snippet(hit.heading, hit.terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                      </strong>
                    </>
                  )}
                </span>
                <span className="search-result-snippet">
                  {snippet(hit.text, hit.terms).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="search-foot" aria-hidden="true">
          <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
        </p>
      </div>
    </ModalDialog>
  )
}

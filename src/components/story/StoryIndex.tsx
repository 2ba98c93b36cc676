import './story.css'
import { useEffect, useState, type MouseEvent } from 'react'
import { ErrorNote } from '../ui/ErrorNote.tsx'
import { STORIES, storyById, storyHref } from './catalog.ts'
import { Story } from './Story.tsx'

/** The story a URL's query names (`?story=…`), or null. */
export function storyInQuery(search: string): string | null {
  return new URLSearchParams(search).get('story')
}

/**
 * The stories page: every story as a link, and the story the URL names (`/stories?story=fixation`) played above the
 * list. The page is one static path; the story is read from the query once the page runs, so a static host serves
 * every deep link. `navigate` is the site's in-page navigation (the widget never imports the shell).
 */
export function StoryIndex({ navigate }: { navigate?: (to: string) => void }) {
  const [chosen, setChosen] = useState<string | null>(null)
  useEffect(() => {
    const read = () => setChosen(storyInQuery(location.search))
    read()
    window.addEventListener('popstate', read)
    return () => window.removeEventListener('popstate', read)
  }, [])
  const open = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    if (navigate === undefined || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(storyHref(id))
    setChosen(id)
    window.scrollTo(0, 0)
  }
  const entry = chosen === null ? undefined : storyById(chosen)
  return (
    <div className="story-index">
      {chosen !== null && entry === undefined ? <ErrorNote message={`There is no story called ${JSON.stringify(chosen)}. Pick one from the list below.`} /> : null}
      {entry !== undefined ? (
        <div className="story-chosen">
          <p className="story-description">{entry.description}</p>
          {/* Keyed by the story, so moving to another one starts it afresh. */}
          <Story key={entry.id} scenario={entry.id} />
        </div>
      ) : null}
      <nav aria-label="All stories">
        <ol className="story-list">
          {STORIES.map((s) => (
            <li key={s.id} className={s.id === entry?.id ? 'is-current' : undefined}>
              <a href={storyHref(s.id)} aria-current={s.id === entry?.id ? 'page' : undefined} onClick={(event) => open(event, s.id)}>
                {s.title}
              </a>
              <span className="story-list-description">{s.description}</span>
            </li>
          ))}
        </ol>
      </nav>
    </div>
  )
}

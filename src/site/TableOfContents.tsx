import { useEffect, useState } from 'react'

export interface TocEntry {
  id: string
  text: string
  level: 2 | 3
}

/**
 * The "On this page" entry for a heading, or null when the list leaves it out: only h2 and h3 with an id and some
 * text, outside widgets that keep their headings to themselves. One rule for the live page and the prerender.
 */
export function tocEntryOf(tag: string, id: string, text: string, ignored: boolean): TocEntry | null {
  const level = tag === 'h2' ? 2 : tag === 'h3' ? 3 : null
  // The heading's own link ("#") is not part of its title.
  const title = text.replace(/#$/, '').trim()
  return level === null || id === '' || ignored || title === '' ? null : { id, text: title, level }
}

/** Reads the page's h2 and h3 headings (those with an id) in document order. */
export function collectToc(root: ParentNode | null): TocEntry[] {
  if (root === null) return []
  const out: TocEntry[] = []
  for (const heading of root.querySelectorAll<HTMLHeadingElement>('h2[id], h3[id]')) {
    const entry = tocEntryOf(heading.tagName.toLowerCase(), heading.id, heading.textContent ?? '', heading.closest('[data-toc-ignore]') !== null)
    if (entry !== null) out.push(entry)
  }
  return out
}

/** The section whose heading was passed last while scrolling down: the one being read. */
function useCurrentSection(entries: readonly TocEntry[]): string | undefined {
  const [current, setCurrent] = useState<string | undefined>(undefined)
  useEffect(() => {
    const headings = entries.map((e) => document.getElementById(e.id)).filter((h): h is HTMLElement => h !== null)
    if (headings.length === 0 || typeof IntersectionObserver !== 'function') return
    const update = () => {
      // A heading counts as passed once it is in the top quarter of the viewport.
      const line = window.innerHeight * 0.25
      let found: string | undefined
      for (const h of headings) {
        if (h.getBoundingClientRect().top <= line) found = h.id
        else break
      }
      setCurrent(found)
    }
    const observer = new IntersectionObserver(update, { rootMargin: '0px 0px -70% 0px' })
    for (const h of headings) observer.observe(h)
    window.addEventListener('hashchange', update)
    return () => {
      observer.disconnect()
      window.removeEventListener('hashchange', update)
    }
  }, [entries])
  return current
}

/** "On this page": links to the page's sections; a disclosure on narrow screens, a sticky column on wide ones. */
export function TableOfContents({ entries }: { entries: readonly TocEntry[] }) {
  const [expanded, setExpanded] = useState(false)
  const current = useCurrentSection(entries)
  return (
    <nav className="toc" aria-label="On this page" data-expanded={expanded ? 'true' : undefined}>
      <div className="toc-title">
        <button
          type="button"
          className="toc-toggle"
          aria-expanded={expanded}
          aria-controls="toc-list"
          onClick={() => setExpanded((e) => !e)}
        >
          On this page
        </button>
        <span className="toc-title-text">On this page</span>
      </div>
      <ul className="toc-list" id="toc-list">
        {entries.map((entry) => (
          <li key={entry.id} className={entry.level === 3 ? 'toc-item toc-sub' : 'toc-item'}>
            <a
              href={`#${entry.id}`}
              aria-current={entry.id === current ? 'location' : undefined}
              onClick={() => setExpanded(false)}
            >
              {entry.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

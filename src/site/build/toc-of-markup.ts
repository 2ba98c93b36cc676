// Prerender only (used by src/entry-server.tsx): the page's "On this page" list read from its server markup, so that
// the HTML holds the list the live page shows and nothing moves when it hydrates.
import { tocEntryOf, type TocEntry } from '../TableOfContents.tsx'
import { attributeOf, markupTokens } from './markup-tokens.ts'

const IGNORE = /\sdata-toc-ignore(?:=|\s|$)/

/** What `collectToc` reads from the page frame in the DOM, read from the app's markup instead. */
export function tocOfMarkup(html: string): TocEntry[] {
  const start = html.search(/<div class="page-frame"[\s>]/)
  if (start === -1) return []
  const out: TocEntry[] = []
  // The open elements, each with whether it or an ancestor keeps its headings out of the list.
  const stack: { tag: string; ignored: boolean }[] = []
  let heading: { tag: string; id: string; depth: number; text: string[]; ignored: boolean } | null = null
  for (const t of markupTokens(html, start)) {
    if (t.kind === 'text') {
      heading?.text.push(t.text)
    } else if (t.kind === 'open') {
      if (t.void) continue
      const ignored = (stack.at(-1)?.ignored ?? false) || IGNORE.test(t.attrs)
      stack.push({ tag: t.tag, ignored })
      if (heading !== null || (t.tag !== 'h2' && t.tag !== 'h3')) continue
      const id = attributeOf(t.attrs, 'id')
      if (id !== undefined) heading = { tag: t.tag, id, depth: stack.length, text: [], ignored }
    } else {
      let at = stack.length - 1
      while (at >= 0 && stack[at]?.tag !== t.tag) at--
      if (at === -1) continue
      stack.length = at
      if (heading !== null && stack.length < heading.depth) {
        const entry = tocEntryOf(heading.tag, heading.id, heading.text.join(''), heading.ignored)
        if (entry !== null) out.push(entry)
        heading = null
      }
      if (stack.length === 0) break
    }
  }
  return out
}

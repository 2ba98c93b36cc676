// Build-time only (used by scripts/prerender.ts): cuts a prerendered page into the sections the search index holds,
// one per h1/h2/h3, each with its heading, its anchor id and its text.
import type { SearchSection } from '../search/options.ts'
import { attributeOf, markupTokens } from './markup-tokens.ts'

/** Elements whose text is not reading text: code of the page, icons, controls, and the no-JavaScript notes. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'svg', 'button', 'template', 'select', 'textarea', 'nav'])
/** Hidden from readers, marked to skip, or a live widget (class `demo`): not indexed. */
const SKIP_ATTRIBUTES = /\saria-hidden="true"|\sdata-search-skip(?:=|\s|$)|\sclass="(?:[^"]*\s)?demo(?:\s[^"]*)?"/
const HEADINGS = new Set(['h1', 'h2', 'h3'])

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim()

/**
 * The sections of a page's markup (React's server output: well-formed, attributes in double quotes). Only the
 * first `<article>` is read; text inside elements marked `aria-hidden="true"` or `data-search-skip`, and inside the
 * live widgets (class `demo`), is left out.
 */
export function searchSections(html: string, page: { path: string; label: string }): SearchSection[] {
  const start = html.search(/<article[\s>]/)
  if (start === -1) return []
  const sections: SearchSection[] = []
  let current: { anchor: string; heading: string; text: string[]; defines: string[] } | null = null
  // Inside the first cell of a table row (or a <dt>): the names a section defines (its options, its methods),
  // indexed as a field of their own so that a search for `reapInterval` finds where it is defined.
  let inDefinition = 0
  let cell = 0
  let heading: { anchor: string; text: string[] } | null = null
  const stack: { tag: string; skip: boolean; definition: boolean }[] = []
  let skipping = 0
  const flush = () => {
    if (current === null) return
    const text = squash(current.text.join(' '))
    sections.push({
      id: current.anchor === '' ? page.path : `${page.path}#${current.anchor}`,
      path: page.path,
      anchor: current.anchor,
      page: page.label,
      heading: current.heading,
      text,
      defines: squash(current.defines.join(' ')),
    })
  }
  for (const t of markupTokens(html, start)) {
    if (t.kind === 'text') {
      if (skipping > 0) continue
      if (heading !== null) heading.text.push(t.text)
      else {
        current?.text.push(t.text)
        if (inDefinition > 0) current?.defines.push(t.text)
      }
      continue
    }
    const tag = t.tag
    if (t.kind === 'close') {
      // Pop up to the matching element (React's markup is balanced; this only guards against surprises).
      let at = stack.length - 1
      while (at >= 0 && stack[at]?.tag !== tag) at--
      if (at === -1) continue
      for (const popped of stack.splice(at)) {
        if (popped.skip) skipping--
        if (popped.definition) inDefinition--
      }
      if (HEADINGS.has(tag) && heading !== null && !stack.some((s) => HEADINGS.has(s.tag))) {
        flush()
        current = { anchor: heading.anchor, heading: squash(heading.text.join('')), text: [], defines: [] }
        heading = null
      }
      if (tag === 'article' && stack.every((s) => s.tag !== 'article')) break
      continue
    }
    if (t.void) {
      current?.text.push(' ')
      continue
    }
    const skip = SKIPPED.has(tag) || SKIP_ATTRIBUTES.test(t.attrs)
    if (tag === 'tr') cell = 0
    if (tag === 'td' || tag === 'th') cell++
    const definition = (tag === 'td' && cell === 1) || tag === 'dt'
    stack.push({ tag, skip, definition })
    if (skip) skipping++
    if (definition) inDefinition++
    // A heading with no id cannot be linked to (a widget's own heading): its text stays in the section it is in.
    const id = tag === 'h1' ? '' : attributeOf(t.attrs, 'id')
    if (skipping === 0 && HEADINGS.has(tag) && id !== undefined && heading === null) heading = { anchor: id, text: [] }
    else if (heading === null) current?.text.push(' ')
  }
  flush()
  const seen = new Set<string>()
  return sections.filter((s) => {
    if (s.heading === '' || seen.has(s.id)) return false
    seen.add(s.id)
    return true
  })
}

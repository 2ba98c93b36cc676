// The snippet under a search result: a window of the section's text around the first match, cut into plain and
// marked parts (the dialog renders the marked ones in <mark>).

export interface SnippetPart {
  text: string
  match: boolean
}

const BEFORE = 50
const LENGTH = 170

/** A snippet of `text` around the first of `terms` (lowercase, as the index stores them); marks every match in it. */
export function snippet(text: string, terms: readonly string[]): SnippetPart[] {
  const lower = text.toLowerCase()
  const wanted = terms.filter((t) => t !== '').map((t) => t.toLowerCase())
  let first = -1
  for (const term of wanted) {
    const at = lower.indexOf(term)
    if (at !== -1 && (first === -1 || at < first)) first = at
  }
  let start = first <= BEFORE ? 0 : first - BEFORE
  // Start on a word boundary.
  if (start > 0) {
    const space = text.indexOf(' ', start)
    if (space !== -1 && space < first) start = space + 1
  }
  const end = Math.min(text.length, start + LENGTH)
  const window = text.slice(start, end)
  const windowLower = lower.slice(start, end)
  const parts: SnippetPart[] = []
  let plainFrom = 0
  let i = 0
  while (i < window.length) {
    const term = wanted.find((t) => windowLower.startsWith(t, i))
    if (term === undefined) {
      i++
      continue
    }
    if (i > plainFrom) parts.push({ text: window.slice(plainFrom, i), match: false })
    parts.push({ text: window.slice(i, i + term.length), match: true })
    i += term.length
    plainFrom = i
  }
  if (plainFrom < window.length) parts.push({ text: window.slice(plainFrom), match: false })
  if (start > 0) parts.unshift({ text: '… ', match: false })
  if (end < text.length) parts.push({ text: ' …', match: false })
  return parts
}

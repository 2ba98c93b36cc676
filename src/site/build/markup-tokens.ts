// Build-time only: reads React's server markup (well-formed, attributes in double quotes) as a stream of tokens, for
// the prerender's search index and its "On this page" list.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/** One piece of markup: an opening tag (`void` when it has no closing one), a closing tag, or decoded text. */
export type MarkupToken =
  | { readonly kind: 'open'; readonly tag: string; readonly attrs: string; readonly void: boolean }
  | { readonly kind: 'close'; readonly tag: string }
  | { readonly kind: 'text'; readonly text: string }

/** Turns character references (`&amp;`, `&#39;`, `&#x2014;`) into the characters they stand for. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10))
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** The decoded value of an attribute in a tag's attribute text, or undefined when the tag has none of that name. */
export function attributeOf(attrs: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)
  return match?.[1] === undefined ? undefined : decodeEntities(match[1])
}

/** The tokens of `html` from character `from` on; comments are skipped, tag names lower-cased. */
export function* markupTokens(html: string, from = 0): Generator<MarkupToken> {
  const token = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:[^>"]|"[^"]*")*)>|[^<]+/g
  token.lastIndex = from
  for (let m = token.exec(html); m !== null; m = token.exec(html)) {
    const [whole, closing, rawTag, attrs = ''] = m
    if (whole.startsWith('<!--')) continue
    if (rawTag === undefined) yield { kind: 'text', text: decodeEntities(whole) }
    else if (closing === '/') yield { kind: 'close', tag: rawTag.toLowerCase() }
    else {
      const tag = rawTag.toLowerCase()
      yield { kind: 'open', tag, attrs, void: VOID.has(tag) || attrs.trimEnd().endsWith('/') }
    }
  }
}

// Build-time only (imported by vite.config.ts): gives section headings stable ids for deep links.
import GithubSlugger from 'github-slugger'

/** The few hast shapes this plugin reads; kept local so the build does not lean on transitive type packages. */
interface HastNode {
  type: string
  tagName?: string
  value?: string
  properties?: Record<string, unknown>
  children?: HastNode[]
}

const SECTION_HEADINGS = new Set(['h2', 'h3', 'h4'])
/** An MDX comment inside a heading that names its id: `## Title {/* #my-id *\/}`. */
const EXPLICIT_ID = /^\s*\/\*\s*#([A-Za-z][\w-]*)\s*\*\/\s*$/
/** A comment that means to name an id, well formed or not. */
const MEANT_AS_ID = /^\s*\/\*\s*#/

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? ''
  return (node.children ?? []).map(textOf).join('')
}

/** Removes a `{/* #id *\/}` comment from the heading and returns the id it names, if any. */
function takeExplicitId(heading: HastNode): string | undefined {
  const children = heading.children ?? []
  // A malformed one fails the build: ignored, it would leave the heading a slug that no link expects.
  const malformed = children.find((c) => c.type === 'mdxTextExpression' && MEANT_AS_ID.test(c.value ?? '') && !EXPLICIT_ID.test(c.value ?? ''))
  if (malformed !== undefined) {
    throw new Error(`heading "${textOf(heading).trim()}": the id comment {${(malformed.value ?? '').trim()}} must name one id that starts with a letter and holds only letters, digits, _ and -`)
  }
  const at = children.findIndex((c) => c.type === 'mdxTextExpression' && EXPLICIT_ID.test(c.value ?? ''))
  if (at === -1) return undefined
  const id = EXPLICIT_ID.exec(children[at]?.value ?? '')?.[1]
  children.splice(at, 1)
  // Drop the space that stood before the comment.
  const before = children[at - 1]
  if (before?.type === 'text' && before.value !== undefined) before.value = before.value.replace(/\s+$/, '')
  return id
}

/**
 * Gives every h2–h4 an id: the one named in a trailing `{/* #id *\/}` comment, else a GitHub-style slug of its
 * text (made unique within the page). The h1 gets none, so a section may share the page's title without
 * becoming `title-1`.
 */
export function rehypeHeadingIds() {
  return (tree: HastNode): void => {
    const slugger = new GithubSlugger()
    const headings: HastNode[] = []
    const walk = (node: HastNode): void => {
      if (node.type === 'element' && node.tagName !== undefined && SECTION_HEADINGS.has(node.tagName)) headings.push(node)
      for (const child of node.children ?? []) walk(child)
    }
    walk(tree)
    // Explicit ids first, so that generated slugs steer clear of them.
    const explicit = new Map<HastNode, string>()
    for (const h of headings) {
      const id = takeExplicitId(h)
      if (id !== undefined) {
        explicit.set(h, id)
        slugger.slug(id)
      }
    }
    for (const h of headings) {
      h.properties ??= {}
      if (typeof h.properties.id === 'string' && h.properties.id !== '') continue
      h.properties.id = explicit.get(h) ?? slugger.slug(textOf(h))
    }
  }
}

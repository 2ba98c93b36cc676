import { describe, expect, it } from 'vitest'
import { rehypeHeadingIds } from './rehype-heading-ids.ts'

type Node = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: Node[] }

/** A page of one h2 whose children are the given text and, if any, an MDX comment. */
function page(text: string, comment?: string): { root: Node; heading: Node } {
  const heading: Node = { type: 'element', tagName: 'h2', properties: {}, children: [{ type: 'text', value: text }] }
  if (comment !== undefined) heading.children!.push({ type: 'mdxTextExpression', value: comment })
  return { root: { type: 'root', children: [heading] }, heading }
}

describe('rehypeHeadingIds', () => {
  it('takes the id a heading names and drops the comment and the space before it', () => {
    const { root, heading } = page('2010 mode limits ', '/* #limits-of-2010-mode */')
    rehypeHeadingIds()(root)
    expect(heading.properties?.id).toBe('limits-of-2010-mode')
    expect(heading.children).toEqual([{ type: 'text', value: '2010 mode limits' }])
  })

  it('gives a heading without a comment a slug of its text', () => {
    const { root, heading } = page('What 2010 mode cannot bring back')
    rehypeHeadingIds()(root)
    expect(heading.properties?.id).toBe('what-2010-mode-cannot-bring-back')
  })

  it('fails the build on an id comment it cannot use, naming the heading, rather than falling back to a slug', () => {
    const { root } = page('2010 mode limits ', '/* #2010-mode-limits */')
    expect(() => rehypeHeadingIds()(root)).toThrow(/heading "2010 mode limits": the id comment .*#2010-mode-limits.* must name one id that starts with a letter/)
  })

  it('leaves other comments alone', () => {
    const { root, heading } = page('Plain', '/* a note for editors */')
    rehypeHeadingIds()(root)
    expect(heading.properties?.id).toBe('plain')
  })
})

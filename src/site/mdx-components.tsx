// What the MDX pages' Markdown turns into: headings with anchor links, code blocks with a copy button, tables
// that scroll sideways on a phone, links that stay inside the site, and the <Note> callout.
import { useEffect, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import type { MDXComponents } from 'mdx/types'
import { Link } from './router.tsx'
import { PageCards } from './PageCards.tsx'
import { CopyIcon, Note, ScrollTable } from '../components/index.ts'

type HeadingTag = 'h2' | 'h3' | 'h4'

/**
 * A section heading whose text links to itself: following the link puts the section in the address bar and copies
 * its full URL to the clipboard, announced in a status next to the heading.
 */
function sectionHeading(Tag: HeadingTag) {
  function Heading({ id, children, ...props }: ComponentPropsWithoutRef<HeadingTag>) {
    const [copied, setCopied] = useState(false)
    useEffect(() => {
      if (!copied) return
      const timer = setTimeout(() => setCopied(false), 2500)
      return () => clearTimeout(timer)
    }, [copied])
    if (id === undefined || id === '') return <Tag {...props}>{children}</Tag>
    return (
      <>
        <Tag id={id} {...props}>
          <a
            className="heading-anchor"
            href={`#${id}`}
            title="Link to this section (copies the address)"
            onClick={(event) => {
              if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
              const url = new URL(`#${id}`, location.href).href
              navigator.clipboard?.writeText(url).then(
                () => setCopied(true),
                () => undefined,
              )
            }}
          >
            {children}
            <span className="heading-hash" aria-hidden="true">
              {copied ? '✓' : '#'}
            </span>
          </a>
        </Tag>
        <span className="visually-hidden" role="status">
          {copied ? 'Link to this section copied' : ''}
        </span>
      </>
    )
  }
  Heading.displayName = `Section${Tag.toUpperCase()}`
  return Heading
}

/** Internal paths navigate without a reload; `#section` and other sites are ordinary links. */
function Anchor({ href = '', children, ...props }: ComponentPropsWithoutRef<'a'>) {
  if (href.startsWith('/') && !href.startsWith('//')) {
    return (
      <Link to={href} {...props}>
        {children}
      </Link>
    )
  }
  return (
    <a href={href} {...props}>
      {children}
    </a>
  )
}

const LANGUAGE_NAMES: Record<string, string> = {
  js: 'JavaScript',
  javascript: 'JavaScript',
  ts: 'TypeScript',
  typescript: 'TypeScript',
  json: 'JSON',
  http: 'HTTP',
  sh: 'Shell',
  shell: 'Shell',
  shellscript: 'Shell',
  bash: 'Shell',
}

type PreProps = ComponentPropsWithoutRef<'pre'> & { 'data-language'?: string }

/** A highlighted code block (colours come from the build) with its language and a copy button. */
function CodeBlock({ children, ...props }: PreProps) {
  const ref = useRef<HTMLPreElement>(null)
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle')
  useEffect(() => {
    if (copied === 'idle') return
    const timer = setTimeout(() => setCopied('idle'), 2000)
    return () => clearTimeout(timer)
  }, [copied])
  const lang = props['data-language']
  const label = lang === undefined ? 'Text' : (LANGUAGE_NAMES[lang] ?? lang)
  return (
    <div className="code-block">
      <div className="code-toolbar">
        <span className="code-lang">{label}</span>
        <button
          type="button"
          className="code-copy"
          onClick={() => {
            const text = ref.current?.textContent ?? ''
            navigator.clipboard.writeText(text).then(
              () => setCopied('done'),
              () => setCopied('failed'),
            )
          }}
        >
          <CopyIcon />
          <span>{copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}</span>
        </button>
        <span className="visually-hidden" role="status">
          {copied === 'done' ? 'Code copied to the clipboard' : copied === 'failed' ? 'Could not copy the code' : ''}
        </span>
      </div>
      <pre ref={ref} {...props}>
        {children}
      </pre>
    </div>
  )
}

function ChangePart({ kind, label, children }: { kind: string; label: string; children: ReactNode }) {
  return (
    <div className={`change-part change-${kind}`}>
      <span className="change-label">{label}</span>
      <div className="change-text">{children}</div>
    </div>
  )
}

/** "What changed" entries: what 2010 did, what we do, and why (see content/changes.mdx). */
export function Then({ children }: { children: ReactNode }) {
  return (
    <ChangePart kind="then" label="2010">
      {children}
    </ChangePart>
  )
}

export function Now({ children }: { children: ReactNode }) {
  return (
    <ChangePart kind="now" label="Now">
      {children}
    </ChangePart>
  )
}

export function Why({ children }: { children: ReactNode }) {
  return (
    <ChangePart kind="why" label="Why">
      {children}
    </ChangePart>
  )
}

/** The components every MDX page gets (through MDXProvider in main.tsx). */
export const mdxComponents: MDXComponents = {
  h2: sectionHeading('h2'),
  h3: sectionHeading('h3'),
  h4: sectionHeading('h4'),
  a: Anchor,
  pre: CodeBlock,
  table: ScrollTable,
  Note,
  Then,
  Now,
  Why,
  PageCards,
  Link,
}

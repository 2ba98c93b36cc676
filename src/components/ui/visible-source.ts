// Code that asks for consent must be readable in full at a glance: blank space must not push part of it out of view
// (3,000 spaces before a payload, a hundred blank lines), and no character may hide or reorder what is shown
// (zero-width and bidirectional controls, odd spaces). Those become visible marks; everything else is shown as is.
import { formatNumber } from './format.ts'

/** A piece of source as the consent prompt shows it: text as written, or a mark standing for what cannot be seen. */
export type SourcePiece = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'mark'; readonly label: string }

/** Runs of spaces and tabs longer than this become one mark (ordinary indentation stays as it is). */
export const LONGEST_SHOWN_SPACE = 8

/** More blank lines in a row than this become one mark. */
export const MOST_BLANK_LINES_SHOWN = 1

// Code points that render as nothing, as a plain space, or that reorder the text around them; plus control
// characters (tab and line feed excepted). Ranges, inclusive.
const HIDDEN: readonly (readonly [number, number])[] = [
  [0x00, 0x08], [0x0b, 0x1f], [0x7f, 0x9f], [0xa0, 0xa0], [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c],
  [0x115f, 0x1160], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200f], [0x2028, 0x202f], [0x205f, 0x206f],
  [0x3000, 0x3000], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0], [0xfff0, 0xfffb],
  [0xe0000, 0xe007f],
]

function isHidden(cp: number): boolean {
  return HIDDEN.some(([from, to]) => cp >= from && cp <= to)
}

const count = (n: number): string => formatNumber(n)

function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Splits source text into what the consent prompt shows: long blank runs and hidden characters as marks. */
export function visibleSource(source: string): SourcePiece[] {
  const pieces: SourcePiece[] = []
  let text = ''
  const mark = (label: string) => {
    if (text !== '') pieces.push({ kind: 'text', text })
    text = ''
    pieces.push({ kind: 'mark', label })
  }
  const blankRun = new RegExp(`[ \\t]{${LONGEST_SHOWN_SPACE + 1},}|\\n(?:[ \\t]*\\n){${MOST_BLANK_LINES_SHOWN + 1},}`, 'y')
  let at = 0
  let i = 0
  while (i < source.length) {
    blankRun.lastIndex = i
    const run = blankRun.exec(source)
    if (run !== null) {
      const found = run[0]
      text += source.slice(at, i)
      if (found.startsWith('\n')) {
        text += '\n'
        mark(`${count(found.split('\n').length - 2)} blank lines`)
        text += '\n'
      } else {
        mark(`${count(found.length)} ${found.includes('\t') ? 'spaces and tabs' : 'spaces'}`)
      }
      i += found.length
      at = i
      continue
    }
    const cp = source.codePointAt(i) ?? 0
    const width = cp > 0xffff ? 2 : 1
    if (isHidden(cp)) {
      text += source.slice(at, i)
      mark(codePoint(cp))
      at = i + width
    }
    i += width
  }
  text += source.slice(at)
  if (text !== '') pieces.push({ kind: 'text', text })
  return pieces
}

/** A one-line summary of the source's size, so a long payload cannot pass for a short one. */
export function sourceSize(source: string): string {
  const lines = source.split('\n').length
  return `${count(lines)} ${lines === 1 ? 'line' : 'lines'}, ${count(source.length)} characters`
}

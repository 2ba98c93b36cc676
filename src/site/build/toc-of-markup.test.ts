import { describe, expect, it } from 'vitest'
import { tocOfMarkup } from './toc-of-markup.ts'

// Shaped like the app's server markup: the sidebar's group headings carry ids too, outside the page frame.
const page = (content: string) =>
  `<div class="app"><nav id="site-nav"><h2 id="nav-group-learn">Learn</h2></nav><main><div class="page-frame"><article class="prose">${content}</article></div>` +
  `<nav class="pager"><h2 id="after">Not the page</h2></nav></main></div>`

describe('tocOfMarkup', () => {
  it('lists the h2 and h3 headings with an id inside the page frame, in order, their text decoded', () => {
    const html = page(
      '<h1>Session</h1><h2 id="options">Options <code>maxAge</code><a href="#options" aria-hidden="true">#</a></h2><p>x</p>' +
        '<h3 id="q">Why &amp; when<!-- --> it&#x27;s reaped</h3><h4 id="deep">Too deep</h4><h2>No id</h2>',
    )
    expect(tocOfMarkup(html)).toEqual([
      { id: 'options', text: 'Options maxAge', level: 2 },
      { id: 'q', text: "Why & when it's reaped", level: 3 },
    ])
  })

  it('leaves out headings inside a widget marked data-toc-ignore, and empty headings', () => {
    const html = page('<section class="demo" data-toc-ignore=""><div><h2 id="mini">Mini</h2></div><img src="a.png"/></section><h2 id="empty"> </h2><h2 id="kept">Kept</h2>')
    expect(tocOfMarkup(html)).toEqual([{ id: 'kept', text: 'Kept', level: 2 }])
  })

  it('is empty for markup without a page frame', () => {
    expect(tocOfMarkup('<div><h2 id="a">A</h2></div>')).toEqual([])
  })
})

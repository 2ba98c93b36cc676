// The one place the search index's shape is written down: the build (scripts/prerender.ts) indexes with these
// options and the search dialog loads the serialised index with the very same ones, as MiniSearch requires.
import type { Options, SearchOptions } from 'minisearch'

/** One section of one page, as the index stores it. */
export interface SearchSection {
  /** `/session#memorystore`-style unique id. */
  id: string
  /** The page's site path (ROUTES' form). */
  path: string
  /** The section's heading id ('' for the top of the page). */
  anchor: string
  /** The page's name (ROUTES' label). */
  page: string
  /** The section's heading text (the page's h1 for its top). */
  heading: string
  /** The section's text, tags stripped and whitespace collapsed. */
  text: string
  /** What the section defines: the first cells of its tables' rows and its <dt> terms (options, methods). */
  defines: string
}

export const INDEX_OPTIONS: Options<SearchSection> = {
  fields: ['heading', 'defines', 'text', 'page'],
  storeFields: ['path', 'anchor', 'page', 'heading', 'text'],
}

/** How queries run: prefix matches while typing, a little fuzziness for typos, headings weigh most. */
export const QUERY_OPTIONS: SearchOptions = {
  prefix: true,
  fuzzy: 0.15,
  combineWith: 'AND',
  boost: { heading: 3, defines: 3, page: 1.5 },
}

/** Where the build writes the index, relative to the site's base. */
export const INDEX_FILE = 'search-index.json'

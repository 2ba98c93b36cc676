import { compareTitles } from '../ui/format.ts'

// The samples the project made (scripts/make-har-samples.mjs), each fetched as text only when asked for.
const SAMPLE_FILES = import.meta.glob('../../../content/recordings/*.har', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>

const SAMPLE_TITLES: Readonly<Record<string, string>> = {
  'phone-between-networks': 'Phone between networks',
  'office-behind-nat': 'Office behind one NAT',
}

/** A HAR recording the project ships: its file name's stem, its title, and a loader for its text. */
export interface HarSample {
  readonly id: string
  readonly title: string
  readonly load: () => Promise<string>
}

/** The shipped HAR samples, by title. */
export const HAR_SAMPLES: readonly HarSample[] = Object.entries(SAMPLE_FILES)
  .map(([path, load]) => {
    const id = path.replace(/^.*\//, '').replace(/\.har$/, '')
    return { id, title: SAMPLE_TITLES[id] ?? id, load }
  })
  .sort((a, b) => compareTitles(a.title, b.title))

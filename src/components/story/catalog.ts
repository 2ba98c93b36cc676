// The stories there are: one per scenario file in content/scenarios, named by the file (`fixation` for
// fixation.json). The files are small, so the list carries them whole; a story checks its file when it starts.
import { compareTitles } from '../ui/format.ts'

const FILES = import.meta.glob('../../../content/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>

/** A scenario that can be played as a story. */
export interface StoryEntry {
  /** The file's name without `.json`: what `<Story scenario="…" />` and `/stories?story=…` name. */
  readonly id: string
  readonly title: string
  readonly description: string
  /** The scenario file as parsed JSON, not yet checked. */
  readonly json: unknown
}

// From the first request to the attacks and the failures: the list reads as a course.
const ORDER = [
  'persistence',
  'two-browsers',
  'logout',
  'user-agent-change',
  'phone-changes-ip',
  'stolen-cookie-blocked',
  'stolen-cookie-nat',
  'fixation',
  'fixation-regenerate',
  'idle-expiry-zombie',
  'reaping-many',
  'decoder-below-session',
  'store-outage',
  'lost-update',
]

/** Every story, in the order a reader would best meet them. */
export const STORIES: readonly StoryEntry[] = Object.entries(FILES)
  .map(([path, json]) => {
    const j = json as { title?: unknown; description?: unknown }
    return { id: path.replace(/^.*\//, '').replace(/\.json$/, ''), title: String(j.title ?? path), description: String(j.description ?? ''), json }
  })
  .sort((a, b) => order(a.id) - order(b.id) || compareTitles(a.title, b.title))

function order(id: string): number {
  const i = ORDER.indexOf(id)
  return i === -1 ? ORDER.length : i
}

/** The story of that id, or undefined. */
export function storyById(id: string): StoryEntry | undefined {
  return STORIES.find((s) => s.id === id)
}

/** The deep link of a story: the stories page with the story named in the query (a static host serves it). */
export function storyHref(id: string): string {
  return `/stories?story=${encodeURIComponent(id)}`
}

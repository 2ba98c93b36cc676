// Story mode: a scenario played one action at a time, and the page that lists every story.
export { Story, captionOf } from './Story.tsx'
export { StoryIndex, storyInQuery } from './StoryIndex.tsx'
export { STORIES, storyById, storyHref } from './catalog.ts'
export type { StoryEntry } from './catalog.ts'
export { describeAction } from './StoryParts.tsx'

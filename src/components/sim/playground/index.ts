// The playground page's parts; they share one simulation through <Playground>.
export { Playground, DEFAULT_BROWSERS } from './Playground.tsx'
export { Dashboard, ScenarioTool, TeachingSpeed, TEACHING } from './Dashboard.tsx'
export { PlaygroundBrowsers, AddBrowser, BurstControl, ScenarioPicker, SharePanel, ScenarioFiles, PRESETS, CRAWLER } from './parts.tsx'
export { SharingContext, useSharing } from './sharing.ts'
export type { Sharing } from './sharing.ts'

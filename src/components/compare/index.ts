// The compare view: one request stream through several configurations side by side. Only the page that places it
// imports it (the page is its own chunk), and uPlot is fetched later still, when its chart is first drawn.
export { default as CompareView } from './CompareView.tsx'
export type { ComparisonSharing } from './sharing.ts'

// The core simulation widgets: each works alone inside a <SimulationProvider> and can sit between MDX paragraphs.

export { ClockControls, SPEEDS, describeSpeed } from './ClockControls.tsx'
export { BrowserCard, describeAgent } from './BrowserCard.tsx'
export { StoreTable } from './StoreTable.tsx'
export { EventLog, SimAnnouncer, LOG_LIMIT } from './EventLog.tsx'
export { SettingsPanel } from './SettingsPanel.tsx'
export { BrowserGrid } from './BrowserGrid.tsx'
export { MiniSimulation } from './MiniSimulation.tsx'
export { describeExchange, describeReap, describeRecord, announcementFor } from './describe.ts'
export { ClusterPanel } from './ClusterPanel.tsx'

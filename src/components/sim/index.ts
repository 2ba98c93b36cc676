// The core simulation widgets: each works alone inside a <SimulationProvider> and can sit between MDX paragraphs.

export { ClockControls, SPEEDS, describeSpeed } from './ClockControls.tsx'
export { BrowserCard, DEMO_PATHS, methodFor, describeAgent } from './BrowserCard.tsx'
export { StoreTable } from './StoreTable.tsx'
export { EventLog, SimAnnouncer, LOG_LIMIT } from './EventLog.tsx'
export { SettingsPanel, FingerprintPicker, useWorldConfig, STRATEGY_LABELS, EXAMPLE_FINGERPRINT } from './SettingsPanel.tsx'
export { BrowserGrid } from './BrowserGrid.tsx'
export { MiniSimulation } from './MiniSimulation.tsx'
export { describeExchange, describeReap, describeRecord, announcementFor } from './describe.ts'
export { formatDuration, formatElapsed, formatInstant, formatClock, formatRelative, bestUnit } from './format.ts'
export { useAct } from './use-act.ts'

// Sharing the playground: its state in a link, and as a scenario file.
export { SHARE_VERSION, SHARE_PARAM, ShareError, captureShare, encodeShare, decodeShare, checkState, customSources, originOf, restoreWorld } from './codec.ts'
export type { SharedState, SharedAction, SharedConfig, SharedSettings, SharedFingerprint, Compile } from './codec.ts'
export { exportScenario } from './scenario-export.ts'
export type { ExportedScenario } from './scenario-export.ts'

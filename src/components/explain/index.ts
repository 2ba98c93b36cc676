// The explainer widgets of the session page: each reads one simulation's state and trace and shows what the library
// decided, never deciding anything itself.
export { Demo } from './Demo.tsx'
export { SimError } from './SimError.tsx'
export { sessionCookieOf } from './session-cookie.ts'
export { FingerprintExplainer } from './FingerprintExplainer.tsx'
export { LifetimeLanes, LifetimeControls } from './LifetimeLanes.tsx'
export { DecisionTrace, ExchangeDecisions } from './DecisionTrace.tsx'
export { PipelineView } from './PipelineView.tsx'
export { StoreMethodsPanel } from './StoreMethodsPanel.tsx'
export { SessionMethodsPanel } from './SessionMethodsPanel.tsx'

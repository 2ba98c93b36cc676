// The explainer widgets of the session page: each reads one simulation's state and trace and shows what the library
// decided, never deciding anything itself.
import './explain.css'
export { Demo } from './Demo.tsx'
export { DurationField, SimError, sessionCookieOf } from './controls.tsx'
export { FingerprintExplainer, FingerprintPicker } from './FingerprintExplainer.tsx'
export { LifetimeLanes, LifetimeControls } from './LifetimeLanes.tsx'
export { DecisionTrace } from './DecisionTrace.tsx'
export { PipelineView } from './PipelineView.tsx'
export { StoreMethodsPanel } from './StoreMethodsPanel.tsx'
export { SessionMethodsPanel } from './SessionMethodsPanel.tsx'

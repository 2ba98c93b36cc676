// The Inspector: one request or session looked at closely. `Inspector` takes plain data (reusable anywhere);
// `InspectorPanel` binds it to a simulation's `inspected` state.
export { Inspector } from './Inspector.tsx'
export type { InspectorProps } from './Inspector.tsx'
export { InspectorPanel } from './InspectorPanel.tsx'

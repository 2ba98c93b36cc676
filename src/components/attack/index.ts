// The attacker lab's widgets: each reads one demo's trace and words what the library and verdict.ts decided.
export { AttackVerdicts } from './AttackVerdicts.tsx'
export { FingerprintCompare } from './FingerprintCompare.tsx'
export { ConcatenationAmbiguity } from './ConcatenationAmbiguity.tsx'

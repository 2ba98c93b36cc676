// Not public: hooks the simulator (src/sim) needs to watch and drive the library cheaply. Names here may change
// without notice; applications import from index.ts only.
export { ADOPT } from './memory-store.ts'
export type { AdoptingStore } from './memory-store.ts'
export { SetEvent, CommitEvent, Emitter } from './events.ts'
export { reapThreshold } from './reap-rule.ts'

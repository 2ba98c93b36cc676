// Not public: hooks the simulator (src/sim) needs to watch and drive the library cheaply, and the option checks and
// copy rule it and the stores beside the library (src/stores) reuse. Names here may change without notice; applications import index.ts only.
export { ADOPT } from './memory-store.ts'
export type { AdoptingStore } from './memory-store.ts'
export { SetEvent, CommitEvent, Emitter } from './events.ts'
export { reapThreshold } from './reap-rule.ts'
export { checkMaxAge, checkReapInterval, checkExpiry, MAX_DATE_MS, assertKnownOptions } from './options.ts'
export { copyPlainData } from './plain-data.ts'
export { emptyRecord } from './empty-record.ts'
export { canonicalAddress } from './ip-address.ts'

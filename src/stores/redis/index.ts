// A Redis session store for Node, beside the library (never part of the site's bundle): sessions shared by every
// process behind a load balancer. See the README section "Sessions on more than one server".
export { RedisStore } from './redis-store.ts'
export type { RedisStoreOptions, RedisCommandClient } from './redis-store.ts'
export { StoredSessionError } from './codec.ts'

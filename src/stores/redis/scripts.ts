// The store's writes as Lua scripts: Redis runs each one whole or not at all, so a session's data and its place in
// the idle index can never disagree (no session is half-written, even if a process dies mid-request).
// KEYS[1] is the hash of sessions (field: store key, value: encoded data); KEYS[2] the sorted set of lastAccess.

/** ARGV: key, encoded data, lastAccess ('' when the data has no numeric lastAccess: never reaped, as in MemoryStore). */
export const SAVE = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
return 1`

/** ARGV: key. Returns 1 when a session was removed, 0 when there was none. */
export const REMOVE = `
local n = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return n`

/** Returns the number of sessions removed. */
export const CLEAR = `
local n = redis.call('HLEN', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return n`

/**
 * ARGV: threshold, batch size. Removes up to a batch of sessions whose lastAccess is strictly below the threshold
 * (the library's reap rule), oldest first and ties by key, and returns their keys.
 */
export const REAP_BATCH = `
local gone = redis.call('ZRANGE', KEYS[2], '-inf', '(' .. ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[2]))
if #gone > 0 then
  redis.call('HDEL', KEYS[1], unpack(gone))
  redis.call('ZREM', KEYS[2], unpack(gone))
end
return gone`

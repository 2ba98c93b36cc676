// The public entry of the session library: Connect 0.2.1's session middleware (July 2010) rewritten in TypeScript,
// with its 2010 bugs fixed. Everything an application or a store author needs is here; the simulator's hooks live
// in internal.ts, which is not public.

// The server stack and its handler types.
export { createServer } from './server.ts'
export type { App, ServerEvent, ServerOptions } from './server.ts'
export type { Request, Response, Next, Handler, ErrorHandler, OutgoingHeaders } from './http-types.ts'

// Cookies.
export { cookieDecoder } from './cookie-decoder.ts'
export type { CookieDecoderOptions } from './cookie-decoder.ts'
export { parseCookie, serializeCookie, decodeCookieValue } from './cookie.ts'
export type { CookieOptions } from './cookie.ts'
export type { CookieMap } from './http-types.ts'

// The session middleware and its sessions.
export { session } from './session.ts'
export type { SessionOptions, SessionMiddleware, Fingerprint } from './session.ts'
export { trustedProxy } from './trusted-proxy.ts'
export type { TrustProxy, ClientAddress } from './trusted-proxy.ts'
export { Session } from './session-class.ts'
export { COOKIE_NAME } from './commit.ts'
export { ID_BITS, ID_BYTES } from './genid.ts'
export type { SessionEvent, StoreEvent, ErrorStage, Listener, GenerateReason, FingerprintInputs } from './events.ts'
export { SessionDataError } from './plain-data.ts'
export type { PlainData } from './plain-data.ts'

// Stores, their defaults and when the reaper removes a session.
export { Store } from './store.ts'
export type { StoreOptions, Callback, DestroyCallback, GetCallback, SetCallback } from './store.ts'
export { MemoryStore } from './memory-store.ts'
export type { MemoryStoreOptions } from './memory-store.ts'
export { DEFAULT_MAX_AGE, DEFAULT_REAP_INTERVAL, DEFAULT_COOKIE } from './options.ts'
export { reapRemoves, idleDeadline } from './reap-rule.ts'

// Time and hashing.
export type { Clock, TimerHandle } from './clock.ts'
export { md5 } from './md5.ts'
export { defaultFingerprint } from './default-fingerprint.ts'

// 2010 mode: connect 0.2.1's bugs brought back on purpose, per quirk id or all at once with '2010'.
export { QUIRKS, QUIRK_IDS, QuirkError, resolveQuirks, quirksOf, uid2010 } from './quirks.ts'
export type { Quirk, QuirkPart, QuirksOption, QuirkSet } from './quirks.ts'
export { DESTROYED_SESSION_MESSAGE } from './commit-2010.ts'
export { md5Latin1 } from './md5.ts'

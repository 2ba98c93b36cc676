// Sharing the playground: a recording of its world packed into a link.
export { SHARE_VERSION, SHARE_PARAM, ShareError, encodeShare, decodeShare } from './codec.ts'

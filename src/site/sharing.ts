// The playground's sharing, provided by the site: recordings packed into `?state=` links by ./share.
import type { Sharing } from '../components/index.ts'
import { SHARE_PARAM, decodeShare, encodeShare } from './share/index.ts'

/** Sharing through `?state=` links. */
export const siteSharing: Sharing = {
  param: SHARE_PARAM,
  pack: encodeShare,
  unpack: decodeShare,
}

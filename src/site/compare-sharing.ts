// The compare view's sharing, provided by the site: comparisons packed into `?compare=` links by ./share.
import type { ComparisonSharing } from '../components/index.ts'
import { COMPARE_PARAM, decodeComparison, encodeComparison } from './share/comparison.ts'

/** Sharing comparisons through `?compare=` links. */
export const compareSharing: ComparisonSharing = {
  param: COMPARE_PARAM,
  pack: encodeComparison,
  unpack: decodeComparison,
}

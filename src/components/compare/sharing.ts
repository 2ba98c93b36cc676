import type { ComparisonData } from '../../sim/index.ts'

/**
 * What the compare view needs from the site to put a comparison in a link: the query parameter and the packing (as
 * the playground's Sharing does for a recording). The site decides how a comparison travels in a URL.
 */
export interface ComparisonSharing {
  /** The query parameter a shared link carries the comparison in. */
  readonly param: string
  /** Packs a comparison into a link's payload. */
  pack(data: ComparisonData): string
  /** Unpacks a link's payload; throws an Error whose message tells the reader what is wrong with the link. */
  unpack(payload: string): ComparisonData
}

// The packing of a comparison link: the comparison file (src/sim/comparison-file.ts) packed the way playground links
// are (`<version>.<checksum>.<lz-string>`, see ./codec.ts), so a reader can tell a newer link, a damaged one and a
// garbled one apart.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'
import { md5 } from '../../connect/index.ts'
import { COMPARISON_VERSION, DataError, comparisonFile, parseComparison, type ComparisonData } from '../../sim/index.ts'
import { ShareError } from './codec.ts'

/** The query parameter a comparison travels in. */
export const COMPARE_PARAM = 'compare'

function checksum(body: string): string {
  // Catches a link cut short or edited by hand; it is not a signature.
  return md5(body).slice(0, 12)
}

/** Packs a comparison into the text of the link's query parameter. */
export function encodeComparison(data: ComparisonData): string {
  const body = JSON.stringify(comparisonFile(data))
  return `${COMPARISON_VERSION}.${checksum(body)}.${compressToEncodedURIComponent(body)}`
}

/** Unpacks and checks a comparison link; throws a ShareError that says what is wrong in words for the reader. */
export function decodeComparison(text: string): ComparisonData {
  const match = /^(\d+)\.([0-9a-f]{12})\.([A-Za-z0-9+\-$]+)$/.exec(text.trim())
  if (match === null) throw new ShareError('This link does not hold a comparison: its compare parameter is malformed.')
  const version = Number(match[1])
  if (version !== COMPARISON_VERSION) throw new ShareError(`This link was made by version ${version} of the comparison format; this page reads version ${COMPARISON_VERSION}.`)
  const body = decompressFromEncodedURIComponent(match[3] as string)
  if (body === null || body === '') throw new ShareError('This link is damaged: its comparison could not be unpacked.')
  if (checksum(body) !== match[2]) throw new ShareError('This link was altered or cut short: its checksum does not match its contents.')
  try {
    return parseComparison(body)
  } catch (err) {
    if (err instanceof DataError) throw new ShareError(`This link's comparison is malformed: ${err.path} ${err.problem}.`)
    throw err
  }
}

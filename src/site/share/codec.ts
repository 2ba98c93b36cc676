// The packing of a playground link: a recording of the world (what it holds and how it is checked is the
// simulator's, src/sim/recording.ts) as `<version>.<checksum>.<lz-string>`, so a reader can tell a link from a newer
// release, a damaged link and a garbled one apart. A link carries data only: a custom fingerprint travels as source
// text, and turning that into a function is left to the caller, who must ask the reader first.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'
import { md5 } from '../../connect/index.ts'
import { DataError, parseRecording, type Recording } from '../../sim/index.ts'
import { migrateLinkV1 } from './link-v1.ts'

/** The format version this code writes (version 1 links are still read). */
export const SHARE_VERSION = 2

/** The query parameter the playground's state travels in. */
export const SHARE_PARAM = 'state'

/** A link that cannot be read; the message is meant for the reader. */
export class ShareError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShareError'
  }
}

/** Packs a recording into the text of the link's query parameter. */
export function encodeShare(recording: Recording): string {
  const body = JSON.stringify(recording)
  return `${SHARE_VERSION}.${checksum(body)}.${compressToEncodedURIComponent(body)}`
}

function checksum(body: string): string {
  // Catches a link cut short or edited by hand; it is not a signature (anyone can recompute it).
  return md5(body).slice(0, 12)
}

/** Unpacks and checks a link's recording; throws a ShareError that says what is wrong in words for the reader. */
export function decodeShare(text: string): Recording {
  const match = /^(\d+)\.([0-9a-f]{12})\.([A-Za-z0-9+\-$]+)$/.exec(text.trim())
  if (match === null) throw new ShareError('This link does not hold a playground state: its state parameter is malformed.')
  const version = Number(match[1])
  if (version !== SHARE_VERSION && version !== 1) {
    throw new ShareError(`This link was made by version ${version} of the playground's link format; this page reads versions 1 to ${SHARE_VERSION}.`)
  }
  const body = decompressFromEncodedURIComponent(match[3] as string)
  if (body === null || body === '') throw new ShareError('This link is damaged: its state could not be unpacked.')
  if (checksum(body) !== match[2]) throw new ShareError('This link was altered or cut short: its checksum does not match its contents.')
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    throw new ShareError('This link is damaged: its state is not valid JSON.')
  }
  try {
    return parseRecording(version === 1 ? migrateLinkV1(value) : value)
  } catch (err) {
    if (err instanceof DataError) throw new ShareError(`This link's state is malformed: ${err.path} ${err.problem}.`)
    throw err
  }
}

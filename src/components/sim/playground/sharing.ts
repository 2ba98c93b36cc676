import { createContext, useContext } from 'react'
import type { Recording } from '../../../sim/index.ts'

/**
 * What the playground needs from the site to put its state in a link: the query parameter and the packing. The
 * simulator captures and restores the world (a recording); the site decides how a recording travels in a URL, so
 * the packing can change without touching the playground (and widgets never import the shell).
 */
export interface Sharing {
  /** The query parameter a shared link carries its state in. */
  readonly param: string
  /** Packs a recording into a link's payload. */
  pack(recording: Recording): string
  /** Unpacks a link's payload; throws an Error whose message tells the reader what is wrong with the link. */
  unpack(payload: string): Recording
}

export const SharingContext = createContext<Sharing | null>(null)

/** The site's sharing, for the playground's parts; null where the page offers none. */
export function useSharing(): Sharing | null {
  return useContext(SharingContext)
}

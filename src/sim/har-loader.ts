// The HAR reader pulls in its validator (zod), so a page fetches it only when a reader imports a file.

/** Fetches the HAR reader on first use (the same module every time). */
export function loadHarReader(): Promise<typeof import('./har.ts')> {
  return import('./har.ts')
}

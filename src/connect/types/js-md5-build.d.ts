// js-md5 ships types for its package entry only; this is its pure-JS browser build, which has the same calls.
declare module 'js-md5/build/md5.mjs' {
  export const md5: {
    (message: string | Uint8Array): string
    /** The 16 digest bytes. */
    digest(message: string | Uint8Array): number[]
  }
}

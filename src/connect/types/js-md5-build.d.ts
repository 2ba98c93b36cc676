// js-md5 ships types for its package entry only; this is its pure-JS browser build, which has the same call.
declare module 'js-md5/build/md5.mjs' {
  export function md5(message: string | Uint8Array): string
}
